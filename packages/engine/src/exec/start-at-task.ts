import type { RunContext } from './run-context.js';
import type { TaskInfo } from '../output/events.js';
import type { Task } from '../load/model.js';

/**
 * `--start-at-task`: tasks before the first one with that banner name are passed over (the
 * iterator still advances the hosts past them); once found, every later task runs.
 */
export function startAtTaskSkips(rc: RunContext, info: TaskInfo, task: Task): boolean {
  if (!rc.options.startAtTask || rc.started) return false;
  // The iterator starts every host in SETUP: --start-at-task never skips fact gathering.
  if (task.gathering) return false;
  if (info.name !== rc.options.startAtTask) return true;
  rc.started = true;
  return false;
}
