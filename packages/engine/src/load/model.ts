/**
 * The loaded playbook: plain objects with source positions, values still raw (templating is
 * lazy and happens per host when a task runs). Blocks and tasks point at their parent so the
 * executor can resolve inherited keywords.
 */
import type { Pos } from './yaml-source.js';

export interface Playbook {
  file: string;
  dir: string;
  plays: Play[];
}

export interface Play {
  kind: 'play';
  /** The name as written (may be a template); '' when absent. */
  name: string;
  hosts: unknown;
  pos: Pos;
  /** All play keywords as written, except the task lists. */
  keywords: Record<string, unknown>;
  preTasks: Block;
  tasks: Block;
  postTasks: Block;
  handlers: Block;
  file: string;
  /** Extra vars from `import_playbook: x vars:` (later issue) or none. */
  index: number;
}

export type LoopSpec =
  | { kind: 'loop'; value: unknown; pos: Pos }
  | { kind: 'with'; lookup: string; value: unknown; pos: Pos };

export interface Task {
  kind: 'task';
  /** The action as written (`command`, `ansible.builtin.command`). */
  action: string;
  /** The resolved FQCN or engine action name. */
  resolved: string;
  args: Record<string, unknown>;
  /** Task keywords as written (name, when, register, …); loop moved to `loop`. */
  keywords: Record<string, unknown>;
  loop?: LoopSpec;
  /** `local_action` implies delegate_to: localhost. */
  delegateTo?: unknown;
  pos: Pos;
  /** Where the module's arguments are written (the value of the module key). */
  argsPos: Pos;
  parent: Block;
  handler?: boolean;
  /** Added by the engine (the play's flush_handlers points): no banner, no callback events. */
  implicit?: boolean;
  /** Stable identity within the run: file:line:col. */
  id: string;
}

export interface Block {
  kind: 'block';
  block: (Task | Block)[];
  rescue: (Task | Block)[];
  always: (Task | Block)[];
  keywords: Record<string, unknown>;
  pos: Pos;
  /** The play's own task list, or a `block:` written by the user. */
  implicit: boolean;
  parent: Block | Play;
}

export type TaskOrBlock = Task | Block;
