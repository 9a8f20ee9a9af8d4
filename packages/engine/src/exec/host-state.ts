/**
 * What the run remembers per host across tasks and plays: facts, set_fact values, registered
 * results, and whether the host failed, became unreachable or ended.
 */
export class HostState {
  /** Gathered facts and facts from modules (precedence level 10). */
  facts: Record<string, unknown> = {};
  /** include_vars results (level 17, below set_fact); native values. */
  includeVars: Record<string, unknown> = {};
  /** set_fact and register (level 18); native values, never templated again. */
  nonPersistent: Record<string, unknown> = {};
  /** Failed in an earlier play (tqm._failed_hosts carried over): out of later plays. */
  failed = false;
  /** tqm._unreachable_hosts: out of every later task and play. */
  unreachable = false;

  constructor(readonly name: string) {}
}

export class HostStates {
  private readonly states = new Map<string, HostState>();
  /** Every host the run has state for. */
  all(): HostState[] {
    return [...this.states.values()];
  }

  get(host: string): HostState {
    let s = this.states.get(host);
    if (!s) {
      s = new HostState(host);
      this.states.set(host, s);
    }
    return s;
  }
}
