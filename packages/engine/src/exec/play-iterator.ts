/**
 * Per-host iteration over a play's blocks, ported from ansible-core 2.16's PlayIterator
 * (executor/play_iterator.py): each host has its own position (block, task index within the
 * block/rescue/always section, child states for nested blocks), its own failure state and its
 * own handler notifications. Strategies ask it for the next task of each host; dynamic includes
 * splice blocks into one host's position. Keeping ansible's state machine (rather than
 * recursing over blocks with every host in lockstep) is what makes rescue/always, handlers,
 * `free`, `end_host` and includes behave exactly as ansible's do.
 */
import type { Block, Task, TaskOrBlock } from '../load/model.js';

export enum RunState {
  SETUP = 0,
  TASKS = 1,
  RESCUE = 2,
  ALWAYS = 3,
  HANDLERS = 4,
  COMPLETE = 5,
}

export const Failed = { NONE: 0, SETUP: 1, TASKS: 2, RESCUE: 4, ALWAYS: 8 } as const;

type Section = 'block' | 'rescue' | 'always';
const CHILD = { block: 'tasksChild', rescue: 'rescueChild', always: 'alwaysChild' } as const;
const CUR = { block: 'curRegular', rescue: 'curRescue', always: 'curAlways' } as const;

export class IterState {
  handlers: Task[] = [];
  /** Notification names saved until the host reaches a flush (ansible's handler_notifications). */
  notifications: string[] = [];
  curBlock = 0;
  curRegular = 0;
  curRescue = 0;
  curAlways = 0;
  curHandlers = 0;
  runState: RunState = RunState.SETUP;
  failState = 0;
  preFlushing: RunState | undefined;
  updateHandlers = true;
  pendingSetup = false;
  tasksChild: IterState | undefined;
  rescueChild: IterState | undefined;
  alwaysChild: IterState | undefined;
  didRescue = false;

  constructor(public blocks: Block[]) {}

  currentBlock(): Block {
    return this.blocks[this.curBlock]!;
  }

  copy(): IterState {
    const s = new IterState([...this.blocks]);
    Object.assign(s, {
      handlers: [...this.handlers], notifications: [...this.notifications], curBlock: this.curBlock, curRegular: this.curRegular,
      curRescue: this.curRescue, curAlways: this.curAlways, curHandlers: this.curHandlers, runState: this.runState,
      failState: this.failState, preFlushing: this.preFlushing, updateHandlers: this.updateHandlers, pendingSetup: this.pendingSetup,
      didRescue: this.didRescue,
    });
    s.tasksChild = this.tasksChild?.copy();
    s.rescueChild = this.rescueChild?.copy();
    s.alwaysChild = this.alwaysChild?.copy();
    return s;
  }
}

/** Block.get_tasks(): every task of a block, nested blocks flattened, block → rescue → always. */
export function blockTasks(b: Block): Task[] {
  const out: Task[] = [];
  const walk = (list: TaskOrBlock[]) => {
    for (const t of list) if (t.kind === 'task') out.push(t);
    else out.push(...blockTasks(t));
  };
  walk(b.block);
  walk(b.rescue);
  walk(b.always);
  return out;
}

export interface IteratorHooks {
  /**
   * Fact gathering (ansible's setup block): `task` runs first, for the hosts `wanted` says
   * (gather_facts / gathering policy), in the SETUP state before the play's first block.
   */
  gather?: { task: Task; wanted(host: string): boolean };
  /** Is this handler notified for this host (the strategy keeps the notified sets)? */
  isNotified(handler: Task, host: string): boolean;
  /** Any handler notified for any host (an implicit flush with nothing to run is skipped). */
  anyNotified(): boolean;
}

export function isFlush(task: Task): boolean {
  return task.resolved === 'ansible.builtin.meta' && task.args._raw_params === 'flush_handlers';
}

export class PlayIterator {
  private readonly states = new Map<string, IterState>();
  /** Flat task list used by the linear strategy's lockstep (includes are spliced in). */
  readonly allTasks: Task[];
  curTask = 0;
  endPlay = false;

  constructor(
    private readonly blocks: Block[],
    public handlers: Task[],
    hosts: string[],
    private readonly hooks: IteratorHooks,
  ) {
    this.allTasks = [...(hooks.gather ? [hooks.gather.task] : []), ...blocks.flatMap(blockTasks)];
    for (const h of hosts) this.states.set(h, new IterState(blocks));
  }

  get batchSize(): number {
    return this.states.size;
  }

  stateOf(host: string): IterState {
    let s = this.states.get(host);
    if (!s) {
      s = new IterState([]);
      this.states.set(host, s);
    }
    return s;
  }

  setState(host: string, s: IterState): void {
    this.states.set(host, s);
  }

  hostNames(): string[] {
    return [...this.states.keys()];
  }

  /** The host's next task; with `peek` the host's position is not advanced. */
  next(host: string, peek = false): [IterState, Task | undefined] {
    const s = this.stateOf(host).copy();
    if (s.runState === RunState.COMPLETE) return [s, undefined];
    const task = this.fromState(s, host);
    if (!peek) this.states.set(host, s);
    return [s, task];
  }

  /**
   * The section's child state (a nested block being run): its next task; `done` when it has
   * finished (the caller looks again); a failed child fails this state. Undefined: no child.
   */
  private fromChild(state: IterState, section: Section, host: string): { task?: Task; done?: true } | undefined {
    const key = CHILD[section];
    const child = state[key];
    if (!child) return undefined;
    const task = this.fromState(child, host);
    if (this.checkFailed(child)) {
      state[key] = undefined;
      this.setFailed(state);
      return task ? { task } : {};
    }
    if (task === undefined || child.runState === RunState.COMPLETE) {
      state[key] = undefined;
      return { done: true };
    }
    return { task };
  }

  /** The section's next entry: a task, or a nested block, entered as a child state (no task yet). */
  private takeNext(state: IterState, block: Block, section: Section): Task | undefined {
    const t = block[section][state[CUR[section]]]!;
    state[CUR[section]] += 1;
    if (t.kind === 'task') return t;
    const child = new IterState([t]);
    child.runState = RunState.TASKS;
    state[CHILD[section]] = child;
    return undefined;
  }

  private fromState(state: IterState, host: string): Task | undefined {
    for (;;) {
      let task: Task | undefined;
      const block = state.blocks[state.curBlock];
      if (!block) {
        state.runState = RunState.COMPLETE;
        return undefined;
      }
      if (state.runState === RunState.SETUP) {
        if (!state.pendingSetup) {
          state.pendingSetup = true;
          if (this.hooks.gather?.wanted(host)) task = this.hooks.gather.task;
        } else {
          state.pendingSetup = false;
          state.runState = RunState.TASKS;
          state.curBlock += 1;
          state.curRegular = state.curRescue = state.curAlways = 0;
          state.tasksChild = state.rescueChild = state.alwaysChild = undefined;
        }
      } else if (state.runState === RunState.TASKS) {
        state.pendingSetup = false;
        const c = this.fromChild(state, 'block', host);
        if (c?.done) continue;
        if (c) task = c.task;
        else if (this.checkFailed(state)) state.runState = RunState.RESCUE;
        else if (state.curRegular >= block.block.length) state.runState = RunState.ALWAYS;
        else task = this.takeNext(state, block, 'block');
      } else if (state.runState === RunState.RESCUE) {
        const c = this.fromChild(state, 'rescue', host);
        if (c?.done) continue;
        if (c) task = c.task;
        else if ((state.failState & Failed.RESCUE) === Failed.RESCUE) state.runState = RunState.ALWAYS;
        else if (state.curRescue >= block.rescue.length) {
          if (block.rescue.length > 0) state.failState = Failed.NONE;
          state.runState = RunState.ALWAYS;
          state.didRescue = true;
        } else task = this.takeNext(state, block, 'rescue');
      } else if (state.runState === RunState.ALWAYS) {
        const c = this.fromChild(state, 'always', host);
        if (c?.done) continue;
        if (c) task = c.task;
        else if (state.curAlways >= block.always.length) {
          if (state.failState !== Failed.NONE) state.runState = RunState.COMPLETE;
          else {
            state.curBlock += 1;
            state.curRegular = state.curRescue = state.curAlways = 0;
            state.runState = RunState.TASKS;
            state.tasksChild = state.rescueChild = state.alwaysChild = undefined;
            state.didRescue = false;
          }
        } else task = this.takeNext(state, block, 'always');
      } else if (state.runState === RunState.HANDLERS) {
        if (state.updateHandlers) {
          state.handlers = [...this.handlers];
          state.updateHandlers = false;
        }
        for (;;) {
          const h = state.handlers[state.curHandlers];
          if (!h) {
            task = undefined;
            state.curHandlers = 0;
            state.runState = state.preFlushing ?? RunState.TASKS;
            state.updateHandlers = true;
            break;
          }
          state.curHandlers += 1;
          if (this.hooks.isNotified(h, host)) {
            task = h;
            break;
          }
        }
      } else return undefined;

      if (task) {
        // An implicit flush with nothing notified anywhere is skipped (no banner).
        if (task.implicit && isFlush(task) && this.stateOf(host).notifications.length === 0 && !this.hooks.anyNotified()) continue;
        return task;
      }
    }
  }

  private setFailed(state: IterState): IterState {
    if (state.runState === RunState.SETUP) {
      state.failState |= Failed.SETUP;
      state.runState = RunState.COMPLETE;
    } else if (state.runState === RunState.TASKS) {
      if (state.tasksChild) state.tasksChild = this.setFailed(state.tasksChild);
      else {
        state.failState |= Failed.TASKS;
        const b = state.blocks[state.curBlock]!;
        state.runState = b.rescue.length ? RunState.RESCUE : b.always.length ? RunState.ALWAYS : RunState.COMPLETE;
      }
    } else if (state.runState === RunState.RESCUE) {
      if (state.rescueChild) state.rescueChild = this.setFailed(state.rescueChild);
      else {
        state.failState |= Failed.RESCUE;
        state.runState = state.blocks[state.curBlock]!.always.length ? RunState.ALWAYS : RunState.COMPLETE;
      }
    } else if (state.runState === RunState.ALWAYS) {
      if (state.alwaysChild) state.alwaysChild = this.setFailed(state.alwaysChild);
      else {
        state.failState |= Failed.ALWAYS;
        state.runState = RunState.COMPLETE;
      }
    }
    return state;
  }

  markFailed(host: string): void {
    const s = this.stateOf(host).copy();
    if (s.runState === RunState.HANDLERS) {
      // failing inside a flush: back to where the flush was, then fail from there
      s.runState = s.preFlushing ?? RunState.TASKS;
      s.updateHandlers = true;
    }
    this.states.set(host, this.setFailed(s));
  }

  checkFailed(state: IterState | undefined): boolean {
    if (!state) return false;
    if (state.runState === RunState.RESCUE && this.checkFailed(state.rescueChild)) return true;
    if (state.runState === RunState.ALWAYS && this.checkFailed(state.alwaysChild)) return true;
    if (state.failState !== Failed.NONE) {
      if (state.runState === RunState.RESCUE && (state.failState & Failed.RESCUE) === 0) return false;
      if (state.runState === RunState.ALWAYS && (state.failState & Failed.ALWAYS) === 0) return false;
      return !(state.didRescue && (state.failState & Failed.ALWAYS) === 0);
    }
    if (state.runState === RunState.TASKS && this.checkFailed(state.tasksChild)) {
      const b = state.blocks[state.curBlock]!;
      return !(b.rescue.length > 0 && (state.failState & Failed.RESCUE) === 0);
    }
    return false;
  }

  isFailed(host: string): boolean {
    return this.checkFailed(this.stateOf(host));
  }

  failedHosts(): string[] {
    return [...this.states.entries()].filter(([, s]) => this.checkFailed(s)).map(([h]) => h);
  }

  clearHostErrors(host: string): void {
    const clear = (s: IterState) => {
      s.failState = Failed.NONE;
      if (s.tasksChild) clear(s.tasksChild);
      else if (s.rescueChild) clear(s.rescueChild);
      else if (s.alwaysChild) clear(s.alwaysChild);
    };
    clear(this.stateOf(host));
  }

  activeState(s: IterState): IterState {
    if (s.runState === RunState.TASKS && s.tasksChild) return this.activeState(s.tasksChild);
    if (s.runState === RunState.RESCUE && s.rescueChild) return this.activeState(s.rescueChild);
    if (s.runState === RunState.ALWAYS && s.alwaysChild) return this.activeState(s.alwaysChild);
    return s;
  }

  anyBlockRescuing(s: IterState): boolean {
    if (s.runState === RunState.TASKS && s.blocks[s.curBlock] && s.currentBlock().rescue.length > 0) return true;
    if (s.tasksChild) return this.anyBlockRescuing(s.tasksChild);
    if (s.rescueChild) return this.anyBlockRescuing(s.rescueChild);
    if (s.alwaysChild) return this.anyBlockRescuing(s.alwaysChild);
    return false;
  }

  private insert(state: IterState, list: Block[]): IterState {
    if ((state.failState !== Failed.NONE && state.runState === RunState.TASKS) || list.length === 0) return state;
    const splice = (key: 'block' | 'rescue' | 'always', at: number) => {
      const b = { ...state.blocks[state.curBlock]! };
      b[key] = [...b[key].slice(0, at), ...list, ...b[key].slice(at)];
      state.blocks[state.curBlock] = b;
    };
    if (state.runState === RunState.TASKS) {
      if (state.tasksChild) state.tasksChild = this.insert(state.tasksChild, list);
      else splice('block', state.curRegular);
    } else if (state.runState === RunState.RESCUE) {
      if (state.rescueChild) state.rescueChild = this.insert(state.rescueChild, list);
      else splice('rescue', state.curRescue);
    } else if (state.runState === RunState.ALWAYS) {
      if (state.alwaysChild) state.alwaysChild = this.insert(state.alwaysChild, list);
      else splice('always', state.curAlways);
    } else if (state.runState === RunState.HANDLERS) {
      const hs = list.flatMap((b) => b.block.filter((t): t is Task => t.kind === 'task'));
      state.handlers.splice(state.curHandlers, 0, ...hs);
    }
    return state;
  }

  /** Splices included blocks into the host's position (ansible's add_tasks). */
  addTasks(host: string, list: Block[]): void {
    this.states.set(host, this.insert(this.stateOf(host).copy(), list));
  }

  addNotification(host: string, name: string): void {
    const s = this.stateOf(host);
    if (!s.notifications.includes(name)) s.notifications.push(name);
  }

  /** Used by the base strategy's final pass: every host to its end. */
  allBlocks(): Block[] {
    return this.blocks;
  }
}
