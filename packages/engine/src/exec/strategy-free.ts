/**
 * The free strategy (ansible-core 2.16 plugins/strategy/free.py): each host walks its own
 * iterator position as fast as it can, up to `forks` tasks in flight across hosts. A host's
 * banner and results are emitted together when its task completes, so each host's sequence is
 * deterministic while the interleaving of hosts follows completion (as in ansible).
 * `host_pinned` differs from `free` only in how ansible hands out worker slots; pgplay's hosts
 * each keep their slot for every task, which is what host_pinned promises.
 */
import type { PlayRun } from './play-run.js';
import { RUN } from './play-run.js';
import { runMeta } from './run-meta.js';
import { taskInfo } from './task-info.js';
import { boolTaskKeyword, concurrency, eligibleHosts, processOutcome } from './strategy-base.js';
import { runTaskOnHost } from './run-task.js';
import { unnotify } from './handlers.js';
import { processIncludes } from './includes.js';
import { finish } from './strategy-linear.js';
import type { Task } from '../load/model.js';

/** A counting semaphore: at most `n` holders; per-task throttle counts holders of that task. */
class Slots {
  private used = 0;
  private readonly perTask = new Map<Task, number>();
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly n: number) {}

  async acquire(task: Task, throttle: number): Promise<void> {
    while (this.used >= this.n || (this.perTask.get(task) ?? 0) >= throttle) await new Promise<void>((r) => this.waiting.push(r));
    this.used++;
    this.perTask.set(task, (this.perTask.get(task) ?? 0) + 1);
  }

  release(task: Task): void {
    this.used--;
    this.perTask.set(task, (this.perTask.get(task) ?? 1) - 1);
    for (const w of this.waiting.splice(0)) w();
  }
}

export async function runFree(run: PlayRun, pinned: boolean): Promise<number> {
  const { rc, it, pv } = run;
  void pinned;
  if (pv.maxFailPercentage !== undefined) {
    rc.emit({ kind: 'warning', message: 'Using max_fail_percentage with the free strategy is not supported, as tasks are executed independently on each host' });
  }
  const slots = new Slots(rc.options.forks);
  const hostLoop = async (host: string) => {
    for (;;) {
      if (rc.signal.aborted || rc.hosts.get(host).unreachable) return;
      const [state, task] = it.next(host, true);
      if (!task) return;
      it.setState(host, state);
      if (task.handler) unnotify(run, task, host);
      if (eligibleHosts(run, task, [host]).length === 0) continue;
      const info = taskInfo(task, rc, pv, host);
      if (task.resolved === 'ansible.builtin.meta') {
        await runMeta(run, task, host, info);
        continue;
      }
      if (boolTaskKeyword(run, task, host, 'run_once')) {
        rc.emit({ kind: 'warning', message: 'Using run_once with the free strategy is not currently supported. This task will still be executed for every host in the inventory list.' });
      }
      if (boolTaskKeyword(run, task, host, 'any_errors_fatal')) {
        rc.emit({ kind: 'warning', message: 'Using any_errors_fatal with the free strategy is not supported, as tasks are executed independently on each host' });
      }
      const throttle = concurrency(run, task, host);
      await slots.acquire(task, throttle);
      let outcome;
      try {
        outcome = await runTaskOnHost(rc, pv, task, host, info);
      } finally {
        slots.release(task);
      }
      rc.emit({ kind: 'task-start', task: info, hosts: [host] });
      processOutcome(run, task, info, outcome, false);
      await processIncludes(run, task, info, [outcome], [host]);
    }
  };
  await Promise.all(pv.batch.map(hostLoop));
  return finish(run, RUN.OK);
}
