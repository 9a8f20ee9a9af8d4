import type { RunContext } from './run-context.js';
import type { TaskInfo } from '../output/events.js';

/**
 * `--start-at-task`: tasks before the first one with that banner name are passed over (the
 * iterator still advances the hosts past them); once found, every later task runs.
 */
export function startAtTaskSkips(rc: RunContext, info: TaskInfo): boolean {
  if (!rc.options.startAtTask || rc.started) return false;
  if (info.name !== rc.options.startAtTask) return true;
  rc.started = true;
  return false;
}
