/**
 * What every strategy shares (ansible-core 2.16's StrategyBase): running one task on a set of
 * hosts with forks/throttle, and processing each host's result — recap counters, failing the
 * host in the iterator (rescue bookkeeping, ansible_failed_task/result), handler
 * notifications, run_once copies — in host order, so output is deterministic.
 */
import type { Task } from '../load/model.js';
import type { TaskInfo } from '../output/events.js';
import type { PlayRun } from './play-run.js';
import { runTaskOnHost, type HostOutcome } from './run-task.js';
import { taskScope } from './task-vars.js';
import { inherited } from './inherit.js';
import { templateValue } from '../template/index.js';
import { TemplateError } from '../template/errors.js';
import { toBool } from '../schema/coerce.js';
import { pyStr } from '../values/py.js';
import { RunState } from './play-iterator.js';
import { notifyFromResult } from './handlers.js';
import { PlayError } from './errors.js';
import { playScope } from './task-vars.js';
import { roleAlreadyRan, noteRoleTaskRan } from './role-runtime.js';
import { selectedByTags, taskTags } from './tags.js';

/** --tags/--skip-tags (handlers and the play's implicit flushes are never filtered). */
function taskSelected(run: PlayRun, task: Task, hosts: string[]): boolean {
  if (task.handler || task.implicit) return true;
  const h = hosts[0] ?? run.pv.batch[0];
  return selectedByTags(taskTags(task, h !== undefined ? playScope(run.rc, run.pv, h) : undefined), run.rc.options.tags, run.rc.options.skipTags);
}

/**
 * The hosts that run `task`: none when tags deselect it (ansible filters such tasks out of the
 * iterator), and not those whose role already ran in another occurrence (linear's has_run).
 */
export function eligibleHosts(run: PlayRun, task: Task, hosts: string[]): string[] {
  if (!taskSelected(run, task, hosts)) return [];
  return hosts.filter((h) => !roleAlreadyRan(run.rc, task, h));
}

/** Runs `fn` over items with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** A task keyword templated with one host's variables; `dflt` when unset. */
export function taskKeyword(run: PlayRun, task: Task, host: string, key: string): unknown {
  const v = inherited(task, key);
  if (v === undefined) return undefined;
  try {
    return templateValue(v, taskScope(run.rc, run.pv, task, host), {});
  } catch (e) {
    if (e instanceof TemplateError) throw new PlayError(`${e.message} (the task keyword '${key}', ${task.pos.file}:${task.pos.line}:${task.pos.column})`);
    throw e;
  }
}

export function boolTaskKeyword(run: PlayRun, task: Task, host: string, key: string): boolean {
  const v = taskKeyword(run, task, host, key);
  return v === undefined ? false : toBool(v);
}

/** `throttle` caps this task's concurrency below forks (0 means no cap). */
export function concurrency(run: PlayRun, task: Task, host: string): number {
  const t = Number(taskKeyword(run, task, host, 'throttle') ?? 0);
  const forks = run.rc.options.forks;
  return Number.isFinite(t) && t > 0 ? Math.min(t, forks) : forks;
}

export async function executeOn(run: PlayRun, task: Task, hosts: string[], info: TaskInfo): Promise<HostOutcome[]> {
  const limit = hosts.length ? concurrency(run, task, hosts[0]!) : 1;
  // Every host at once: they share hostvars for the round (task-vars.ts hostvarsMapping). With
  // fewer forks than hosts a later host sees the earlier hosts' results, as in ansible: no sharing.
  const shared = hosts.length > 1 && limit >= hosts.length && run.pv.hostvarsRound === undefined;
  if (shared) run.pv.hostvarsRound = new Map();
  try {
    return await mapLimit(hosts, limit, (h) => runTaskOnHost(run.rc, run.pv, task, h, info));
  } finally {
    if (shared) run.pv.hostvarsRound = undefined;
  }
}

/** get_task_hosts: run_once results go to every host of the batch still reachable. */
function taskHosts(run: PlayRun, host: string, runOnce: boolean): string[] {
  return runOnce ? run.pv.batch.filter((h) => !run.rc.hosts.get(h).unreachable) : [host];
}

function notificationsOf(run: PlayRun, task: Task, host: string): string[] {
  const v = taskKeyword(run, task, host, 'notify');
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => pyStr(x));
}

/** The failed task as `ansible_failed_task` shows it (a subset of Task.serialize()). */
function failedTaskVar(task: Task, info: TaskInfo): Record<string, unknown> {
  return { name: info.name, action: task.action, args: task.args, ...(task.handler ? { is_handler: true } : {}) };
}

export function isInclude(task: Task): boolean {
  return task.resolved === 'ansible.builtin.include_tasks' || task.resolved === 'ansible.builtin.include_role';
}

function delegatedFacts(run: PlayRun, task: Task, host: string): boolean {
  return (task.delegateTo ?? inherited(task, 'delegate_to')) !== undefined && boolTaskKeyword(run, task, host, 'delegate_facts');
}

export interface Processed {
  host: string;
  failed: boolean;
  unreachable: boolean;
}

/** _process_pending_results for one host's outcome; emits its events. */
export function processOutcome(run: PlayRun, task: Task, info: TaskInfo, o: HostOutcome, runOnce: boolean): Processed {
  const { rc, it, pv } = run;
  const host = o.host;
  const r = o.result;
  let failed = false;
  let unreachable = false;
  if (o.status === 'failed') {
    failed = true;
    if (!o.ignored) {
      const whenFailed = it.stateOf(host);
      if (runOnce) {
        for (const h of pv.batch) {
          if (rc.hosts.get(h).unreachable) continue;
          it.markFailed(h);
          pv.removed.add(h);
        }
      } else {
        it.markFailed(host);
        pv.removed.add(host);
      }
      const [state] = it.next(host, true);
      if (it.isFailed(host) && state.runState === RunState.COMPLETE) run.failed.add(host);
      if (it.anyBlockRescuing(whenFailed)) {
        rc.stats.bump(host, 'rescued');
        pv.removed.delete(host);
        Object.assign(rc.hosts.get(host).nonPersistent, { ansible_failed_task: failedTaskVar(task, info), ansible_failed_result: r });
      } else rc.stats.bump(host, 'failed');
    } else {
      rc.stats.bump(host, 'ok');
      rc.stats.bump(host, 'ignored');
      if (r.changed) rc.stats.bump(host, 'changed');
    }
  } else if (o.status === 'unreachable') {
    unreachable = true;
    if (!boolTaskKeyword(run, task, host, 'ignore_unreachable')) {
      rc.hosts.get(host).unreachable = true;
      pv.removed.add(host);
      rc.stats.bump(host, 'unreachable');
    } else {
      rc.stats.bump(host, 'ok');
      rc.stats.bump(host, 'ignored');
    }
  } else if (o.status === 'skipped') rc.stats.bump(host, 'skipped');
  else {
    if (r.changed) {
      const names = notificationsOf(run, task, host);
      if (names.length) notifyFromResult(run, host, names);
    }
    if (!isInclude(task)) {
      rc.stats.bump(host, 'ok');
      if (r.changed) rc.stats.bump(host, 'changed');
    }
  }
  for (const e of o.events) rc.emit(e);
  noteRoleTaskRan(rc, task, host, o.status);
  if (runOnce) copyToBatch(run, task, host, r);
  return { host, failed, unreachable };
}

/** run_once: the registered result and facts of the one run go to every host of the batch. */
function copyToBatch(run: PlayRun, task: Task, host: string, r: HostOutcome['result']): void {
  const from = run.rc.hosts.get(host);
  const facts = r.failed ? undefined : (r.ansible_facts as Record<string, unknown> | undefined);
  const setFact = task.resolved === 'ansible.builtin.set_fact';
  const register = typeof task.keywords.register === 'string' ? task.keywords.register : undefined;
  for (const h of taskHosts(run, host, true)) {
    if (h === host) continue;
    const to = run.rc.hosts.get(h);
    if (register && register in from.nonPersistent) to.nonPersistent[register] = from.nonPersistent[register];
    if (facts && typeof facts === 'object' && !delegatedFacts(run, task, host)) {
      if (setFact) Object.assign(to.nonPersistent, facts);
      if (!setFact || r._ansible_facts_cacheable) Object.assign(to.facts, facts);
    }
  }
}
