/**
 * Which task an event belongs to. A loop item's result carries a copy of the task's info with the
 * name templated for that item (ansible's per-item task copy, which keeps the task's _uuid); the
 * output still treats it as the task under the current banner.
 */
import type { TaskInfo } from './events.js';

const itemOf = new WeakMap<TaskInfo, TaskInfo>();

/** `copy` is `task` as one loop item names it. */
export function markItemCopy(copy: TaskInfo, task: TaskInfo): TaskInfo {
  itemOf.set(copy, task);
  return copy;
}

/** The task itself for an item's copy; any other info as it is. */
export function sameTaskAs(info: TaskInfo): TaskInfo {
  return itemOf.get(info) ?? info;
}
