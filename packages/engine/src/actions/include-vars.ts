/**
 * ansible.builtin.include_vars (plugins/action/include_vars.py): variables from a file found
 * like any task file (the role's vars/, the task's directory, the playbook's), or from every
 * file of a directory (sorted walk, depth, files_matching, ignore_files, extensions). The
 * values land at include_vars precedence (below set_fact) for the host; the engine applies
 * `ansible_facts` of this action there. Files are read with the one vars-file reader, so
 * vault-encrypted files work here as in vars_files.
 */
import type { VaultLib } from '../vault/vault-lib.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { EngineAction, ActionContext } from './action.js';
import type { ModuleResult } from '../module-api.js';
import { readVarsFile } from '../exec/vars-files.js';
import { PlayError } from '../exec/errors.js';
import { reSearch } from '../template/ansible/regex/ops.js';
import { isDict } from '../values/py.js';
import { jsonDumps } from '../template/ansible/filters/py-json.js';

const DIR_ARGS = ['dir', 'depth', 'files_matching', 'ignore_files', 'extensions', 'ignore_unknown_extensions'];
const FILE_ARGS = ['file', '_raw_params'];
const ALL_ARGS = ['name', 'hash_behaviour'];
const VALID_EXTENSIONS = ['yaml', 'yml', 'json'];

class IncludeVarsError extends Error {}

/** The Python class name ansible's message shows: values from the file are YAML objects. */
function pyClass(v: unknown, fromFile: boolean): string {
  if (v === null || v === undefined) return 'NoneType';
  if (isDict(v)) return fromFile ? 'AnsibleMapping' : 'dict';
  if (Array.isArray(v)) return fromFile ? 'AnsibleSequence' : 'list';
  if (typeof v === 'string') return fromFile ? 'AnsibleUnicode' : 'str';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int' : 'float';
}

/** combine_vars(merge=True) = merge_hash: both sides must be dicts; nested dicts merge, the rest is replaced. */
function mergeHash(a: unknown, b: unknown): unknown {
  if (!isDict(a) || !isDict(b)) {
    throw new IncludeVarsError(`failed to combine variables, expected dicts but got a '${pyClass(a, false)}' and a '${pyClass(b, true)}': \n${jsonDumps(a ?? null)}\n${jsonDumps(b)}`);
  }
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out && isDict(out[k]) && isDict(v) ? mergeHash(out[k], v) : v;
  return out;
}

interface Loader {
  files: string[];
  validExtensions: string[];
  vault: VaultLib;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** _load_files: one file's mapping (empty file: {}), or the failure message. */
function loadFile(l: Loader, path: string, validateExt: boolean): { vars?: Record<string, unknown>; error?: string } {
  if (validateExt && !l.validExtensions.includes(extname(path).slice(1))) {
    return { error: `${path} does not have a valid extension: ${l.validExtensions.join(', ')}` };
  }
  try {
    const vars = readVarsFile(path, l.vault);
    l.files.push(path);
    return { vars };
  } catch (e) {
    if (e instanceof PlayError && /must contain a mapping/.test(e.message)) return { error: `${path} must be stored as a dictionary/hash` };
    throw e;
  }
}

/** os.walk sorted by directory, files sorted, cut at `depth` (0 = unlimited). */
function* walk(root: string, depth: number): Generator<[string, string[]]> {
  const dirs: string[] = [];
  const visit = (d: string) => {
    dirs.push(d);
    for (const e of readdirSync(d)) if (isDir(join(d, e))) visit(join(d, e));
  };
  visit(root);
  dirs.sort();
  for (const d of dirs) {
    const level = (relative(root, d) === '' ? 0 : relative(root, d).split('/').length) + 1;
    if (depth !== 0 && level > depth) continue;
    yield [d, readdirSync(d).filter((e) => !isDir(join(d, e))).sort()];
  }
}

function loadDir(l: Loader, args: Record<string, unknown>, ctx: ActionContext): { vars: Record<string, unknown>; error?: string } {
  let dir = String(args.dir);
  if (ctx.rolePath !== undefined) {
    if (dir.split('/')[0] === 'vars') {
      if (existsSync(join(ctx.rolePath, dir))) dir = join(ctx.rolePath, dir);
    } else dir = join(ctx.rolePath, 'vars', dir);
  } else if (ctx.taskDir !== undefined) dir = join(ctx.taskDir, dir);
  if (!existsSync(dir)) return { vars: {}, error: `${dir} directory does not exist` };
  if (!isDir(dir)) return { vars: {}, error: `${dir} is not a directory` };
  const depth = Number(args.depth ?? 0) || 0;
  const matching = args.files_matching ? String(args.files_matching) : undefined;
  let ignore: string[] = [];
  if (typeof args.ignore_files === 'string') ignore = args.ignore_files.split(/\s+/).filter(Boolean);
  else if (Array.isArray(args.ignore_files)) ignore = args.ignore_files.map(String);
  const ignored = (f: string) => ignore.some((p) => reSearch(`${p}$`, f) !== null);
  const vars: Record<string, unknown> = {};
  for (const [root, files] of walk(dir, depth)) {
    // A failure drops the whole directory's values (ansible merges a directory only when it loaded).
    const here: Record<string, unknown> = {};
    for (const f of files) {
      if (matching !== undefined && reSearch(matching, f) === null) continue;
      const path = join(root, f);
      if (ignored(f)) continue;
      if (args.ignore_unknown_extensions === true && !l.validExtensions.includes(extname(f).slice(1))) continue;
      const r = loadFile(l, path, true);
      if (r.error) return { vars, error: r.error };
      Object.assign(here, r.vars);
    }
    Object.assign(vars, here);
  }
  return { vars };
}

export const includeVarsAction: EngineAction = {
  name: 'ansible.builtin.include_vars',
  aliases: ['include_vars'],
  freeForm: true,
  args: {
    type: 'object',
    properties: {
      file: { type: 'string', description: 'A vars file, found in the role\'s vars/, beside the task file or the playbook.' },
      dir: { type: 'string', description: 'A directory whose files are all loaded (sorted).' },
      depth: { type: 'integer', default: 0, description: 'How deep into dir to go (0: no limit).' },
      files_matching: { type: 'string', description: 'Only files whose name this regular expression finds.' },
      ignore_files: { type: ['array', 'string'], description: 'Names (regular expressions, anchored at the end) to skip.' },
      extensions: { type: ['array', 'string'], default: VALID_EXTENSIONS, description: 'Valid file extensions in dir.' },
      ignore_unknown_extensions: { type: 'boolean', default: false, description: 'Skip files of other extensions instead of failing.' },
      name: { type: 'string', description: 'Put everything under this one variable.' },
      hash_behaviour: { type: 'string', enum: ['replace', 'merge'], description: 'merge: dicts merge with the variables already defined.' },
      _raw_params: { type: 'string' },
    },
  },
  openArgs: true,
  run(args, ctx): ModuleResult {
    try {
      return run(args, ctx);
    } catch (e) {
      if (e instanceof IncludeVarsError || e instanceof PlayError) return { failed: true, msg: e.message, _pgplay_bare: true };
      throw e;
    }
  },
};

function run(args: Record<string, unknown>, ctx: ActionContext): ModuleResult {
  let dirs = 0;
  let files = 0;
  for (const a of Object.keys(args)) {
    if (DIR_ARGS.includes(a)) dirs++;
    else if (FILE_ARGS.includes(a)) files++;
    else if (!ALL_ARGS.includes(a)) throw new IncludeVarsError(`${a} is not a valid option in include_vars`);
  }
  if (dirs && files) throw new IncludeVarsError('You are mixing file only and dir only arguments, these are incompatible');
  let valid: unknown = args.extensions ?? VALID_EXTENSIONS;
  if (typeof valid === 'string') valid = [...valid]; // list('yml') in Python: its characters
  if (!Array.isArray(valid)) throw new IncludeVarsError('Invalid type for "extensions" option, it must be a list');
  const l: Loader = { files: [], validExtensions: valid.map(String), vault: ctx.vault };
  let vars: Record<string, unknown> = {};
  let error: string | undefined;
  if (args.dir) {
    ({ vars, error } = loadDir(l, args, ctx));
  } else {
    let source = args.file ?? args._raw_params;
    if (typeof source === 'string') source = source.replace(/\n+$/, '');
    const found = ctx.findNeedle ? ctx.findNeedle('vars', String(source)) : { searched: [] };
    if ('searched' in found) {
      const searched = found.searched.length ? `\nSearched in:\n\t${found.searched.join('\n\t')}` : '';
      error = `Could not find or access '${String(source)}'${searched} on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`;
    } else {
      const r = loadFile(l, found.path, false);
      if (r.error) error = r.error;
      else vars = r.vars!;
    }
  }
  if (args.name) vars = { [String(args.name)]: vars };
  const result: ModuleResult = {};
  if (error !== undefined) {
    result.failed = true;
    result.message = error;
  } else if (args.hash_behaviour !== undefined && args.hash_behaviour !== null && args.hash_behaviour !== 'replace') {
    for (const [k, v] of Object.entries(vars)) vars[k] = mergeHash(ctx.vars.has(k) ? ctx.vars.get(k) : null, v);
  }
  result.ansible_included_var_files = l.files;
  result.ansible_facts = vars;
  result._ansible_no_log = false;
  return result;
}
