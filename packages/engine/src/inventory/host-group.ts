/**
 * Hosts and groups as `inventory/host.py` and `inventory/group.py` keep them: groups form a DAG
 * with depths (longest path from `all`), a host knows every ancestor group it is in, and a
 * group's hosts are its own followed by its descendants', breadth first.
 */
export class InventoryError extends Error {}

export class Host {
  vars: Record<string, unknown> = {};
  readonly groups: Group[] = [];
  /** The implicit localhost: usable by name, never a member of `all`. */
  implicit = false;

  constructor(readonly name: string, port?: number) {
    if (port !== undefined) this.vars.ansible_port = port;
  }

  setVariable(key: string, value: unknown): void {
    setVar(this.vars, key, value);
  }

  addGroup(group: Group): boolean {
    for (const g of group.ancestors()) if (!this.groups.includes(g)) this.groups.push(g);
    if (this.groups.includes(group)) return false;
    this.groups.push(group);
    return true;
  }

  removeGroup(group: Group): boolean {
    const i = this.groups.indexOf(group);
    if (i < 0) return false;
    this.groups.splice(i, 1);
    for (const old of group.ancestors()) {
      if (old.name === 'all') continue;
      if (!this.groups.some((g) => g.ancestors().has(old))) this.removeGroup(old);
    }
    return true;
  }

  /** `group_names`: every group but `all`, sorted. */
  groupNames(): string[] {
    return this.groups.map((g) => g.name).filter((n) => n !== 'all').sort(codepointCompare);
  }
}

export class Group {
  vars: Record<string, unknown> = {};
  readonly hosts: Host[] = [];
  /** Names in `hosts`, for membership tests on large groups. */
  private readonly hostNames = new Set<string>();
  readonly childGroups: Group[] = [];
  readonly parentGroups: Group[] = [];
  depth = 0;
  /** `ansible_group_priority`, kept out of vars as Ansible does. */
  priority = 1;

  constructor(readonly name: string) {}

  setVariable(key: string, value: unknown): void {
    if (key === 'ansible_group_priority') this.priority = pyIntValue(value);
    else setVar(this.vars, key, value);
  }

  ancestors(): Set<Group> {
    return walk(this, (g) => g.parentGroups);
  }

  /** Breadth first, self first; the order `get_hosts()` (and so `all`, patterns) lists hosts in. */
  descendantsOrdered(includeSelf: boolean): Group[] {
    const ordered: Group[] = includeSelf ? [this] : [];
    const seen = new Set<Group>();
    let level = [...this.childGroups];
    ordered.push(...level);
    while (level.length) {
      for (const g of level) seen.add(g);
      const next: Group[] = [];
      for (const g of level) {
        for (const kid of g.childGroups) {
          if (!seen.has(kid)) ordered.push(kid);
          if (!next.includes(kid)) next.push(kid);
        }
      }
      level = next.filter((g) => !seen.has(g));
    }
    return ordered;
  }

  addChildGroup(group: Group): boolean {
    if (group === this) throw new InventoryError("can't add group to itself");
    if (this.childGroups.includes(group)) return false;
    const startAncestors = group.ancestors();
    const newAncestors = this.ancestors();
    if (newAncestors.has(group)) {
      throw new InventoryError(`Adding group '${group.name}' as child to '${this.name}' creates a recursive dependency loop.`);
    }
    newAncestors.add(this);
    for (const g of startAncestors) newAncestors.delete(g);
    this.childGroups.push(group);
    group.depth = Math.max(this.depth + 1, group.depth);
    group.checkChildrenDepth();
    if (!group.parentGroups.some((g) => g.name === this.name)) {
      group.parentGroups.push(this);
      for (const h of group.allHosts()) for (const g of newAncestors) if (!h.groups.includes(g)) h.groups.push(g);
    }
    return true;
  }

  private checkChildrenDepth(): void {
    let depth = this.depth;
    const start = this.depth;
    const seen = new Set<Group>();
    let unprocessed = new Set(this.childGroups);
    while (unprocessed.size) {
      for (const g of unprocessed) seen.add(g);
      depth++;
      const next = new Set<Group>();
      for (const g of unprocessed) {
        if (g.depth < depth) {
          g.depth = depth;
          for (const k of g.childGroups) next.add(k);
        }
      }
      unprocessed = next;
      if (depth - start > seen.size) throw new InventoryError(`The group named '${this.name}' has a recursive dependency loop.`);
    }
  }

  addHost(host: Host): boolean {
    if (this.hostNames.has(host.name)) return false;
    this.hosts.push(host);
    this.hostNames.add(host.name);
    host.addGroup(this);
    return true;
  }

  removeHost(host: Host): boolean {
    if (!this.hostNames.has(host.name)) return false;
    this.hosts.splice(this.hosts.findIndex((h) => h.name === host.name), 1);
    this.hostNames.delete(host.name);
    host.removeGroup(this);
    return true;
  }

  /** Own and descendant hosts, first occurrence kept; `all` leaves out the implicit localhost. */
  allHosts(): Host[] {
    const out: Host[] = [];
    const seen = new Set<Host>();
    for (const g of this.descendantsOrdered(true)) {
      for (const h of g.hosts) {
        if (seen.has(h)) continue;
        seen.add(h);
        if (this.name === 'all' && h.implicit) continue;
        out.push(h);
      }
    }
    return out;
  }
}

function walk(start: Group, rel: (g: Group) => Group[]): Set<Group> {
  const seen = new Set<Group>();
  let todo = rel(start);
  while (todo.length) {
    const next: Group[] = [];
    for (const g of todo) {
      if (seen.has(g)) continue;
      seen.add(g);
      next.push(...rel(g));
    }
    todo = next;
  }
  return seen;
}

/** Inventory objects set one variable at a time; dicts replace dicts (hash_behaviour=replace). */
function setVar(vars: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(vars, key, { value, enumerable: true, writable: true, configurable: true });
}

function pyIntValue(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'number') {
    return Math.trunc((v as { value: number }).value);
  }
  const s = String(v).trim();
  if (!/^[+-]?\d+$/.test(s)) throw new InventoryError(`invalid literal for int() with base 10: '${String(v)}'`);
  return Number(s);
}

/** Python's str ordering (by code point), which sorted() and json sort_keys use. */
export function codepointCompare(a: string, b: string): number {
  const ai = [...a];
  const bi = [...b];
  for (let i = 0; i < Math.min(ai.length, bi.length); i++) {
    const d = ai[i]!.codePointAt(0)! - bi[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ai.length - bi.length;
}
