/**
 * A role runs once per host unless it allows duplicates (strategy/linear.py's has_run check):
 * once a task of the role ran (ok, changed or failed, not skipped) for a host in one occurrence
 * of the role, the role's tasks in any later occurrence are left out for that host, silently.
 * Occurrences are the compiled role blocks, so tasks of the same occurrence never skip.
 */
import type { Block, RoleInstance, Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import { taskRole } from './role-vars.js';

const runs = new WeakMap<RunContext, WeakMap<RoleInstance, Map<string, Block>>>();

function ranIn(rc: RunContext, role: RoleInstance): Map<string, Block> {
  let byRole = runs.get(rc);
  if (!byRole) runs.set(rc, (byRole = new WeakMap()));
  let m = byRole.get(role);
  if (!m) byRole.set(role, (m = new Map()));
  return m;
}

/** True when `task` belongs to a role that already ran for `host` in another occurrence. */
export function roleAlreadyRan(rc: RunContext, task: Task, host: string): boolean {
  if (task.handler) return false;
  const tr = taskRole(task);
  if (!tr || tr.role.allowDuplicates) return false;
  const first = ranIn(rc, tr.role).get(host);
  return first !== undefined && first !== tr.block;
}

/** Records that a role task ran for a host (status not 'skipped'/'unreachable'). */
export function noteRoleTaskRan(rc: RunContext, task: Task, host: string, status: string): void {
  if (task.handler || status === 'skipped' || status === 'unreachable') return;
  const tr = taskRole(task);
  if (!tr) return;
  const m = ranIn(rc, tr.role);
  if (!m.has(host)) m.set(host, tr.block);
}

/** The banner name of a role's task: `role : name` (Task.get_name). */
export function roleTaskName(task: Task, name: string): string {
  const tr = taskRole(task);
  return tr ? `${tr.role.name} : ${name}` : name;
}
