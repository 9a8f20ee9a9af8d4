import type { HostStats } from '../output/events.js';

/** The PLAY RECAP counters, per host, as ansible's AggregateStats keeps them. */
export class RunStats {
  private readonly byHost = new Map<string, HostStats>();

  private of(host: string): HostStats {
    let s = this.byHost.get(host);
    if (!s) {
      s = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
      this.byHost.set(host, s);
    }
    return s;
  }

  bump(host: string, what: keyof HostStats, n = 1): void {
    this.of(host)[what] += n;
  }

  /** Ansible's decrement of failures when a block's rescue succeeds. */
  touch(host: string): void {
    this.of(host);
  }

  snapshot(): Record<string, HostStats> {
    const out: Record<string, HostStats> = {};
    for (const h of [...this.byHost.keys()].sort()) out[h] = { ...this.byHost.get(h)! };
    return out;
  }

  anyFailed(): boolean {
    return [...this.byHost.values()].some((s) => s.failed > 0);
  }
  anyUnreachable(): boolean {
    return [...this.byHost.values()].some((s) => s.unreachable > 0);
  }
}
