/**
 * A task's arguments for one host: module_defaults underneath, `args:`/inline options on top,
 * templated as ansible-core types them, `omit` placeholders removed (recursively).
 */
import type { Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import type { Runnable } from './registry.js';
import type { LayeredScope } from '../vars/layered-scope.js';
import type { TemplateOptions } from '../template/types.js';
import { templateValue } from '../template/index.js';
import { TemplateError } from '../template/errors.js';
import { gathered } from './inherit.js';
import { isDict } from '../values/py.js';
import { GATHER_DEFAULTS_FROM } from './gather-facts.js';

function removeOmit(v: unknown, omit: string): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== omit).map((x) => removeOmit(x, omit));
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== omit) out[k] = removeOmit(x, omit);
    return out;
  }
  return v;
}

/** module_defaults entries that apply to this action (by FQCN, as written, short name, group). */
function moduleDefaults(task: Task, runnable: Runnable, scope: LayeredScope, opts: TemplateOptions): Record<string, unknown> {
  const names = new Set([task.action, runnable.def.name, runnable.def.name.split('.').pop()!, ...(runnable.def.aliases ?? [])]);
  if (runnable.def.name === 'ansible.builtin.gather_facts') for (const n of GATHER_DEFAULTS_FROM) names.add(n);
  const groups = runnable.kind === 'module' ? runnable.def.groups ?? [] : [];
  const out: Record<string, unknown> = {};
  for (const entry of gathered(task, 'module_defaults')) {
    const d = templateValue(entry, scope, opts);
    if (!isDict(d)) continue;
    for (const [k, v] of Object.entries(d)) {
      const group = k.startsWith('group/') ? k.slice(6) : undefined;
      const applies = group ? groups.some((g) => g === group || g.endsWith(`.${group}`) || group.endsWith(`.${g}`)) : names.has(k);
      if (applies && isDict(v)) Object.assign(out, v);
    }
  }
  return out;
}

export function templateArgs(rc: RunContext, task: Task, runnable: Runnable, scope: LayeredScope, opts: TemplateOptions): Record<string, unknown> {
  const raw = runnable.kind === 'action' ? new Set(runnable.def.rawArgs ?? []) : new Set<string>();
  const { _variable_params: variable, ...own } = task.args;
  const args: Record<string, unknown> = { ...moduleDefaults(task, runnable, scope, opts) };
  if (typeof variable === 'string') {
    const v = templateValue(variable, scope, opts);
    if (!isDict(v)) throw new TemplateError('template-type', `Complex args must be a dictionary or variable string ("{{var}}"), the template gave: ${String(v)}`, opts.source);
    Object.assign(args, v);
  }
  for (const [k, v] of Object.entries(own)) args[k] = raw.has(k) ? v : templateValue(v, scope, opts);
  return removeOmit(args, rc.omit) as Record<string, unknown>;
}
