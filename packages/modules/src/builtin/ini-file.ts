import { defineModule, ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { NO_ATTR_CHANGE } from './util/text-file-attrs.js';
import { iniEdit, iniReadlines, type SectionCondition, type IniParams } from './util/ini-file-edit.js';
import { readPathInfo } from './util/text-file.js';
import { probeFor, applyTextEdit, attrsOrDeferredFailure, regexFailure, type TextEditArgs, type TextEditActions } from './util/text-edit-module.js';

/** The arguments as given: `value`/`values` and the conditions' value/values are folded into lists in plan. */
interface IniArgs extends TextEditArgs, Omit<IniParams, 'values' | 'section_has_values'> {
  section_has_values?: Array<{ option: string; value?: string | null; values?: string[] | null }> | null;
  value?: string | null;
  values?: string[] | null;
  create: boolean;
  follow: boolean;
}

const NO_VALUE = "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.";

/** community.general.ini_file: one option (or a section) of an INI file, as collection 8.6.8 does it. */
export default defineModule<IniArgs, TextEditActions>({
  name: 'community.general.ini_file',
  aliases: ['ini_file'],
  doc: { short: 'Tweak settings in INI files' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', 'x-type': 'path', 'x-aliases': ['dest'], description: 'The INI file (created when missing unless create=false).' },
      section: { type: ['string', 'null'], description: 'Section name; null or empty means the options before the first section.' },
      section_has_values: {
        type: ['array', 'null'],
        description: 'Only a section whose options have these values matches (for repeated section names).',
        items: {
          type: 'object', additionalProperties: false, required: ['option'],
          properties: { option: { type: 'string' }, value: { type: ['string', 'null'] }, values: { type: ['array', 'null'], items: { type: 'string' } } },
          'x-mutually-exclusive': [['value', 'values']],
        },
      },
      option: { type: ['string', 'null'], description: 'The option; without it, state=absent removes the whole section.' },
      value: { type: ['string', 'null'], description: 'The option\'s value.' },
      values: { type: ['array', 'null'], items: { type: 'string' }, description: 'Several values: the option is repeated once per value.' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the original.' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the option (or section) should be there.' },
      exclusive: { type: 'boolean', default: true, description: 'Remove other occurrences of the option (present) / all of them (absent).' },
      no_extra_spaces: { type: 'boolean', default: false, description: 'Write `option=value` instead of `option = value`.' },
      ignore_spaces: { type: 'boolean', default: false, description: 'Do not change a line whose value only differs in spaces around `=`.' },
      allow_no_value: { type: 'boolean', default: false, description: 'Allow options without a value (a bare `option` line).' },
      modify_inactive_option: { type: 'boolean', default: true, description: 'Reuse a commented-out (`#`, `;`) occurrence of the option.' },
      create: { type: 'boolean', default: true, description: 'Create the file when it is missing.' },
      follow: { type: 'boolean', default: false, description: 'Write through a symlink instead of replacing it.' },
      ...fileCommonProperties,
    },
    'x-mutually-exclusive': [['value', 'values']],
  },
  returns: {
    msg: { description: '"OK", "option added", "option changed", "section removed", "section and option added", "only section added"', type: 'str' },
    path: { description: 'The file', type: 'str' },
    backup_file: { description: 'The backup file', returned: 'backup', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  async plan(args, ctx) {
    if (args.state === 'present' && !args.allow_no_value && args.value == null && !args.values?.length) throw new ModuleFailure(NO_VALUE);
    const values = args.value != null ? [args.value] : args.values ?? [];
    const conditions: SectionCondition[] | null = args.section_has_values?.map((c) => ({ option: c.option, values: c.value != null ? [c.value] : c.values ?? [] })) ?? null;
    const probed = await probeFor(ctx, args);
    // Without follow, the file (or the symlink) at `path` is replaced; with it, the link's target.
    const st = { ...probed, realPath: args.follow ? probed.realPath : args.path };
    if (st.kind === 'missing' && !args.create) throw new ModuleFailure(`Destination ${args.path} does not exist!`, { rc: 257 });
    const before = st.kind === 'file' ? iniReadlines(st.content) : [];
    let edit;
    try {
      edit = iniEdit(before, { ...args, values, section_has_values: conditions });
    } catch (e) {
      regexFailure(e);
    }
    const header = `${args.path} (content)`;
    const diff = { before: ctx.diff ? before.join('') : '', after: ctx.diff ? edit.lines.join('') : '', before_header: header, after_header: header };
    // Attributes are only looked at outside check mode, and change `changed` but not the message.
    const { attrs, failure } = ctx.check || (st.kind === 'missing' && !edit.changed) ? { attrs: NO_ATTR_CHANGE } : attrsOrDeferredFailure(args, st, edit.changed, false);
    const changed = edit.changed || attrs.changed;
    // exit_json adds add_path_info's keys because the result has `path`.
    const result: ModuleResult = { changed, diff, msg: edit.msg, path: args.path, ...probed.pathInfo };
    if (edit.changed && args.backup && !ctx.check && st.kind !== 'file') result.backup_file = '';
    const actions: TextEditActions = { state: st, attrs, ...(failure ? { attrFailure: failure } : {}), backup: !!args.backup, backupKey: 'backup_file', result, ...(edit.changed ? { content: edit.lines.join('') } : {}) };
    return { changed, result, actions };
  },
  async apply(plan, ctx) {
    const res = await applyTextEdit(plan, ctx);
    return { ...res, ...(await readPathInfo(ctx, plan.actions!.state.path)) };
  },
});
