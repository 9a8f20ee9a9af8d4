/**
 * The commands of a ported service module, batched. The port runs ansible's steps in order and
 * asks for one command at a time; this layer answers from results fetched earlier in one round
 * trip (the probes a plan sends together, the actions apply predicted), and runs anything else live.
 * Once an action has run, earlier probe results are stale and are dropped.
 */
import type { ExecResult, HostConnection, ShellCommand } from '@pgplay/engine/module-api';
import { execBatch } from '../util/exec-batch.js';

/** Command results by command text, as plans carry them to apply. */
export type Fetched = Array<[string, ExecResult]>;

interface QueuedAct {
  text: string;
  result: ExecResult;
  /** Probe results taken right after this action (valid once it is consumed). */
  then?: Fetched;
}

export class CommandIo {
  private probes = new Map<string, ExecResult>();
  private readonly acts: QueuedAct[] = [];
  /** Every action the port asked for, in order (run or, under check mode, only wanted). */
  readonly wanted: ShellCommand[] = [];

  constructor(
    private readonly host: HostConnection,
    private readonly prelude: ShellCommand,
  ) {}

  /** Fetches read-only commands in one round trip for later `read`s; returns what it fetched. */
  async prefetch(cmds: readonly ShellCommand[]): Promise<Fetched> {
    const results = await execBatch(this.host, cmds, this.prelude, { resident: true });
    const fetched = cmds.map((c, i): [string, ExecResult] => [c.text, results[i]!]);
    this.seedProbes(fetched);
    return fetched;
  }

  seedProbes(fetched: Fetched): void {
    for (const [k, v] of fetched) this.probes.set(k, v);
  }

  /**
   * Runs predicted actions in one round trip, stopping at the first that fails, then (when all
   * succeeded) the read-only `after` commands, which `read`s see once those actions are consumed.
   */
  async prefetchActions(cmds: readonly ShellCommand[], after: readonly ShellCommand[] = []): Promise<{ failed: boolean; after: Fetched }> {
    if (cmds.length === 0 && after.length === 0) return { failed: false, after: [] };
    const results = await execBatch(this.host, [...cmds, ...after], this.prelude, { guarded: cmds.length });
    results.slice(0, cmds.length).forEach((r, i) => this.acts.push({ text: cmds[i]!.text, result: r }));
    const failed = results.length < cmds.length + after.length;
    const fetched = failed ? [] : after.map((c, i): [string, ExecResult] => [c.text, results[cmds.length + i]!]);
    if (!failed && fetched.length > 0 && cmds.length > 0) this.acts[this.acts.length - 1]!.then = fetched;
    else if (!failed) this.seedProbes(fetched);
    return { failed, after: fetched };
  }

  /** A read-only command. */
  async read(cmd: ShellCommand): Promise<ExecResult> {
    const hit = this.probes.get(cmd.text);
    if (hit) return hit;
    const [r] = await execBatch(this.host, [cmd], this.prelude);
    this.probes.set(cmd.text, r!);
    return r!;
  }

  /** An action: under check mode only noted; otherwise its prefetched result, or run now. */
  async act(cmd: ShellCommand, check: boolean): Promise<ExecResult | null> {
    this.wanted.push(cmd);
    if (check) return null;
    this.probes = new Map();
    const next = this.acts[0];
    if (next && next.text === cmd.text) {
      this.acts.shift();
      if (next.then) this.seedProbes(next.then);
      return next.result;
    }
    // A prediction that did not hold: nothing prefetched after it may be used either.
    this.acts.length = 0;
    const [r] = await execBatch(this.host, [cmd], this.prelude);
    return r!;
  }
}
