import { defineModule, ModuleFailure, PyRegexError, pyCompile, type ModuleResult } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { probeFor, withAttrs, applyTextEdit, regexProblems, textFileProperties, type TextEditArgs, type TextEditActions } from './util/text-edit-module.js';

interface ReplaceArgs extends TextEditArgs {
  regexp: string;
  replace: string;
  after?: string;
  before?: string;
  encoding: string;
}

/** The part of the text between `after` and `before` (ansible's DOTALL section pattern). */
function section(contents: string, args: ReplaceArgs): { start: number; end: number; pattern: string } | null | undefined {
  const { after, before } = args;
  const pattern = after && before ? `${after}(?P<subsection>.*?)${before}` : after ? `${after}(?P<subsection>.*)` : before ? `(?P<subsection>.*)${before}` : '';
  if (!pattern) return undefined;
  const m = pyCompile(pattern, { s: true }).search(contents);
  return m ? { start: m.start('subsection'), end: m.end('subsection'), pattern } : { start: -1, end: -1, pattern };
}

/** ansible.builtin.replace: every match of a Python regex (MULTILINE) replaced, optionally between two markers. */
export default defineModule<ReplaceArgs, TextEditActions>({
  name: 'ansible.builtin.replace',
  aliases: ['replace'],
  doc: { short: 'Replace all instances of a particular string in a file using a back-referenced regular expression' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'regexp'],
    properties: {
      ...textFileProperties,
      regexp: { type: 'string', description: 'Python regular expression (MULTILINE) to look for.' },
      replace: { type: 'string', default: '', description: 'Replacement text; `\\1`, `\\g<name>` refer to groups.' },
      after: { type: 'string', description: 'Only replace after the first match of this regex (DOTALL).' },
      before: { type: 'string', description: 'Only replace before the last match of this regex (DOTALL).' },
      encoding: { type: 'string', default: 'utf-8', description: 'Encoding of the file (only UTF-8 is supported).' },
      ...fileCommonProperties,
    },
  },
  returns: {
    msg: { description: '"N replacements made" or ""', type: 'str' },
    backup_file: { description: 'The backup file', returned: 'changed and backup', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  staticCheck: (args, ctx) => regexProblems(args, ctx, ['regexp'], { m: true }),
  async plan(args, ctx) {
    if (!/^utf[-_]?8$/i.test(args.encoding)) throw new ModuleFailure(`encoding ${args.encoding} is not supported by pgplay yet (only utf-8)`);
    const st = await probeFor(ctx, args);
    if (st.kind !== 'file') throw new ModuleFailure(`Path ${args.path} does not exist !`, { rc: 257 });
    const contents = st.content;
    let out: string;
    let count: number;
    try {
      const sec = section(contents, args);
      if (sec && sec.start < 0) {
        return { changed: false, result: { rc: 0, msg: `Pattern for before/after params did not match the given file: ${sec.pattern}`, changed: false } };
      }
      const [start, end] = sec ? [sec.start, sec.end] : [0, contents.length];
      const part = contents.slice(start, end);
      const [replaced, n] = pyCompile(args.regexp, { m: true }).subn(args.replace, part);
      count = n;
      out = n > 0 && replaced !== part ? contents.slice(0, start) + replaced + contents.slice(end) : contents;
    } catch (e) {
      if (e instanceof PyRegexError) throw new ModuleFailure(`Unable to process replace due to error: ${e.message}`);
      throw e;
    }
    const changed = out !== contents;
    const result: ModuleResult = { rc: 0 };
    if (changed && ctx.diff) result.diff = { before_header: args.path, before: contents, after_header: args.path, after: out };
    const a = withAttrs(args, st, changed, changed ? `${count} replacements made` : '', ctx.check);
    Object.assign(result, { msg: a.msg, changed: a.changed });
    const actions: TextEditActions = {
      state: st, attrs: a.attrs, ...(a.attrFailure ? { attrFailure: a.attrFailure } : {}), backup: !!args.backup, backupKey: 'backup_file', result,
      ...(changed ? { content: out } : {}), ...(args.validate != null ? { validate: args.validate } : {}),
    };
    return { changed: a.changed, result, actions };
  },
  apply: applyTextEdit,
});
