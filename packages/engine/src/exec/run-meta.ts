/**
 * `meta:` tasks, run by the strategy itself as ansible-core 2.16's StrategyBase._execute_meta
 * does: a banner per call (none for the implicit flushes the play adds), no result line unless
 * the condition skipped it, no recap counts. The linear strategy calls it once for the play
 * (most actions) or per host (noop, end_host, reset_connection, flush_handlers).
 */
import type { Task } from '../load/model.js';
import type { TaskInfo } from '../output/events.js';
import type { PlayRun } from './play-run.js';
import { taskScope, templateOptions } from './task-vars.js';
import { evaluateConditions } from './conditional.js';
import { gathered } from './inherit.js';
import { PlayError } from './errors.js';
import { clearHostFacts } from './host-state.js';
import { RunState } from './play-iterator.js';
import { flushNotifications } from './handlers.js';
import { TemplateError } from '../template/errors.js';

export const PER_HOST_META = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers']);

export interface MetaOutcome {
  host: string;
  skipped: boolean;
}

function conditional(run: PlayRun, task: Task, host: string): boolean {
  const when = gathered(task, 'when');
  if (when.length === 0) return true;
  try {
    return evaluateConditions(when, taskScope(run.rc, run.pv, task, host), templateOptions(run.rc, task), (message) => run.rc.emit({ kind: 'warning', message })).value === true;
  } catch (e) {
    if (e instanceof TemplateError) throw new PlayError(e.message);
    throw e;
  }
}

export async function runMeta(run: PlayRun, task: Task, host: string, info: TaskInfo): Promise<MetaOutcome> {
  const { rc, pv, it } = run;
  const op = String(task.args._raw_params);
  if (!task.implicit) rc.emit({ kind: 'task-start', task: info, hosts: [host] });
  if (['noop', 'refresh_inventory', 'reset_connection'].includes(op) && gathered(task, 'when').length > 0) {
    rc.emit({ kind: 'warning', message: `${op} task does not support when conditional` });
  }
  let skipTail: string | undefined;
  let msg = op;
  const playHosts = pv.batch;
  const cond = () => conditional(run, task, host);
  switch (op) {
    case 'noop':
    case 'reset_connection':
      break;
    case 'flush_handlers':
      if (cond()) {
        flushNotifications(run, host);
        const s = it.stateOf(host);
        if (s.runState === RunState.HANDLERS) throw new PlayError('flush_handlers cannot be used as a handler');
        if (!rc.hosts.get(host).unreachable) {
          s.preFlushing = s.runState;
          s.runState = RunState.HANDLERS;
        }
      } else skipTail = `, not running handlers for ${host}`;
      break;
    case 'clear_facts':
      if (cond()) for (const h of playHosts) clearHostFacts(rc.hosts, h);
      else skipTail = `, not clearing facts and fact cache for ${host}`;
      break;
    case 'clear_host_errors':
      if (cond()) {
        for (const h of playHosts) {
          run.failed.delete(h);
          rc.hosts.get(h).unreachable = false;
          it.clearHostErrors(h);
        }
      } else skipTail = `, not clearing host error state for ${host}`;
      break;
    case 'end_batch':
    case 'end_play':
      if (cond()) {
        for (const h of playHosts) {
          if (rc.hosts.get(h).unreachable) continue;
          it.stateOf(h).runState = RunState.COMPLETE;
          if (op === 'end_play') it.endPlay = true;
        }
      } else skipTail = op === 'end_play' ? ', continuing play' : ', continuing current batch';
      break;
    case 'end_host':
      if (cond()) {
        it.stateOf(host).runState = RunState.COMPLETE;
        pv.removed.add(host);
      } else {
        skipTail = `, continuing execution for ${host}`;
        msg = `end_host conditional evaluated to false, continuing execution for ${host}`;
      }
      break;
    case 'refresh_inventory':
      // InventoryManager.refresh_inventory: the sources are read again; this play keeps its hosts,
      // while variables, groups and later plays see the new inventory.
      if (!rc.options.reloadInventory) throw new PlayError('meta: refresh_inventory needs the inventory sources again: runPlaybook was given no reloadInventory');
      try {
        rc.inventory = await rc.options.reloadInventory();
      } catch (e) {
        throw e instanceof PlayError ? e : new PlayError((e as Error).message);
      }
      break;
    default:
      throw new PlayError(`invalid meta action requested: ${op}`);
  }
  if (skipTail !== undefined && !task.implicit) {
    rc.emit({ kind: 'host-result', task: info, host, status: 'skipped', result: { msg, skip_reason: `${op} conditional evaluated to False${skipTail}` } });
  }
  return { host, skipped: skipTail !== undefined };
}
