/**
 * What a run reports, as plain serialisable objects keyed on `kind`. The default callback turns
 * them into ansible-playbook's text; `--output json` writes one per line; library users
 * subscribe to them. Results inside events are already censored (no_log) and masked.
 */
import type { ModuleResult } from '../module-api.js';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface PlayInfo {
  name: string;
  /** The `hosts:` pattern as written. */
  pattern: string;
  location?: SourceLocation;
}

export interface TaskInfo {
  /** The banner name: the task's name, or the action for unnamed tasks; role prefix separate. */
  name: string;
  action: string;
  role?: string;
  handler?: boolean;
  location?: SourceLocation;
}

export type HostStatus = 'ok' | 'changed' | 'skipped' | 'failed' | 'unreachable';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type RunEvent =
  | { kind: 'playbook-start'; file: string; check: boolean; diff: boolean }
  | { kind: 'play-start'; play: PlayInfo; hosts: string[] }
  | { kind: 'no-hosts-matched'; play: PlayInfo }
  | { kind: 'task-start'; task: TaskInfo; hosts: string[] }
  | {
      kind: 'host-result';
      task: TaskInfo;
      host: string;
      /** The delegate's address (its ansible_host, as ansible reports it) ... */
      delegatedTo?: string;
      /** ... and its inventory name (the text shows `host -> name(address)`). */
      delegatedHost?: string;
      status: HostStatus;
      /** Set for one item of a loop; the aggregate result follows with `loopSummary: true`. */
      item?: { label: string };
      loopSummary?: boolean;
      /** The failure was ignored (ignore_errors): printed, then "...ignoring". */
      ignored?: boolean;
      /** The task ran in diff mode: the result's `diff` is printed (modules return it either way). */
      diff?: boolean;
      result: ModuleResult;
    }
  | { kind: 'task-retry'; task: TaskInfo; host: string; retriesLeft: number; result: ModuleResult }
  | { kind: 'included'; task: TaskInfo; file: string; hosts: string[]; item?: { label: string } }
  | { kind: 'warning'; message: string; host?: string }
  /** Display.error: a problem that does not change the exit code (printed as ` [ERROR]: …`). */
  | { kind: 'error'; message: string }
  /** A line an action prints itself (pause's countdown notice). */
  | { kind: 'display'; text: string; host?: string }
  | { kind: 'no-more-hosts' }
  | { kind: 'play-end'; play: PlayInfo }
  | { kind: 'recap'; stats: Record<string, HostStats> }
  | { kind: 'playbook-end'; exitCode: number };

export type RunEventListener = (e: RunEvent) => void;
