/**
 * import_tasks and import_role, resolved while loading (helpers.load_list_of_tasks): the import
 * becomes a block whose keywords are the import task's (so `when`, `tags`, `vars`, `become` …
 * reach every imported task through inheritance), holding the file's tasks or the role's
 * compiled blocks. include_tasks and include_role stay tasks for the executor (dynamic), with
 * their options checked here the same way.
 */
import { readDataText } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Block, LoopSpec, RoleInstance, Task, TaskOrBlock } from './model.js';
import type { LoadEnv } from './load-env.js';
import { templateAtLoad } from './load-env.js';
import { INCLUDE_ACTIONS, INCLUDE_KEYWORDS, TASK_KEYWORDS } from './keywords.js';
import { checkKeywordValue } from './check-keyword.js';
import { copyPosition, loadYamlDocument, positionOf, valuePositionOf, type Pos } from './yaml-source.js';
import { parseKv } from './split-args.js';
import { loadTaskList, type TaskLoadContext } from './load-task.js';
import { compileRole, compileRoleHandlers, loadRole } from './load-role.js';
import { blockVars } from '../exec/inherit.js';
import { TemplateError } from '../template/errors.js';
import { isDict, pyStr } from '../values/py.js';

type IncludeAction = 'import_tasks' | 'include_tasks' | 'import_role' | 'include_role';

const TASKS_ARGS = new Set(['file', '_raw_params']);
const ROLE_ARGS = new Set(['name', 'role', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'apply', 'public', 'allow_duplicates', 'rolespec_validate']);

/** The include/import key of a task mapping, if it has one. */
export function includeKeyOf(ds: Record<string, unknown>): string | undefined {
  return Object.keys(ds).find((k) => Object.hasOwn(INCLUDE_ACTIONS, k));
}

function err(ctx: TaskLoadContext, pos: Pos, code: Parameters<TaskLoadContext['report']>[0]['code'], message: string, expected?: string): void {
  ctx.report({ code, severity: 'error', ...pos, message, ...(expected ? { expected } : {}) });
}

/** The role a block belongs to, and its dependency chain (nearest role block up the tree). */
export function enclosingRole(b: Block | undefined): { role: RoleInstance; depChain: RoleInstance[] } | undefined {
  for (let n: Block | undefined = b; n; n = n.parent.kind === 'block' ? n.parent : undefined) {
    if (n.role) return { role: n.role, depChain: n.depChain ?? [n.role] };
  }
  return undefined;
}

/** Task files this block was imported from, nearest first. */
function importDirs(b: Block | undefined): string[] {
  const out: string[] = [];
  for (let n: Block | undefined = b; n; n = n.parent.kind === 'block' ? n.parent : undefined) {
    if (n.importedBy?.file) out.push(dirname(n.importedBy.file));
    if (n.role) break;
  }
  return out;
}

/**
 * Where an import_tasks file is (helpers.py): beside the file that imports it, else in the
 * role's tasks/ (handlers/) directory, else relative to the playbook directory.
 */
export function resolveTaskFile(env: LoadEnv, target: string, from: Block | undefined, handler: boolean): string | undefined {
  if (isAbsolute(target)) return existsSync(target) ? target : undefined;
  const candidates = importDirs(from).map((d) => join(d, target));
  const r = enclosingRole(from);
  if (r) {
    const sub = handler ? 'handlers' : 'tasks';
    candidates.push(join(r.role.path, sub, target), join(r.role.path, target));
    candidates.push(join(env.basedir, sub, target));
  }
  candidates.push(resolve(env.basedir, target));
  return candidates.find((c) => existsSync(c));
}

/** The searched paths for the "not found" message. */
function searchedFor(env: LoadEnv, target: string, from: Block | undefined, handler: boolean): string[] {
  const r = enclosingRole(from);
  return [...importDirs(from).map((d) => join(d, target)), ...(r ? [join(r.role.path, handler ? 'handlers' : 'tasks', target)] : []), resolve(env.basedir, target)];
}

/** Options of the include/import as a mapping (free-form text is `_raw_params`). */
function includeArgs(ctx: TaskLoadContext, ds: Record<string, unknown>, key: string, pos: Pos): Record<string, unknown> | undefined {
  const thing = ds[key];
  const extra = isDict(ds.args) ? ds.args : {};
  if (thing === null || thing === undefined) return { ...extra };
  if (isDict(thing)) return { ...extra, ...thing };
  if (typeof thing === 'string' || typeof thing === 'number') {
    // import/include_tasks take free-form text (a file name); the role forms take only k=v.
    const kv = parseKv(String(thing), !key.endsWith('_role'));
    return { ...extra, ...kv };
  }
  err(ctx, pos, 'invalid-module-args', `unexpected parameter type in action: ${Array.isArray(thing) ? 'list' : typeof thing}`, 'a file name or a mapping of options');
  return undefined;
}

/** Keywords of an include/import task: only TaskInclude's are valid. */
function includeKeywords(ctx: TaskLoadContext, ds: Record<string, unknown>, key: string, action: IncludeAction, pos: Pos): Record<string, unknown> | undefined {
  const cls = action.endsWith('_role') ? 'IncludeRole' : ctx.handler ? 'HandlerTaskInclude' : 'TaskInclude';
  const keywords: Record<string, unknown> = {};
  let ok = true;
  for (const [k, v] of Object.entries(ds)) {
    if (k === key || k === 'args') continue;
    if (k.startsWith('with_') || k === 'loop') {
      keywords[k] = v;
      continue;
    }
    if (!Object.hasOwn(TASK_KEYWORDS, k) && !(ctx.handler && k === 'listen')) {
      // ModuleArgsParser takes an unknown key for a second module name.
      err(ctx, pos, 'conflicting-action', `conflicting action statements: ${key}, ${k}`, 'task keywords beside the import');
      ok = false;
      continue;
    }
    // Only the dynamic forms are held to TaskInclude's keywords (task_include.py).
    if (action.startsWith('include_') && !INCLUDE_KEYWORDS.has(k)) {
      err(ctx, positionOf(ds, k) ?? pos, 'unknown-keyword', `'${k}' is not a valid attribute for a ${cls}`, `one of ${[...INCLUDE_KEYWORDS].filter((x) => x !== 'action' && x !== 'loop_with').join(', ')}`);
      ok = false;
      continue;
    }
    checkKeywordValue(ctx.report, k, v, TASK_KEYWORDS[k] ?? { type: 'any' }, valuePositionOf(ds, k) ?? pos, 'Task');
    keywords[k] = v;
  }
  copyPosition(ds, keywords);
  return ok ? keywords : undefined;
}

/**
 * One include/import task mapping → what the play runs in its place: a block for the imports,
 * the include task itself for the dynamic forms, or nothing (an empty file, or an error reported).
 */
export function loadIncludeTask(ctx: TaskLoadContext, ds: Record<string, unknown>, key: string, parent: Block, pos: Pos): TaskOrBlock | undefined {
  const action = INCLUDE_ACTIONS[key]!;
  const keyPos = positionOf(ds, key) ?? pos;
  const argsPos = valuePositionOf(ds, key) ?? keyPos;
  const keywords = includeKeywords(ctx, ds, key, action, pos);
  const args = includeArgs(ctx, ds, key, argsPos);
  if (!keywords || !args) return undefined;
  const isRole = action.endsWith('_role');
  const valid = isRole ? ROLE_ARGS : action === 'include_tasks' ? new Set([...TASKS_ARGS, 'apply']) : TASKS_ARGS;
  const bad = Object.keys(args).filter((k) => !valid.has(k));
  if (isRole && action === 'import_role' && 'public' in args) bad.unshift('public');
  if (isRole && action === 'import_role' && isDict(args.apply) && Object.keys(args.apply).length > 0) bad.unshift('apply');
  if (bad.length) {
    err(ctx, argsPos, 'invalid-module-args', `Invalid options for ${action}: ${[...new Set(bad)].join(',')}`, `options of ${action}: ${[...valid].filter((v) => v !== '_raw_params' && !(action === 'import_role' && (v === 'public' || v === 'apply'))).join(', ')}`);
    return undefined;
  }
  if (action.startsWith('import_') && (keywords.loop !== undefined || Object.keys(keywords).some((k) => k.startsWith('with_')))) {
    const what = action === 'import_tasks' ? 'include_tasks' : 'include_role';
    err(ctx, positionOf(ds, 'loop' in ds ? 'loop' : Object.keys(ds).find((k) => k.startsWith('with_'))!) ?? pos, 'playbook-structure', `You cannot use loops on '${action}' statements. You should use '${what}' instead.`, `${what} to loop over a ${isRole ? 'role' : 'task file'}`);
    return undefined;
  }
  if (ctx.handler && isRole) {
    err(ctx, keyPos, 'playbook-structure', `Using '${key}' as a handler is not supported.`, 'a handler task');
    return undefined;
  }
  if (isRole) {
    const name = args.name ?? args.role;
    if (name === undefined || name === null) {
      err(ctx, keyPos, 'invalid-module-args', `'name' is a required field for ${action}.`, `${action}: {name: <role>}`);
      return undefined;
    }
    for (const k of ['tasks_from', 'vars_from', 'defaults_from', 'handlers_from']) {
      if (args[k] !== undefined && typeof args[k] !== 'string') {
        err(ctx, argsPos, 'invalid-module-args', `Expected a string for ${k} but got ${Array.isArray(args[k]) ? 'list' : typeof args[k]} instead`, 'a file name');
        return undefined;
      }
    }
    if (args.apply !== undefined && !isDict(args.apply)) {
      err(ctx, argsPos, 'invalid-module-args', `Expected a dict for apply but got ${typeof args.apply} instead`, 'a mapping of task keywords');
      return undefined;
    }
  } else {
    if (args._raw_params === undefined && args.file !== undefined) args._raw_params = args.file;
    delete args.file;
    if (args._raw_params === undefined || args._raw_params === null || args._raw_params === '') {
      err(ctx, keyPos, 'invalid-module-args', `No file specified for ${action}`, `${action}: <file>`);
      return undefined;
    }
  }
  if (action === 'import_tasks') return importTasks(ctx, keywords, args, parent, pos, argsPos);
  if (action === 'import_role') return importRole(ctx, keywords, args, parent, pos, argsPos);
  // Dynamic: the executor loads the file or role when the task runs (loadTaskFile, loadRole).
  // Its loop is the task's LoopSpec, as for any task (the executor loops over the include).
  const loopKey = Object.keys(keywords).find((k) => k === 'loop' || k.startsWith('with_'));
  const loop: LoopSpec | undefined = loopKey === undefined ? undefined
    : loopKey === 'loop' ? { kind: 'loop', value: keywords.loop, pos: positionOf(ds, 'loop') ?? pos }
    : { kind: 'with', lookup: loopKey.slice(5), value: keywords[loopKey], pos: positionOf(ds, loopKey) ?? pos };
  if (loopKey !== undefined) delete keywords[loopKey];
  const task: Task = {
    kind: 'task', action: key, resolved: `ansible.builtin.${action}`, args, keywords, pos, argsPos, parent,
    id: `${pos.file}:${pos.line}:${pos.column}`, ...(ctx.handler ? { handler: true } : {}), ...(loop ? { loop } : {}),
  };
  return task;
}

/** Variables an import's file name may use: play vars, enclosing blocks' and the import's vars, extra vars. */
function importVars(parent: Block, keywords: Record<string, unknown>): Record<string, unknown> {
  const probe = { kind: 'task', parent, keywords: {} } as unknown as Task;
  return Object.assign({}, ...blockVars(probe), isDict(keywords.vars) ? keywords.vars : {});
}

function templated(ctx: TaskLoadContext, env: LoadEnv, v: unknown, vars: Record<string, unknown>, pos: Pos, what: string): string | undefined {
  try {
    return pyStr(templateAtLoad(env, v, vars));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    err(ctx, pos, 'template-syntax', `Error when evaluating variable in import path: ${pyStr(v)}. When using static imports, ensure that any variables used in their names are defined in vars/vars_files or extra-vars passed in from the command line. Static imports cannot use variables from facts or inventory sources like group or host vars. (${e.message})`, `${what} using only play vars, the import's vars and extra vars`);
    return undefined;
  }
}

function importTasks(ctx: TaskLoadContext, keywords: Record<string, unknown>, args: Record<string, unknown>, parent: Block, pos: Pos, argsPos: Pos): Block | undefined {
  const env = ctx.env;
  if (!env) {
    err(ctx, pos, 'unsupported-feature', 'import_tasks is not available here', 'a playbook loaded with its directory');
    return undefined;
  }
  const target = templated(ctx, env, args._raw_params, importVars(parent, keywords), argsPos, 'a file name');
  if (target === undefined) return undefined;
  const file = resolveTaskFile(env, target, parent, ctx.handler === true);
  if (!file) {
    err(ctx, argsPos, 'file-not-found', `Could not find or access '${target}'. Searched in: ${searchedFor(env, target, parent, ctx.handler === true).join(', ')}`, 'a task file relative to the importing file, the role or the playbook directory');
    return undefined;
  }
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords, pos, implicit: true, parent, importedBy: { action: 'import_tasks', file, pos } };
  const loaded = loadTaskFileInto(ctx, file, block, argsPos);
  if (!loaded) return undefined;
  block.block = loaded;
  return block;
}

/**
 * Reads a task file into `parent` (its tasks and blocks become the parent's children). An empty
 * file gives no tasks (ansible warns); anything but a list is reported at `at`.
 */
export function loadTaskFileInto(ctx: TaskLoadContext, file: string, parent: Block, at: Pos): TaskOrBlock[] | undefined {
  const env = ctx.env;
  if (env && env.importing.includes(file)) {
    err(ctx, at, 'playbook-structure', `${file} imports itself (through ${env.importing.join(' → ')}): static imports cannot recurse`, 'include_tasks for recursion');
    return undefined;
  }
  let text: string;
  try {
    text = readDataText(file, env?.vault).text;
  } catch (e) {
    if (e instanceof VaultError) return err(ctx, at, 'vault', e.message, 'a vault secret (--vault-id, --vault-password-file) that decrypts the file'), undefined;
    err(ctx, at, 'file-not-found', `Could not read '${file}': ${(e as Error).message}`, 'a readable task file');
    return undefined;
  }
  const { value, diagnostics } = loadYamlDocument(text, file);
  diagnostics.forEach(ctx.report);
  if (diagnostics.some((d) => d.severity === 'error')) return undefined;
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    ctx.report({ code: 'playbook-structure', severity: 'warning', ...at, message: `file ${file} is empty and had no tasks to include` });
    return [];
  }
  if (!Array.isArray(value)) {
    err(ctx, positionOf(value) ?? { file, line: 1, column: 1 }, 'playbook-structure', 'included task files must contain a list of tasks', 'a YAML list of tasks');
    return undefined;
  }
  env?.importing.push(file);
  try {
    return loadTaskList({ ...ctx, file }, value, parent, positionOf(value) ?? { file, line: 1, column: 1 });
  } finally {
    env?.importing.pop();
  }
}

function importRole(ctx: TaskLoadContext, keywords: Record<string, unknown>, args: Record<string, unknown>, parent: Block, pos: Pos, argsPos: Pos): Block | undefined {
  const env = ctx.env;
  if (!env) {
    err(ctx, pos, 'unsupported-feature', 'import_role is not available here', 'a playbook loaded with its directory');
    return undefined;
  }
  const vars = importVars(parent, keywords);
  const name = templated(ctx, env, args.name ?? args.role, vars, argsPos, 'a role name');
  if (name === undefined) return undefined;
  const fromFiles: Record<string, string> = {};
  for (const k of ['tasks', 'vars', 'defaults', 'handlers']) {
    const v = args[`${k}_from`];
    if (v === undefined) continue;
    const t = templated(ctx, env, v, vars, argsPos, `${k}_from`);
    if (t === undefined) return undefined;
    fromFiles[k] = t;
  }
  const outer = enclosingRole(parent);
  const allow = args.allow_duplicates;
  const role = loadRole(ctx, env, name, argsPos, {
    ...(outer ? { parent: outer.role } : {}), fromFiles, fromInclude: true, static: true,
    vars: isDict(keywords.vars) ? keywords.vars : {},
    allowDuplicates: allow === undefined ? true : ['true', 'yes', 'on', '1', 't', 'y'].includes(String(allow).toLowerCase()),
    ...(args.rolespec_validate !== undefined ? { validate: ['true', 'yes', 'on', '1', 't', 'y'].includes(String(args.rolespec_validate).toLowerCase()) } : {}),
  });
  if (!role) return undefined;
  if (!env.playRoles.includes(role)) env.playRoles.push(role);
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords, pos, implicit: true, parent, importedBy: { action: 'import_role', pos } };
  block.block = [compileRole(ctx, role, block, outer?.depChain ?? [], {})];
  env.importedHandlers.push(...compileRoleHandlers({ ...ctx, handler: true }, role, block, outer?.depChain ?? []));
  return block;
}
