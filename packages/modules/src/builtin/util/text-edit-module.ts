/**
 * The shape lineinfile and blockinfile share (their ansible sources end the same way): probe the
 * file, compute the new text, then write it (backup, validate, atomic) and apply owner/group/mode,
 * with the result `diff: [content diff, attribute diff]` and "… and ownership, perms or SE linux
 * context changed" appended to the message.
 */
import { sh, ModuleFailure, PyRegexError, pyCompile, type ModuleContext, type ModuleResult, type Plan, type StaticCheckContext, type StaticProblem, type PyFlags, type JSONSchema } from '@pgplay/engine/module-api';
import { probeTextFile, writeTextFile, backupTextFile, makeParents, readPathInfo, type TextFileState, type PathInfo } from './text-file.js';
import { planAttrs, applyAttrs, NO_ATTR_CHANGE, type AttrChange } from './text-file-attrs.js';
import type { FileArgs } from './fs-attributes.js';
import { expandUser, expandVars } from './expand.js';

export interface TextEditArgs extends FileArgs {
  path: string;
  backup?: boolean;
  validate?: string;
  create?: boolean;
}

export interface TextEditActions {
  state: TextFileState;
  /** New content when it changes. */
  content?: string;
  attrs: AttrChange;
  backup: boolean;
  validate?: string;
  result: ModuleResult;
  /** Result key for the backup path: lineinfile `backup`, blockinfile/replace `backup_file`. */
  backupKey: 'backup' | 'backup_file';
  /** An owner/group/mode failure ansible only meets after writing the content: apply writes, then fails. */
  attrFailure?: { msg: string; result: ModuleResult };
}

/** A failure whose result names `path` gets add_path_info's keys, as exit_json/fail_json add them. */
export function withPathInfo(e: ModuleFailure, info: PathInfo | undefined): ModuleFailure {
  return new ModuleFailure(e.message, { ...e.result, ...info });
}

/**
 * check_file_attrs runs after the content is written, so a bad owner/group/mode fails the task
 * with the new content already in place; it fails at once when there is no content to write.
 */
export function attrsOrDeferredFailure(args: FileArgs, st: TextFileState, contentChanged: boolean, check: boolean): { attrs: AttrChange; failure?: TextEditActions['attrFailure'] } {
  try {
    return { attrs: planAttrs(args, st) };
  } catch (e) {
    if (!(e instanceof ModuleFailure)) throw e;
    if (check || !contentChanged) throw withPathInfo(e, st.pathInfo);
    return { attrs: NO_ATTR_CHANGE, failure: { msg: e.message, result: e.result } };
  }
}

/** The options lineinfile, blockinfile and replace share (besides the file-common ones). */
export const textFileProperties: Record<string, JSONSchema> = {
  path: { type: 'string', 'x-type': 'path', 'x-aliases': ['dest', 'destfile', 'name'], description: 'The file to modify.' },
  backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the original.' },
  validate: { type: 'string', description: 'Command checking the new file before it is put in place; `%s` is its path.' },
};

/** `state` and `create` as lineinfile and blockinfile have them. */
export function presenceProperties(what: string): Record<string, JSONSchema> {
  return {
    state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: `Whether the ${what} should be there or not.` },
    create: { type: 'boolean', default: false, description: 'Create the file when it does not exist.' },
  };
}

export const ATTR_MSG = 'ownership, perms or SE linux context changed';

/** Regex problems fail the task with the regex error (ansible's module would crash with re.error). */
export function regexFailure(e: unknown): never {
  if (e instanceof PyRegexError) throw new ModuleFailure(e.message);
  throw e;
}

/** Regex options that are not templates are compiled before any host is touched. */
export function regexProblems(args: Record<string, unknown>, ctx: StaticCheckContext, options: string[], flags: Partial<PyFlags> = {}): StaticProblem[] {
  const out: StaticProblem[] = [];
  for (const o of options) {
    const v = args[o];
    if (typeof v !== 'string' || ctx.isTemplate(v) || v === 'BOF' || v === 'EOF') continue;
    try {
      pyCompile(v, flags);
    } catch (e) {
      if (!(e instanceof PyRegexError)) throw e;
      out.push({ option: o, at: 'value', message: `${o} is not a valid Python regular expression: ${e.message}` });
    }
  }
  return out;
}

/**
 * Options of type path are expanded on the target (os.path.expanduser(os.path.expandvars(…)) in
 * the module); that needs the target's environment, fetched only for paths with `~` or `$`.
 */
async function expandPath(ctx: ModuleContext, path: string): Promise<string> {
  if (!path.startsWith('~') && !path.includes('$')) return path;
  const r = await ctx.host.exec(sh`env -0`, { env: ctx.env });
  const env = Object.fromEntries(r.stdout.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return expandUser(expandVars(path, env), env['HOME']);
}

/** Probes the file (after expanding `path`, which the module's messages then use, as ansible's do). */
export async function probeFor(ctx: ModuleContext, args: TextEditArgs): Promise<TextFileState> {
  args.path = await expandPath(ctx, args.path);
  const st = await probeTextFile(ctx, args.path, { ...(args.owner ? { owner: args.owner } : {}), ...(args.group ? { group: args.group } : {}) });
  if (st.kind === 'directory') throw new ModuleFailure(`Path ${args.path} is a directory !`, { rc: 256 });
  return st;
}

/** check_file_attrs(): the attribute part of the plan, message and diff. */
export function withAttrs(args: TextEditArgs, st: TextFileState, changed: boolean, msg: string, check: boolean): { attrs: AttrChange; attrFailure?: TextEditActions['attrFailure']; changed: boolean; msg: string; attrDiff: Record<string, unknown> } {
  const { attrs, failure } = attrsOrDeferredFailure(args, st, changed, check);
  const attrDiff: Record<string, unknown> = {};
  if (attrs.changed) {
    if (Object.keys(attrs.before).length) Object.assign(attrDiff, { before: attrs.before, after: attrs.after });
    msg = changed ? `${msg} and ${ATTR_MSG}` : ATTR_MSG;
    changed = true;
  }
  Object.assign(attrDiff, { before_header: `${args.path} (file attributes)`, after_header: `${args.path} (file attributes)` });
  return { attrs, ...(failure ? { attrFailure: failure } : {}), changed, msg, attrDiff };
}

/** apply(): backup, write, attributes; the result with the backup path filled in. */
export async function applyTextEdit(plan: Plan<TextEditActions>, ctx: ModuleContext): Promise<ModuleResult> {
  const a = plan.actions!;
  const result: ModuleResult = { ...a.result };
  if (a.content !== undefined) {
    if (a.state.kind === 'missing') await makeParents(ctx, a.state.path, (dir, err) => `Error creating ${dir} (${err})`);
    if (a.backup && a.state.kind === 'file') result[a.backupKey] = await backupTextFile(ctx, a.state.path);
    // The attribute changes ride along with the write (set on the temp file before the rename).
    await writeTextFile(ctx, a.state, a.content, { ...(a.validate != null ? { validate: a.validate } : {}), attrs: a.attrs.write });
  } else await applyAttrs(ctx, a.state.path, a.attrs);
  if (a.attrFailure) throw withPathInfo(new ModuleFailure(a.attrFailure.msg, a.attrFailure.result), await readPathInfo(ctx, a.state.path));
  return result;
}
