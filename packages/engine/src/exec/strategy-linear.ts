/**
 * The linear strategy (ansible-core 2.16 plugins/strategy/linear.py): every host runs the same
 * task before any host moves on. Each host's position lives in the PlayIterator; the next task
 * is the first one, in the play's flat task list, that some host has next, so hosts that are
 * rescuing, running handlers or on included tasks fall in step exactly as ansible's do.
 */
import type { Task } from '../load/model.js';
import type { PlayRun } from './play-run.js';
import { RUN, hostsLeft } from './play-run.js';
import { isFlush, RunState, type IterState } from './play-iterator.js';
import { runMeta, PER_HOST_META } from './run-meta.js';
import { taskInfo } from './task-info.js';
import { boolTaskKeyword, eligibleHosts, executeOn, processOutcome, type Processed } from './strategy-base.js';
import { unnotify } from './handlers.js';
import { processIncludes } from './includes.js';
import { startAtTaskSkips } from './start-at-task.js';

/** _get_next_task_lockstep: the hosts whose next task is the play's next task. */
function lockstep(run: PlayRun, hosts: string[]): { host: string; task: Task }[] {
  const { it } = run;
  const peeked = new Map<string, [IterState, Task]>();
  for (const h of hosts) {
    const [s, t] = it.next(h, true);
    if (t) peeked.set(h, [s, t]);
  }
  if (peeked.size === 0) return [];
  const wanted = new Set([...peeked.values()].map(([, t]) => t));
  let cur: Task | undefined;
  for (let loops = 0; loops <= 1; ) {
    const t = it.allTasks[it.curTask];
    if (!t) {
      it.curTask = 0;
      loops++;
      continue;
    }
    it.curTask++;
    if (wanted.has(t)) {
      cur = t;
      break;
    }
  }
  if (!cur) throw new Error('BUG: there seems to be a mismatch between tasks in PlayIterator and HostStates.');
  const out: { host: string; task: Task }[] = [];
  for (const [h, [s, t]] of peeked) {
    if (t !== cur) continue;
    it.setState(h, s);
    out.push({ host: h, task: t });
  }
  if (isFlush(cur)) it.allTasks.splice(it.curTask, 0, ...it.handlers);
  return out;
}

export async function runLinear(run: PlayRun): Promise<number> {
  const { rc, it, pv } = run;
  let result: number = RUN.OK;
  for (;;) {
    if (rc.signal.aborted) return RUN.ERROR;
    const left = hostsLeft(run);
    const hostTasks = lockstep(run, left);
    if (hostTasks.length === 0) break;
    const task = hostTasks[0]!.task;
    const hosts = eligibleHosts(run, task, hostTasks.map((x) => x.host));
    if (hosts.length === 0) continue;
    const first = hosts[0]!;
    let anyErrorsFatal = false;
    const results: Processed[] = [];
    if (task.resolved === 'ansible.builtin.meta') {
      const op = String(task.args._raw_params);
      const runOnce = !PER_HOST_META.has(op);
      for (const h of hosts) {
        const info = taskInfo(task, rc, pv, h);
        if (startAtTaskSkips(rc, info, task)) break;
        await runMeta(run, task, h, info);
        results.push({ host: h, failed: false, unreachable: false });
        if ((boolTaskKeyword(run, task, h, 'any_errors_fatal') || runOnce) && !boolTaskKeyword(run, task, h, 'ignore_errors')) anyErrorsFatal = true;
        if (runOnce) break;
      }
    } else {
      const info = taskInfo(task, rc, pv, first);
      if (startAtTaskSkips(rc, info, task)) continue;
      const runOnce = boolTaskKeyword(run, task, first, 'run_once');
      if ((boolTaskKeyword(run, task, first, 'any_errors_fatal') || runOnce) && !boolTaskKeyword(run, task, first, 'ignore_errors')) anyErrorsFatal = true;
      rc.emit({ kind: 'task-start', task: info, hosts });
      const targets = runOnce ? [first] : hosts;
      if (task.handler) for (const h of runOnce ? [undefined] : targets) unnotify(run, task, h);
      const outcomes = await executeOn(run, task, targets, info);
      for (const o of outcomes) results.push(processOutcome(run, task, info, o, runOnce));
      await processIncludes(run, task, info, outcomes, left);
    }

    const failedHosts = results.filter((r) => (r.failed || task.resolved === 'ansible.builtin.meta') && it.isFailed(r.host)).map((r) => r.host);
    const unreachable = results.filter((r) => !failedHosts.includes(r.host) && r.unreachable).map((r) => r.host);
    if (anyErrorsFatal && (failedHosts.length > 0 || unreachable.length > 0)) {
      for (const h of left) {
        const s = it.activeState(it.next(h, true)[0]);
        if ((s.runState !== RunState.RESCUE && s.runState !== RunState.ALWAYS) || (s.runState === RunState.RESCUE && (s.failState & 4) !== 0)) {
          run.failed.add(h);
          result |= RUN.FAILED_BREAK_PLAY;
        }
      }
    }
    const mfp = pv.maxFailPercentage;
    if (mfp !== undefined && results.length > 0 && run.failed.size / it.batchSize > mfp / 100) {
      for (const h of left) {
        if (failedHosts.includes(h)) continue;
        run.failed.add(h);
        it.markFailed(h);
        pv.removed.add(h);
      }
      rc.emit({ kind: 'no-more-hosts' });
      result |= RUN.FAILED_BREAK_PLAY;
    }
    if (result !== RUN.OK && run.failed.size >= left.length) {
      rc.emit({ kind: 'no-more-hosts' });
      return result;
    }
  }
  return finish(run, result);
}

/** StrategyBase.run: every host to its final position, then the play's result. */
export function finish(run: PlayRun, result: number): number {
  for (const h of run.pv.batch) if (!run.rc.hosts.get(h).unreachable) run.it.next(h);
  if (result !== RUN.OK) return result;
  if (run.rc.hosts.all().some((s) => s.unreachable)) return RUN.UNREACHABLE_HOSTS;
  if (run.it.failedHosts().length > 0) return RUN.FAILED_HOSTS;
  return RUN.OK;
}
