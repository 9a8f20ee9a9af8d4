/**
 * `meta:` tasks, run by the strategy itself as ansible-core's _execute_meta does: a task banner
 * per host run, no result line unless the condition skipped it, no recap counts. Most actions
 * run once for the whole play; noop, end_host, reset_connection and flush_handlers per host.
 */
import type { Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import type { PlayVars } from './task-vars.js';
import { taskScope, templateOptions } from './task-vars.js';
import type { TaskInfo } from '../output/events.js';
import { evaluateConditions } from './conditional.js';
import { gathered } from './inherit.js';
import { PlayError } from './errors.js';
import { clearHostFacts } from './host-state.js';

const PER_HOST = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers']);
const IGNORES_WHEN = new Set(['noop', 'refresh_inventory', 'reset_connection']);

const SKIP_TAIL: Record<string, (h: string) => string> = {
  flush_handlers: (h) => `, not running handlers for ${h}`,
  clear_facts: (h) => `, not clearing facts and fact cache for ${h}`,
  clear_host_errors: (h) => `, not clearing host error state for ${h}`,
  end_batch: () => ', continuing current batch',
  end_play: () => ', continuing play',
  end_host: (h) => `, continuing execution for ${h}`,
};

function apply(rc: RunContext, pv: PlayVars, op: string, host: string): void {
  if (op === 'end_play' || op === 'end_batch') {
    for (const h of pv.hosts) if (!rc.hosts.get(h).unreachable) rc.hosts.get(h).ended = true;
  } else if (op === 'end_host') rc.hosts.get(host).ended = true;
  else if (op === 'clear_host_errors') {
    for (const h of pv.hosts) Object.assign(rc.hosts.get(h), { failed: false, unreachable: false });
  } else if (op === 'clear_facts') {
    for (const h of pv.hosts) clearHostFacts(rc.hosts, h);
  }
}

export function runMeta(rc: RunContext, pv: PlayVars, task: Task, targets: string[], info: TaskInfo): void {
  const op = String(task.args._raw_params);
  if (op === 'flush_handlers' || op === 'refresh_inventory' || op === 'role_complete') {
    if (op !== 'flush_handlers' || pv.play.handlers.block.length > 0) throw new PlayError(`meta: ${op} is not supported by pgplay yet`);
  }
  const hosts = PER_HOST.has(op) ? targets : targets.slice(0, 1);
  for (const host of hosts) {
    rc.emit({ kind: 'task-start', task: info, hosts: [host] });
    const when = gathered(task, 'when');
    let run = true;
    if (!IGNORES_WHEN.has(op) && when.length > 0) {
      const cond = evaluateConditions(when, taskScope(rc, pv, task, host), templateOptions(rc, task));
      run = cond.value === true;
    }
    if (run) {
      apply(rc, pv, op, host);
      continue;
    }
    const skipReason = `${op} conditional evaluated to False${SKIP_TAIL[op]?.(host) ?? ''}`;
    const msg = op === 'end_host' ? `end_host conditional evaluated to false, continuing execution for ${host}` : op;
    rc.emit({ kind: 'host-result', task: info, host, status: 'skipped', result: { msg, skip_reason: skipReason } });
  }
}
