/**
 * The banner name of a task: its name templated with the first host's variables, undefined
 * parts left as written (the strategies template with fail_on_undefined=False), or the action
 * when unnamed.
 */
import type { Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import type { TaskInfo } from '../output/events.js';
import type { PlayVars } from './task-vars.js';
import { taskScope, templateOptions } from './task-vars.js';
import { templateValue } from '../template/index.js';
import { pyStr } from '../values/py.js';
import { TemplateError } from '../template/errors.js';
import { roleTaskName } from './role-runtime.js';
import type { Scope, TemplateOptions } from '../template/types.js';
import { markItemCopy } from '../output/task-identity.js';

/**
 * The task as a loop item's result names it: ansible runs each item on a copy of the task whose
 * post_validate templates the name with the item's variables (undefined: the name as written).
 * An item skipped by `when` returns before post_validate: the caller keeps the task's own info.
 */
export function itemTaskInfo(task: Task, info: TaskInfo, itemScope: Scope, rc: RunContext): TaskInfo {
  const raw = typeof task.keywords.name === 'string' && task.keywords.name.trim() !== '' ? task.keywords.name : undefined;
  if (!raw || !raw.includes('{')) return info;
  try {
    const name = roleTaskName(task, pyStr(templateValue(raw, itemScope, nameOptions(rc, task))).trim()).trim();
    if (name === info.name) return info;
    return markItemCopy({ ...info, name }, info);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return info;
  }
}

/** The task's filters, tests and lookups (Ansible's, not only Jinja2's), without warnings or a source position. */
function nameOptions(rc: RunContext, task: Task): TemplateOptions {
  const { warn: _w, source: _s, ...opts } = templateOptions(rc, task);
  return opts;
}

export function taskInfo(task: Task, rc?: RunContext, pv?: PlayVars, host?: string): TaskInfo {
  const raw = typeof task.keywords.name === 'string' && task.keywords.name.trim() !== '' ? task.keywords.name : undefined;
  // IncludeRole.get_name: an unnamed include_role is `include_role : <role>`.
  const roleName = task.resolved === 'ansible.builtin.include_role' ? task.args.name ?? task.args.role : undefined;
  let name = raw ?? (roleName !== undefined ? `${task.action} : ${pyStr(roleName)}` : task.action);
  if (raw && rc && pv && host && raw.includes('{')) {
    try {
      name = pyStr(templateValue(raw, taskScope(rc, pv, task, host), nameOptions(rc, task)));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
    }
  }
  return { name: roleTaskName(task, name.trim()).trim(), action: task.resolved, location: { ...task.pos }, ...(task.handler ? { handler: true } : {}) };
}
