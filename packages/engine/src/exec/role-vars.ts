/**
 * The variables roles contribute, as ansible-core's Role.get_default_vars / get_vars /
 * get_role_params combine them (hash_behaviour=replace: later keys win), and the role magic
 * variables of vars/manager.py. Values stay raw: the layered scope templates them when read.
 */
import type { Block, Play, RoleInstance, Task } from '../load/model.js';
import { allDependencies } from '../load/load-role.js';

type Vars = Record<string, unknown>;

// Without a dependency chain the result depends on the role alone: every task's scope asks again.
const plainDefaults = new WeakMap<RoleInstance, Vars>();
const plainExports = new WeakMap<RoleInstance, Vars>();

/** Role.get_default_vars(dep_chain): every dependency's defaults, the chain's parents', then its own. */
export function roleDefaults(role: RoleInstance, depChain: RoleInstance[] = []): Vars {
  if (depChain.length === 0) {
    let v = plainDefaults.get(role);
    if (!v) plainDefaults.set(role, (v = computeDefaults(role, [])));
    return v;
  }
  return computeDefaults(role, depChain);
}

function computeDefaults(role: RoleInstance, depChain: RoleInstance[]): Vars {
  let out: Vars = {};
  for (const dep of allDependencies(role)) out = { ...out, ...roleDefaults(dep) };
  for (const parent of depChain) out = { ...out, ...parent.defaults };
  return { ...out, ...role.defaults };
}

/**
 * Role.get_vars(dep_chain, include_params=False, only_exports): the chain's role vars (and their
 * `vars:` unless only exports), the dependencies' exported vars, the role's vars/, then its `vars:`.
 */
export function roleVars(role: RoleInstance, depChain: RoleInstance[] = [], onlyExports = false): Vars {
  if (depChain.length === 0 && onlyExports) {
    let v = plainExports.get(role);
    if (!v) plainExports.set(role, (v = computeVars(role, [], true)));
    return v;
  }
  return computeVars(role, depChain, onlyExports);
}

function computeVars(role: RoleInstance, depChain: RoleInstance[], onlyExports: boolean): Vars {
  let out: Vars = {};
  for (const parent of depChain) {
    if (!onlyExports) out = { ...out, ...parent.keywordVars };
    out = { ...out, ...parent.vars };
  }
  const seen = new Set<RoleInstance>();
  for (const dep of allDependencies(role)) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    out = { ...out, ...roleVars(dep, [], true) };
  }
  out = { ...out, ...role.vars };
  if (!onlyExports) out = { ...out, ...role.keywordVars };
  return out;
}

/** Role.get_role_params(dep_chain): the chain's parameters, then the role's own. */
export function roleParams(role: RoleInstance, depChain: RoleInstance[] = []): Vars {
  let out: Vars = {};
  for (const parent of depChain) out = { ...out, ...parent.params };
  return { ...out, ...role.params };
}

/** The role a task belongs to and the dependency chain it was reached by. */
export function taskRole(task: Task): { role: RoleInstance; depChain: RoleInstance[]; block: Block } | undefined {
  for (let n: Block | Play = task.parent; n.kind === 'block'; n = n.parent) {
    if (n.role) return { role: n.role, depChain: n.depChain ?? [n.role], block: n };
  }
  return undefined;
}

/** The role that imported the role a task belongs to (import_role inside a role's tasks). */
function parentRoles(task: Task): RoleInstance[] {
  const out: RoleInstance[] = [];
  let seenImport = false;
  for (let n: Block | Play = task.parent; n.kind === 'block'; n = n.parent) {
    if (n.importedBy?.action === 'import_role') seenImport = true;
    else if (n.role && seenImport) {
      out.push(n.role);
      seenImport = false;
    }
  }
  return out;
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Magic variables about roles: the play's role names, and for a role's task its name and path. */
export function roleMagic(play: Play, task?: Task): Vars {
  const roles = play.roles ?? [];
  const playNames = roles.map((r) => r.name);
  const depNames = uniq(roles.flatMap((r) => allDependencies(r).map((d) => d.name)));
  const out: Vars = {
    ansible_role_names: uniq([...depNames, ...playNames]),
    ansible_play_role_names: playNames,
    ansible_dependent_role_names: depNames,
    role_names: playNames,
  };
  const tr = task ? taskRole(task) : undefined;
  if (tr) {
    out.role_name = tr.role.name;
    out.role_path = tr.role.path;
    out.ansible_role_name = tr.role.name;
    out.ansible_collection_name = null;
  }
  return out;
}

/** include params of an import_role inside a role: the parent role's params and names. */
export function parentRoleParams(task: Task): Vars {
  const parents = parentRoles(task);
  if (parents.length === 0) return {};
  let out: Vars = {};
  for (const p of [...parents].reverse()) out = { ...out, ...p.params };
  return { ...out, ansible_parent_role_names: parents.map((p) => p.name), ansible_parent_role_paths: parents.map((p) => p.path) };
}
