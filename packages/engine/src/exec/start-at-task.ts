import type { RunContext } from './run-context.js';
import type { TaskInfo } from '../output/events.js';
import type { Block, Task } from '../load/model.js';
import { fnmatchRegex } from '../values/fnmatch.js';
import { roleTaskName } from './role-runtime.js';
import { pyStr } from '../values/py.js';
import { isFlush } from './play-iterator.js';

/**
 * `--start-at-task`: tasks before the first one that matches are passed over (the iterator
 * still advances the hosts past them); once found, every later task runs. A task matches as in
 * ansible's PlayIterator: its name as written (not templated), or Task.get_name() (the role's
 * name, " : ", then the name or the action), equal to the argument or matching it as an
 * fnmatch pattern.
 */
export function startAtTaskSkips(rc: RunContext, _info: TaskInfo, task: Task): boolean {
  const want = rc.options.startAtTask;
  if (!want || rc.started) return false;
  // The iterator starts every host in SETUP: --start-at-task never skips fact gathering.
  if (task.gathering) return false;
  if (!startAtMatches(task, want)) return true;
  rc.started = true;
  return false;
}

export function startAtMatches(task: Task, want: string): boolean {
  const name = typeof task.keywords.name === 'string' && task.keywords.name !== '' ? task.keywords.name : undefined;
  const roleName = task.resolved === 'ansible.builtin.include_role' ? task.args.name ?? task.args.role : undefined;
  // IncludeRole.get_name: its name, or `include_role : <role>`; Task.get_name: the role prefix.
  const full = roleName !== undefined && !name ? `${task.action} : ${pyStr(roleName)}` : roleTaskName(task, name ?? task.action);
  const re = fnmatchRegex(want);
  return (name !== undefined && (name === want || re.test(name))) || full === want || re.test(full);
}

/**
 * What `--start-at-task` does to a play, decided as ansible's PlayIterator decides it: by peeking
 * through the play's tasks as they would be yielded (blocks, then their always sections; implicit
 * flushes with nothing notified and tasks the tags deselect left out; includes not expanded).
 * - `none`: no task matches: every host is done before it starts, so nothing runs, not even fact
 *   gathering, and no host gets a recap line from this play;
 * - `first`: the play's very first task matches. ansible then keeps the host state from before its
 *   search, flagged "started", and so runs the setup block (Gathering Facts) as a block of tasks,
 *   even under `gather_facts: false`;
 * - `later`: a later task matches (tasks before it are passed over as they come);
 * - undefined: no --start-at-task, or an earlier play found its task.
 */
export function startAtPlan(rc: RunContext, blocks: readonly Block[], selected: (t: Task) => boolean): 'none' | 'first' | 'later' | undefined {
  const want = rc.options.startAtTask;
  if (!want || rc.started) return undefined;
  const tasks = peekOrder(blocks).filter((t) => !(t.implicit && isFlush(t)) && selected(t));
  const at = tasks.findIndex((t) => startAtMatches(t, want));
  return at < 0 ? 'none' : at === 0 ? 'first' : 'later';
}

function peekOrder(list: readonly (Block | Task)[]): Task[] {
  return list.flatMap((b) => (b.kind === 'task' ? [b] : [...peekOrder(b.block), ...peekOrder(b.always)]));
}
