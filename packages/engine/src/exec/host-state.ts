/**
 * What the run remembers per host across tasks and plays: facts, set_fact values, registered
 * results, and whether the host failed, became unreachable or ended.
 */
import { FactCache } from './fact-cache.js';

export class HostState {
  /** set_fact and register (level 18); native values, never templated again. */
  nonPersistent: Record<string, unknown> = {};
  failed = false;
  unreachable = false;
  /** meta: end_host / end_play for this host. */
  ended = false;

  constructor(
    readonly name: string,
    private readonly cache: FactCache,
  ) {}

  /** Gathered facts and facts from modules (precedence level 10), as the fact cache holds them. */
  get facts(): Record<string, unknown> {
    return this.cache.get(this.name) ?? {};
  }
}

export class HostStates {
  private readonly states = new Map<string, HostState>();
  constructor(readonly factCache: FactCache = new FactCache({ gathering: 'implicit', inject: true, plugin: 'memory', prefix: '', timeout: 86400 })) {}

  get(host: string): HostState {
    let s = this.states.get(host);
    if (!s) {
      s = new HostState(host, this.factCache);
      this.states.set(host, s);
    }
    return s;
  }
}

/**
 * Stores facts for a host (set_host_facts): what a module's ansible_facts, setup and cacheable
 * set_fact do, and what delegate_facts needs for the delegated host.
 */
export function storeHostFacts(states: HostStates, host: string, facts: Record<string, unknown>): void {
  states.factCache.update(host, facts);
}

/** meta: clear_facts for one host. */
export function clearHostFacts(states: HostStates, host: string): void {
  states.factCache.clear(host);
}
