import { defineModule, ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { NO_ATTR_CHANGE } from './util/text-file-attrs.js';
import { blockinfileEdit } from './util/blockinfile-edit.js';
import { probeFor, withAttrs, applyTextEdit, regexFailure, regexProblems, textFileProperties, presenceProperties, type TextEditArgs, type TextEditActions } from './util/text-edit-module.js';

interface BlockinfileArgs extends TextEditArgs {
  state: 'present' | 'absent';
  marker: string;
  block: string;
  insertafter?: string;
  insertbefore?: string;
  marker_begin: string;
  marker_end: string;
  append_newline?: boolean;
  prepend_newline?: boolean;
}

/** ansible.builtin.blockinfile: a block of lines between marker lines, inserted, updated or removed. */
export default defineModule<BlockinfileArgs, TextEditActions>({
  name: 'ansible.builtin.blockinfile',
  aliases: ['blockinfile'],
  doc: { short: 'Insert/update/remove a text block surrounded by marker lines' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      ...textFileProperties,
      ...presenceProperties('block'),
      marker: { type: 'string', default: '# {mark} ANSIBLE MANAGED BLOCK', description: 'Marker line template; `{mark}` becomes marker_begin/marker_end.' },
      block: { type: 'string', default: '', 'x-aliases': ['content'], description: 'The text between the markers (empty removes the block).' },
      insertafter: { type: 'string', description: 'Insert after the last line matching this regex, or `EOF`.' },
      insertbefore: { type: 'string', description: 'Insert before the last line matching this regex, or `BOF`.' },
      marker_begin: { type: 'string', default: 'BEGIN', description: 'Replaces `{mark}` in the opening marker.' },
      marker_end: { type: 'string', default: 'END', description: 'Replaces `{mark}` in the closing marker.' },
      append_newline: { type: 'boolean', default: false, description: 'Add a blank line after the block unless one follows.' },
      prepend_newline: { type: 'boolean', default: false, description: 'Add a blank line before the block unless one precedes.' },
      ...fileCommonProperties,
    },
    'x-mutually-exclusive': [['insertbefore', 'insertafter']],
  },
  returns: {
    msg: { description: '"Block inserted", "Block removed", "File created" or ""', type: 'str' },
    backup_file: { description: 'The backup file', returned: 'changed and backup', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  staticCheck: (args, ctx) => regexProblems(args, ctx, ['insertafter', 'insertbefore'], { a: true }),
  async plan(args, ctx) {
    const st = await probeFor(ctx, args);
    const exists = st.kind === 'file';
    if (!exists && !args.create) throw new ModuleFailure(`Path ${args.path} does not exist !`, { rc: 257 });
    const original = exists ? st.content : null;
    const header = `${args.path} (content)`;
    const present = args.state === 'present';
    if (!present && !exists) return { changed: false, result: { changed: false, msg: `File ${args.path} not present` } };
    let edit;
    try {
      edit = blockinfileEdit(original, { ...args, present });
    } catch (e) {
      regexFailure(e);
    }
    const diff = { before: ctx.diff && original ? original : '', after: ctx.diff ? edit.result : '', before_header: header, after_header: header };
    const changed = original !== edit.result;
    const msg = !changed ? '' : original === null ? 'File created' : !edit.hasBlock ? 'Block removed' : 'Block inserted';
    const common = { state: st, backup: !!args.backup, backupKey: 'backup_file' as const, ...(changed ? { content: edit.result } : {}), ...(args.validate != null ? { validate: args.validate } : {}) };
    if (ctx.check && !exists) {
      const result: ModuleResult = { changed, msg, diff };
      return { changed, result, actions: { ...common, attrs: NO_ATTR_CHANGE, result } };
    }
    const a = withAttrs(args, st, changed, msg, ctx.check);
    const result: ModuleResult = { changed: a.changed, msg: a.msg, diff: [diff, a.attrDiff] };
    return { changed: a.changed, result, actions: { ...common, attrs: a.attrs, ...(a.attrFailure ? { attrFailure: a.attrFailure } : {}), result } };
  },
  apply: applyTextEdit,
});
