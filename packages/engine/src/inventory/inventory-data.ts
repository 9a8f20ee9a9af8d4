/**
 * The host and group store with Ansible's invariants (`inventory/data.py`): `all` and `ungrouped`
 * always exist, top-level groups become children of `all` and group-less hosts members of
 * `ungrouped` when the inventory is reconciled, and `localhost` exists implicitly.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Group, Host, InventoryError } from './host-group.js';

export const LOCALHOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

export interface InventoryDataOptions {
  /** `ansible_python_interpreter` of the implicit localhost (Ansible uses its own sys.executable). */
  localPython?: string;
}

export class InventoryData {
  readonly groups = new Map<string, Group>();
  readonly hosts = new Map<string, Host>();
  localhost: Host | undefined;
  /** The source being parsed; hosts seen first in it get `inventory_file`/`inventory_dir`. */
  currentSource: string | undefined;
  readonly processedSources: string[] = [];
  /** Messages Ansible prints as [WARNING] while building the inventory. */
  readonly warnings: string[] = [];

  constructor(readonly options: InventoryDataOptions = {}) {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  addGroup(name: string): string {
    if (!name) throw new InventoryError(`Invalid empty/false group name provided: ${name}`);
    if (!this.groups.has(name)) this.groups.set(name, new Group(name));
    return name;
  }

  addHost(name: string, group?: string, port?: number): string {
    if (!name) throw new InventoryError(`Invalid empty host name provided: ${name}`);
    let g: Group | undefined;
    if (group) {
      g = this.groups.get(group);
      if (!g) throw new InventoryError(`Could not find group ${group} in inventory`);
    }
    let h = this.hosts.get(name);
    if (!h) {
      h = new Host(name, port);
      this.hosts.set(name, h);
      h.setVariable('inventory_file', this.currentSource ?? null);
      h.setVariable('inventory_dir', this.currentSource === undefined ? null : this.sourceDir(this.currentSource));
      if (LOCALHOST_NAMES.includes(name)) {
        if (this.localhost === undefined) this.localhost = h;
        else this.warnings.push(`A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`);
      }
    }
    if (g) g.addHost(h);
    return name;
  }

  private readonly sourceDirs = new Map<string, string>();
  private sourceDir(source: string): string {
    if (!this.sourceDirs.has(source)) this.sourceDirs.set(source, baseDir(source));
    return this.sourceDirs.get(source)!;
  }

  setVariable(entity: string, key: string, value: unknown): void {
    const obj = this.groups.get(entity) ?? this.hosts.get(entity);
    if (!obj) throw new InventoryError(`Could not identify group or host named ${entity}`);
    obj.setVariable(key, value);
  }

  addChild(group: string, child: string): boolean {
    const g = this.groups.get(group);
    if (!g) throw new InventoryError(`${group} is not a known group`);
    const cg = this.groups.get(child);
    if (cg) return g.addChildGroup(cg);
    const ch = this.hosts.get(child);
    if (ch) return g.addHost(ch);
    throw new InventoryError(`${child} is not a known host nor group`);
  }

  /** A host by name; `localhost`/`127.0.0.1`/`::1` are created implicitly when not listed. */
  getHost(name: string): Host | undefined {
    const h = this.hosts.get(name);
    if (h || !LOCALHOST_NAMES.includes(name)) return h;
    if (!this.localhost) {
      const lh = new Host(name);
      lh.implicit = true;
      lh.setVariable('ansible_python_interpreter', this.options.localPython ?? '/usr/bin/python3');
      lh.setVariable('ansible_connection', 'local');
      this.localhost = lh;
    }
    return this.localhost;
  }

  reconcile(): void {
    this.currentSource = undefined;
    const all = this.groups.get('all')!;
    const ungrouped = this.groups.get('ungrouped')!;
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && g.ancestors().size === 0) this.addChild('all', g.name);
    }
    for (const h of this.hosts.values()) {
      const mine = h.groups;
      if (mine.includes(ungrouped)) {
        if (mine.some((g) => g !== all && g !== ungrouped)) ungrouped.removeHost(h);
      } else if (!h.implicit) {
        if (mine.length === 0 || (mine.length === 1 && mine[0] === all)) this.addChild('ungrouped', h.name);
      }
      if (h.implicit) h.vars = { ...all.vars, ...h.vars };
    }
    for (const name of this.groups.keys()) {
      if (this.hosts.has(name)) this.warnings.push(`Found both group and host with same name: ${name}`);
    }
  }

  /** The `groups` magic variable: every group with its hosts, in get_hosts() order. */
  groupsDict(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, g] of this.groups) out[name] = g.allHosts().map((h) => h.name);
    return out;
  }
}

/**
 * `ansible.utils.path.basedir`: a directory stays itself, a file gives its directory; anything else
 * (a host list) gives to_text(None), which is the string "None" that Ansible stores.
 */
export function baseDir(source: string): string {
  try {
    const st = statSync(source);
    if (st.isDirectory()) return resolve(source);
    if (st.isFile()) return dirname(resolve(source));
  } catch {
    // a host list ("a,b,") or a vanished path has no directory
  }
  return 'None';
}
