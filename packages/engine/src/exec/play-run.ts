/**
 * What one play batch shares while a strategy runs it (ansible's strategy + TQM state for one
 * `tqm.run(play)`): the iterator, the handler notifications, the hosts failed in this batch.
 */
import type { Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import type { PlayVars } from './task-vars.js';
import type { PlayIterator } from './play-iterator.js';

/** TaskQueueManager's run results; a strategy returns them or'ed. */
export const RUN = { OK: 0, ERROR: 1, FAILED_HOSTS: 2, UNREACHABLE_HOSTS: 4, FAILED_BREAK_PLAY: 8 } as const;

export interface PlayRun {
  rc: RunContext;
  pv: PlayVars;
  it: PlayIterator;
  /** Hosts each handler is notified for (Handler.notified_hosts), in notification order. */
  notified: Map<Task, string[]>;
  /** tqm._failed_hosts for this batch. */
  failed: Set<string>;
  /** Handlers whose templated names were resolved (Handler.cached_name). */
  handlerNames: Map<Task, string | null>;
}

export function hostsLeft(run: PlayRun): string[] {
  return run.pv.batch.filter((h) => !run.rc.hosts.get(h).unreachable);
}
