/**
 * Roles as ansible-core 2.16 loads them (playbook/role/*.py): a `roles:` entry, a meta
 * dependency or an import_role/include_role → a RoleInstance (defaults, vars, metadata,
 * dependencies loaded recursively, task and handler files parsed), and compiling it into the
 * blocks a play runs: dependencies first, then the role's own tasks, all under one block that
 * carries the role's keywords and marks the tasks as the role's.
 */
import type { Block, RoleInstance } from './model.js';
import type { LoadEnv } from './load-env.js';
import { templateAtLoad } from './load-env.js';
import type { Pos } from './yaml-source.js';
import { positionOf, valuePositionOf } from './yaml-source.js';
import { ROLE_KEYWORDS } from './keywords.js';
import { checkKeywordValue } from './check-keyword.js';
import { canonicalRolePath, findRole, loadRoleYaml } from './role-files.js';
import { loadTaskList, type TaskLoadContext } from './load-task.js';
import type { DiagnosticSink } from '../validate/diagnostic.js';
import { TemplateError } from '../template/errors.js';
import { isDict, pyStr } from '../values/py.js';
import { loadArgumentSpecs, validationTask } from './role-argspec.js';
import { dirname } from 'node:path';

/** How a role is being loaded (ansible's Role.load arguments). */
export interface LoadRoleOptions {
  /** The role whose meta/main.yml names this one as a dependency. */
  parent?: RoleInstance;
  /** tasks_from / vars_from / defaults_from / handlers_from, as given (basenames are taken). */
  fromFiles?: Record<string, string>;
  /** Loaded by import_role/include_role. */
  fromInclude?: boolean;
  /** include_role's `public`; undefined = ansible's default (imports and roles: public, includes private). */
  public?: boolean;
  /** false for include_role (run time). */
  static?: boolean;
  /** `vars:` of the import_role/include_role task, added to the role's own `vars`. */
  vars?: Record<string, unknown>;
  /** Overrides meta's allow_duplicates (import_role/include_role's option, default true there). */
  allowDuplicates?: boolean;
  /** import_role/include_role's `rolespec_validate` (default true): insert the argument_specs check. */
  validate?: boolean;
}

/** The per-role data compiling needs but the model does not show: the raw task/handler lists. */
interface RoleSources {
  tasks?: { list: unknown; file: string };
  handlers?: { list: unknown; file: string };
  /** The keywords written on the role's entry (when, tags, become, …), vars excluded. */
  keywords: Record<string, unknown>;
  /** Problems in the task/handler files are reported by the first compile only. */
  tasksReported?: boolean;
  handlersReported?: boolean;
}
const sources = new WeakMap<RoleInstance, RoleSources>();

/** The keywords written on a role's entry (`roles:` item or meta dependency), vars excluded. */
export function roleKeywords(role: RoleInstance): Record<string, unknown> {
  return sources.get(role)?.keywords ?? {};
}

/** Python-dict equality for the cache key: key order does not matter. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (isDict(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

function err(report: DiagnosticSink, pos: Pos, code: Parameters<DiagnosticSink>[0]['code'], message: string, expected?: string): void {
  report({ code, severity: 'error', ...pos, message, ...(expected ? { expected } : {}) });
}

/** A role entry's name: the string itself, or `role:` (then `name:`) of a mapping. */
function roleNameOf(ds: unknown): unknown {
  if (typeof ds === 'number') return String(ds);
  if (typeof ds === 'string') return ds;
  if (isDict(ds)) return ds.role ?? ds.name;
  return undefined;
}

/**
 * Loads one role for the play being loaded. `ds` is the entry as written (a name, or a mapping
 * with `role:`/`name:`, keywords and parameters); `at` is where to report problems. Returns the
 * play's instance for an equal invocation when there is one (ansible's role cache), so a role
 * listed twice with the same parameters is one role that runs once per host.
 */
export function loadRole(ctx: TaskLoadContext, env: LoadEnv, ds: unknown, at: Pos, opts: LoadRoleOptions = {}): RoleInstance | undefined {
  const report = ctx.report;
  const pos = positionOf(ds) ?? at;
  if (!(typeof ds === 'string' || typeof ds === 'number' || isDict(ds))) {
    err(report, pos, 'playbook-structure', `Invalid role definition: ${pyStr(ds)}`, 'a role name or a mapping with role: <name>');
    return undefined;
  }
  let rawName = roleNameOf(ds);
  if (typeof rawName !== 'string' || rawName === '') {
    err(report, pos, 'playbook-structure', 'role definitions must contain a role name', 'role: <name> (or name: <name>)');
    return undefined;
  }
  if (typeof ds === 'string' && ds.includes(',')) {
    err(report, pos, 'playbook-structure', `Invalid old style role requirement: ${ds}`, 'one role name per entry');
    return undefined;
  }
  try {
    rawName = pyStr(templateAtLoad(env, rawName));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    err(report, isDict(ds) ? (valuePositionOf(ds, 'role' in ds ? 'role' : 'name') ?? pos) : pos, 'template-syntax', `the role name '${rawName}' could not be templated at load time: ${e.message}`, 'a role name using only play vars and extra vars');
    return undefined;
  }
  const name = rawName as string;
  const keywords: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  let keywordVars: Record<string, unknown> = {};
  if (isDict(ds)) {
    for (const [k, v] of Object.entries(ds)) {
      if (!Object.hasOwn(ROLE_KEYWORDS, k)) {
        params[k] = v;
        continue;
      }
      checkKeywordValue(report, k, v, ROLE_KEYWORDS[k]!, valuePositionOf(ds, k) ?? pos, 'RoleInclude');
      if (k === 'vars') keywordVars = isDict(v) ? { ...v } : {};
      else if (k !== 'role' && k !== 'name') keywords[k] = v;
    }
  }
  if (opts.vars) keywordVars = { ...keywordVars, ...opts.vars };
  const roleBasedir = opts.parent ? dirname(opts.parent.path) : undefined;
  const found = findRole(env, name, roleBasedir);
  if ('searched' in found) {
    // A dependency's search starts with the collections list (ansible.legacy for legacy roles).
    const searched = [...(opts.parent ? ['ansible.legacy'] : []), ...found.searched];
    err(report, isDict(ds) ? pos : at, 'role-not-found', `the role '${name}' was not found in ${searched.join(':')}`, 'a role directory under roles/ beside the playbook, in roles_path (ANSIBLE_ROLES_PATH) or given as a path');
    return undefined;
  }
  const path = canonicalRolePath(found.path);
  const fromFiles: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.fromFiles ?? {})) fromFiles[k] = v.split('/').pop()!;
  const key = stableJson({ name: found.name, path, params, when: keywords.when ?? [], tags: keywords.tags ?? [], fromFiles, vars: keywordVars, fromInclude: opts.fromInclude ?? false, validate: opts.validate ?? true });
  const cached = env.roleCache.get(key);
  if (cached) {
    if (opts.allowDuplicates !== undefined) cached.allowDuplicates = opts.allowDuplicates;
    return cached;
  }
  if (env.loading.includes(path)) {
    err(report, pos, 'playbook-structure', 'A recursion loop was detected with the roles specified. Make sure child roles do not have dependencies on parent roles', 'role dependencies without a cycle');
    return undefined;
  }
  const role: RoleInstance = {
    name: found.name, path: found.path, params, keywordVars, defaults: {}, vars: {}, deps: [],
    allowDuplicates: false, public: opts.public ?? (env.privateRoleVars !== undefined ? !env.privateRoleVars : opts.static !== false), fromInclude: opts.fromInclude ?? false,
    fromFiles, taskBlocks: [], handlerBlocks: [], key, pos,
  };
  const src: RoleSources = { keywords };
  sources.set(role, src);
  env.loading.push(path);
  try {
    if (!loadRoleData(ctx, env, role, src, pos, opts.validate ?? true)) return undefined;
  } finally {
    env.loading.pop();
  }
  if (opts.allowDuplicates !== undefined) role.allowDuplicates = opts.allowDuplicates;
  env.roleCache.set(key, role);
  return role;
}

function loadRoleData(ctx: TaskLoadContext, env: LoadEnv, role: RoleInstance, src: RoleSources, at: Pos, validate: boolean): boolean {
  const report = ctx.report;
  const dict = (subdir: 'vars' | 'defaults'): Record<string, unknown> | undefined => {
    const y = loadRoleYaml(role.name, role.path, subdir, role.fromFiles[subdir], true, report, at, env.vault);
    if (!y) return undefined;
    if (y.data === null) return {};
    if (!isDict(y.data)) {
      err(report, positionOf(y.data) ?? { file: y.files[0]!, line: 1, column: 1 }, 'playbook-structure', `The ${subdir}/main.yml file for role '${role.name}' must contain a dictionary of variables`, 'a YAML mapping of variable names to values');
      return undefined;
    }
    return y.data;
  };
  const vars = dict('vars');
  const defaults = dict('defaults');
  if (!vars || !defaults) return false;
  role.vars = vars;
  role.defaults = defaults;
  const meta = loadRoleYaml(role.name, role.path, 'meta', undefined, false, report, at, env.vault);
  if (!meta) return false;
  if (meta.data !== null) {
    if (!loadMeta(ctx, env, role, meta.data, meta.files[0]!, at)) return false;
  }
  const argspecs = loadArgumentSpecs(role, meta.data, report, at, env.vault);
  if (!argspecs) return false;
  for (const subdir of ['tasks', 'handlers'] as const) {
    const y = loadRoleYaml(role.name, role.path, subdir, role.fromFiles[subdir], false, report, at, env.vault);
    if (!y) return false;
    if (y.data === null) continue;
    if (!Array.isArray(y.data)) {
      err(report, positionOf(y.data) ?? { file: y.files[0]!, line: 1, column: 1 }, 'playbook-structure', `The ${subdir}/main.yml file for role '${role.name}' must contain a list of tasks`, 'a YAML list of tasks');
      return false;
    }
    src[subdir] = { list: y.data, file: y.files[0]! };
  }
  // Role._prepend_validation_task: the entry point's spec becomes the role's first task.
  const entrypoint = role.fromFiles.tasks ?? 'main';
  const spec = validate ? argspecs.specs[entrypoint] : undefined;
  if (spec && (!isDict(spec) || Object.keys(spec).length)) {
    const task = validationTask(role, spec, entrypoint);
    src.tasks = src.tasks ? { list: [task, ...(src.tasks.list as unknown[])], file: src.tasks.file } : { list: [task], file: argspecs.file };
  }
  return true;
}

const META_KEYS = new Set(['allow_duplicates', 'dependencies', 'galaxy_info', 'argument_specs', 'collections', 'name']);

function loadMeta(ctx: TaskLoadContext, env: LoadEnv, role: RoleInstance, data: unknown, file: string, at: Pos): boolean {
  const report = ctx.report;
  const pos = positionOf(data) ?? { file, line: 1, column: 1 };
  if (!isDict(data)) {
    err(report, pos, 'playbook-structure', `the 'meta/main.yml' for role ${role.name} is not a dictionary`, 'a mapping with dependencies, allow_duplicates, galaxy_info');
    return false;
  }
  let ok = true;
  for (const k of Object.keys(data)) {
    if (!META_KEYS.has(k) && !Object.hasOwn(ROLE_KEYWORDS, k)) {
      err(report, positionOf(data, k) ?? pos, 'unknown-keyword', `'${k}' is not a valid attribute for a RoleMetadata`, 'dependencies, allow_duplicates, galaxy_info, argument_specs, collections');
      ok = false;
    }
  }
  if (data.allow_duplicates !== undefined) {
    checkKeywordValue(report, 'allow_duplicates', data.allow_duplicates, { type: 'bool' }, valuePositionOf(data, 'allow_duplicates') ?? pos, 'RoleMetadata');
    role.allowDuplicates = ['true', 'yes', 'on', '1', 't', 'y'].includes(String(data.allow_duplicates).toLowerCase());
  }
  const deps = data.dependencies;
  if (deps === undefined || deps === null) return ok;
  if (!Array.isArray(deps)) {
    err(report, valuePositionOf(data, 'dependencies') ?? pos, 'playbook-structure', 'Expected role dependencies to be a list.', 'a list of role names or mappings with role: <name>');
    return false;
  }
  deps.forEach((d, i) => {
    const dpos = valuePositionOf(deps, i) ?? pos;
    if (isDict(d) && !('role' in d) && !('name' in d)) {
      err(report, dpos, 'unsupported-feature', 'role dependencies given as a galaxy requirement (src:) are not supported by pgplay', 'role: <name>');
      ok = false;
      return;
    }
    const dep = loadRole(ctx, env, d, dpos, { parent: role, static: true });
    if (dep) role.deps.push(dep);
    else ok = false;
  });
  return ok;
}

/** One role file's task list as an implicit block (ansible's load_list_of_blocks of that file). */
function roleFileBlock(ctx: TaskLoadContext, list: unknown, parent: Block, file: string): Block {
  const pos = positionOf(list) ?? { file, line: 1, column: 1 };
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos, implicit: true, parent };
  block.block = loadTaskList(ctx, list, block, pos);
  return block;
}

/** A sink that drops problems: compiling re-reads files that loading already reported on. */
const quiet: DiagnosticSink = () => undefined;

/**
 * Role.compile: the blocks one occurrence of the role runs, as a single block whose `role` is
 * set and whose keywords are `keywords` (the role entry's, or none under import_role, where the
 * import's block carries them). Dependencies come first, each under its own such block, so a
 * dependency's tasks inherit the parent role's when/tags/become as through ansible's dep chain.
 */
export function compileRole(ctx: TaskLoadContext, role: RoleInstance, parent: Block, depChain: RoleInstance[] = [], keywords: Record<string, unknown> = roleKeywords(role)): Block {
  const chain = [...depChain, role];
  const wrapper: Block = { kind: 'block', block: [], rescue: [], always: [], keywords, pos: role.pos, implicit: true, parent, role, depChain: chain };
  for (const dep of role.deps) wrapper.block.push(compileRole(ctx, dep, wrapper, chain));
  const src = sources.get(role);
  if (src?.tasks) {
    const report = src.tasksReported ? quiet : ctx.report;
    const b = roleFileBlock({ ...ctx, report, file: src.tasks.file, handler: false, role }, src.tasks.list, wrapper, src.tasks.file);
    if (!src.tasksReported) role.taskBlocks = [b];
    src.tasksReported = true;
    wrapper.block.push(b);
  }
  return wrapper;
}

/**
 * Role.get_handler_blocks: the dependencies' handlers, then the role's own, each under a block
 * marking the role (so a handler's banner reads `role : name` and it sees the role's vars).
 */
export function compileRoleHandlers(ctx: TaskLoadContext, role: RoleInstance, parent: Block, depChain: RoleInstance[] = []): Block[] {
  const chain = [...depChain, role];
  const out: Block[] = [];
  for (const dep of role.deps) out.push(...compileRoleHandlers(ctx, dep, parent, chain));
  const src = sources.get(role);
  if (src?.handlers) {
    const wrapper: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: roleKeywords(role), pos: role.pos, implicit: true, parent, role, depChain: chain };
    const report = src.handlersReported ? quiet : ctx.report;
    const b = roleFileBlock({ ...ctx, report, file: src.handlers.file, handler: true, role }, src.handlers.list, wrapper, src.handlers.file);
    if (!src.handlersReported) role.handlerBlocks = [b];
    src.handlersReported = true;
    wrapper.block.push(b);
    out.push(wrapper);
  }
  return out;
}

/** Every role a role pulls in (Role.get_all_dependencies: depth first, each dependency after its own). */
export function allDependencies(role: RoleInstance): RoleInstance[] {
  const out: RoleInstance[] = [];
  for (const d of role.deps) out.push(...allDependencies(d), d);
  return out;
}

