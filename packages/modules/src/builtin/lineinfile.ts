import { defineModule, ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { NO_ATTR_CHANGE } from './util/text-file-attrs.js';
import { readlines, lineinfilePresent, lineinfileAbsent, type LineinfileParams } from './util/lineinfile-edit.js';
import { probeFor, withAttrs, applyTextEdit, regexFailure, regexProblems, textFileProperties, presenceProperties, type TextEditArgs, type TextEditActions } from './util/text-edit-module.js';

interface LineinfileArgs extends TextEditArgs, LineinfileParams {
  state: 'present' | 'absent';
}

const EMPTY_WARNING = 'The %s is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.';

const warn = (w: string[]) => (w.length ? { warnings: w } : {});

/** ansible.builtin.lineinfile: one line present (optionally replacing a match) or absent. */
export default defineModule<LineinfileArgs, TextEditActions>({
  name: 'ansible.builtin.lineinfile',
  aliases: ['lineinfile'],
  doc: { short: 'Manage lines in text files', description: 'Ensures a line is in a file, or replaces a line matched by a regular expression (Python syntax), or removes lines.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      ...textFileProperties,
      ...presenceProperties('line'),
      regexp: { type: 'string', 'x-aliases': ['regex'], description: 'Python regular expression searched in every line; the last match is replaced (or removed).' },
      search_string: { type: 'string', description: 'A literal string searched in every line.' },
      line: { type: 'string', 'x-aliases': ['value'], description: 'The line to insert or replace with.' },
      insertafter: { type: 'string', description: 'Insert after the last line matching this regex, or `EOF`/`BOF`.' },
      insertbefore: { type: 'string', description: 'Insert before the last line matching this regex, or `BOF`.' },
      backrefs: { type: 'boolean', default: false, description: 'Expand `\\1`… from the regexp match in `line`; no match changes nothing.' },
      firstmatch: { type: 'boolean', default: false, description: 'Use the first match instead of the last.' },
      ...fileCommonProperties,
    },
    'x-mutually-exclusive': [['insertbefore', 'insertafter'], ['regexp', 'search_string'], ['backrefs', 'search_string']],
  },
  returns: {
    msg: { description: '"line added", "line replaced", "N line(s) removed" (and attribute changes)', type: 'str' },
    backup: { description: 'The backup file, or ""', type: 'str' },
    found: { description: 'Lines removed (state=absent)', type: 'int' },
  },
  capabilities: { check: 'full', diff: 'full' },
  staticCheck: (args, ctx) => regexProblems(args, ctx, ['regexp', 'regex', 'insertafter', 'insertbefore'], { a: true }),
  async plan(args, ctx) {
    const warnings = args.regexp === '' || args.search_string === ''
      ? [EMPTY_WARNING.replace('%s', args.regexp === '' ? 'regular expression' : 'search string') + (args.regexp === '' ? " If this is desired, use '^' to match every line in the file and avoid this warning." : '')]
      : [];
    const st = await probeFor(ctx, args);
    if (args.state === 'present') {
      if (args.backrefs && args.regexp == null) throw new ModuleFailure('regexp is required with backrefs=true');
      if (args.line == null) throw new ModuleFailure('line is required with state=present');
      if (st.kind === 'missing' && !args.create) throw new ModuleFailure(`Destination ${args.path} does not exist !`, { rc: 257 });
    } else {
      if (args.regexp == null && args.search_string == null && args.line == null) throw new ModuleFailure('one of line, search_string, or regexp is required with state=absent');
      if (st.kind === 'missing') return { changed: false, result: { changed: false, msg: 'file not present', ...warn(warnings) } };
    }
    const before = readlines(st.content);
    let edit;
    try {
      edit = args.state === 'present' ? lineinfilePresent(before, args) : lineinfileAbsent(before, args);
    } catch (e) {
      regexFailure(e);
    }
    const header = `${args.path} (content)`;
    const diff = { before: ctx.diff ? st.content : '', after: ctx.diff ? edit.lines.join('') : '', before_header: header, after_header: header };
    // In check mode a missing file ends the module before attributes are looked at.
    if (ctx.check && st.kind === 'missing') {
      const result: ModuleResult = { changed: edit.changed, msg: edit.msg, backup: '', diff, ...warn(warnings) };
      return { changed: edit.changed, result, actions: { state: st, attrs: NO_ATTR_CHANGE, backup: false, result, backupKey: 'backup' } };
    }
    const a = withAttrs(args, st, edit.changed, edit.msg, ctx.check);
    const result: ModuleResult = { changed: a.changed, ...(edit.found !== undefined ? { found: edit.found } : {}), msg: a.msg, backup: '', diff: [diff, a.attrDiff], ...warn(warnings) };
    const actions: TextEditActions = {
      state: st, attrs: a.attrs, ...(a.attrFailure ? { attrFailure: a.attrFailure } : {}), backup: !!args.backup, result, backupKey: 'backup',
      ...(edit.changed ? { content: edit.lines.join('') } : {}), ...(args.validate != null ? { validate: args.validate } : {}),
    };
    return { changed: a.changed, result, actions };
  },
  apply: applyTextEdit,
});
