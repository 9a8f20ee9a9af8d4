/**
 * The loaded inventory: hosts, groups, pattern selection, and the inventory tiers of variable
 * precedence for a host. Variables stay raw (untemplated) in every layer.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Group, Host } from './host-group.js';
import { codepointCompare, InventoryError } from './host-group.js';
import { PatternMatcher, splitHostPattern } from './host-patterns.js';
import type { InventoryData } from './inventory-data.js';
import { VarsFileCache } from './vars-files.js';

/** One tier of variables, lowest precedence first in the lists this module returns. */
export interface VarLayer {
  /** What the layer is: "inventory group web", or the path of a group_vars/host_vars file. */
  source: string;
  vars: Record<string, unknown>;
}

export interface SelectOptions {
  /** `--limit`: the same grammar, plus `@file` entries naming a file with one pattern a line. */
  limit?: string | string[];
  /** Receives Ansible's pattern warnings ("Could not match supplied host pattern, ignoring: x"). */
  onWarning?: (message: string) => void;
}

export class Inventory {
  constructor(
    readonly data: InventoryData,
    /** The sources as Ansible resolves them (absolute paths, host lists unchanged). */
    readonly sources: readonly string[],
    readonly playbookDir: string | undefined,
    readonly varsFiles: VarsFileCache = new VarsFileCache(),
  ) {}

  get hosts(): Host[] {
    return [...this.data.hosts.values()];
  }
  get groups(): Group[] {
    return [...this.data.groups.values()];
  }
  /** A host by name; `localhost` (and 127.0.0.1, ::1) exist implicitly when not listed. */
  getHost(name: string): Host | undefined {
    return this.data.getHost(name);
  }
  getGroup(name: string): Group | undefined {
    return this.data.groups.get(name);
  }

  /** Host names matching `pattern`, in Ansible's order; throws InventoryError for bad subscripts. */
  selectHosts(pattern: string | string[], opts: SelectOptions = {}): string[] {
    const warn = opts.onWarning ?? (() => undefined);
    const matcher = new PatternMatcher(this.data, warn);
    let hosts = matcher.evaluate(splitHostPattern(pattern));
    if (opts.limit !== undefined) {
      const allowed = new Set(matcher.evaluate(limitPatterns(opts.limit)));
      hosts = hosts.filter((h) => allowed.has(h));
    }
    return [...new Set(hosts.map((h) => h.name))];
  }

  /** `group_names` of a host: its groups except `all`, sorted. */
  groupsOfHost(name: string): string[] {
    return this.getHost(name)?.groupNames() ?? [];
  }

  /** The `groups` magic variable. */
  groupsDict(): Record<string, string[]> {
    return this.data.groupsDict();
  }

  /**
   * The inventory tiers for a host, lowest first (ansible-core's default VARIABLE_PRECEDENCE):
   * inventory `all` vars < other inventory groups (depth, priority, name) < group_vars/all next to
   * each source < playbook group_vars/all < group_vars/<g> per source < playbook group_vars/<g> <
   * inventory host vars < host_vars per source < playbook host_vars. Unknown host: [].
   * `playbookDir` defaults to the one given to loadInventory; `null` leaves the playbook tiers out.
   */
  hostLayers(name: string, playbookDir: string | null = this.playbookDir ?? null): VarLayer[] {
    const host = this.getHost(name);
    if (!host) return [];
    const all = this.data.groups.get('all')!;
    const groups = sortGroups(host.groups.filter((g) => g.name !== 'all'));
    const pb = playbookDir === null ? [] : [playbookDir];
    const layers: VarLayer[] = [{ source: 'inventory group all', vars: all.vars }];
    for (const g of groups) layers.push({ source: `inventory group ${g.name}`, vars: g.vars });
    layers.push(...this.fileLayers(this.sourceDirs(), 'group_vars', [all]));
    layers.push(...this.fileLayers(pb, 'group_vars', [all]));
    layers.push(...this.fileLayers(this.sourceDirs(), 'group_vars', groups));
    layers.push(...this.fileLayers(pb, 'group_vars', groups));
    layers.push({ source: `inventory host ${host.name}`, vars: host.vars });
    layers.push(...this.fileLayers(this.sourceDirs(), 'host_vars', [host]));
    layers.push(...this.fileLayers(pb, 'host_vars', [host]));
    return layers.filter((l) => Object.keys(l.vars).length > 0);
  }

  /** The layers merged: later keys replace earlier ones, dicts included. */
  hostVars(name: string, playbookDir: string | null = this.playbookDir ?? null): Record<string, unknown> {
    return mergeLayers(this.hostLayers(name, playbookDir));
  }

  /** A group's own variables plus its group_vars files (what `ansible-inventory --graph --vars` shows). */
  groupLayers(name: string, playbookDir: string | null = this.playbookDir ?? null): VarLayer[] {
    const g = this.getGroup(name);
    if (!g) return [];
    const pb = playbookDir === null ? [] : [playbookDir];
    return [
      { source: `inventory group ${g.name}`, vars: g.vars },
      ...this.fileLayers(this.sourceDirs(), 'group_vars', [g]),
      ...this.fileLayers(pb, 'group_vars', [g]),
    ];
  }

  /** For `add_host` at run time: adds (or extends) a host and its groups, then reconciles. */
  addHost(name: string, groups: string[] = [], vars: Record<string, unknown> = {}): void {
    if (!this.data.hosts.has(name)) this.data.addHost(name, 'all');
    for (const [k, v] of Object.entries(vars)) this.data.setVariable(name, k, v);
    for (const g of groups) {
      this.data.addGroup(g);
      this.data.addChild(g, name);
    }
    this.data.reconcile();
  }

  /** For `group_by`: creates the group (under `parents` when given) and puts the host in it. */
  addGroup(name: string, host?: string, parents: string[] = []): void {
    this.data.addGroup(name);
    for (const p of parents) {
      this.data.addGroup(p);
      this.data.addChild(p, name);
    }
    if (host !== undefined) {
      const h = this.getHost(host);
      if (!h) throw new InventoryError(`${host} cannot be matched in inventory`);
      this.data.groups.get(name)!.addHost(h);
    }
    this.data.reconcile();
  }

  private sourceDirsCache: string[] | undefined;

  /** Directories whose group_vars/host_vars belong to the inventory, one per source, in order. */
  private sourceDirs(): string[] {
    if (this.sourceDirsCache) return this.sourceDirsCache;
    const out: string[] = [];
    for (const s of this.sources) {
      if (s.includes(',') && !existsSync(s)) continue;
      out.push(isDir(s) ? s : dirname(s));
    }
    return (this.sourceDirsCache = out);
  }

  private fileLayers(dirs: string[], sub: 'group_vars' | 'host_vars', entities: { name: string }[]): VarLayer[] {
    const out: VarLayer[] = [];
    for (const dir of dirs) {
      for (const e of entities) {
        for (const f of this.varsFiles.entityFiles(dir, sub, e.name)) out.push({ source: f.path, vars: f.vars });
      }
    }
    return out;
  }
}

export function mergeLayers(layers: readonly VarLayer[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of layers) {
    for (const [k, v] of Object.entries(l.vars)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `inventory/helpers.py:sort_groups`: by depth, then priority, then name. */
export function sortGroups(groups: readonly Group[]): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || codepointCompare(a.name, b.name));
}

/** `InventoryManager.subset`: split like a pattern; `@file` entries read one pattern per line. */
export function limitPatterns(limit: string | string[]): string[] {
  const out: string[] = [];
  for (const x of splitHostPattern(limit)) {
    if (x[0] !== '@') {
      out.push(x);
      continue;
    }
    const file = x.slice(1);
    if (!existsSync(file)) throw new InventoryError(`Unable to find limit file ${file}`);
    if (!statSync(file).isFile()) throw new InventoryError(`Limit starting with "@" must be a file, not a directory: ${file}`);
    out.push(...readFileSync(file, 'utf8').split('\n').map((l) => l.trim()));
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
