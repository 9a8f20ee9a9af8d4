/**
 * The YAML inventory format (`plugins/inventory/yaml.py`): a mapping of groups, each with
 * optional `hosts`, `vars` and `children` mappings, nested to any depth. Host keys may hold
 * ranges (`web[01:03]`) and `:port`; a null host entry means "no vars". Unknown keys and
 * non-mapping groups are warnings, as in Ansible; wrong section types stop the source.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { positionOf, valuePositionOf } from '../load/yaml-source.js';
import { isDict, PyFloat } from '../values/py.js';
import { expandHostPattern, HostPatternError } from './host-address.js';
import { InventoryError } from './host-group.js';
import { InventoryParseError } from './plugin-api.js';
import type { InventoryBuilder, InventoryPlugin, InventoryPluginContext } from './plugin-api.js';

export const YAML_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

export const yamlPlugin: InventoryPlugin = {
  name: 'yaml',
  aliases: ['ansible.builtin.yaml'],
  verifyFile(path) {
    const ext = extname(path);
    return existsSync(path) && (!ext || YAML_EXTENSIONS.includes(ext));
  },
  async parse(path, builder, ctx) {
    const data = ctx.loadYamlFile(path);
    const where = (obj: unknown, key?: string, value = false): { file: string; line: number; column: number } => {
      const p = value && key !== undefined ? valuePositionOf(obj, key) : positionOf(obj, key);
      return p ?? { file: path, line: 1, column: 1 };
    };
    if (data === null || data === undefined || data === '' || (isDict(data) && Object.keys(data).length === 0)) {
      throw new InventoryParseError('Parsed empty YAML file', where(data), 'a mapping of groups');
    }
    if (!isDict(data)) {
      throw new InventoryParseError(`YAML inventory has invalid structure, it should be a dictionary, got: ${typeName(data)}`,
        where(data), 'a mapping of groups (all: {hosts: …, vars: …, children: …})');
    }
    if (data.plugin) throw new InventoryParseError('Plugin configuration YAML file, not YAML inventory', where(data, 'plugin'));
    const reader = new YamlGroupReader(path, builder, ctx, where);
    for (const name of Object.keys(data)) reader.group(name, data[name], data);
  },
};

type Where = (obj: unknown, key?: string, value?: boolean) => { file: string; line: number; column: number };

class YamlGroupReader {
  constructor(
    readonly file: string,
    readonly inv: InventoryBuilder,
    readonly ctx: InventoryPluginContext,
    readonly where: Where,
  ) {}

  private warn(message: string, obj: unknown, key: string, ansibleText?: string): void {
    const p = this.where(obj, key);
    this.ctx.warn(message, { line: p.line, column: p.column }, ansibleText);
  }

  group(name: string, data: unknown, parent: Record<string, unknown>): string {
    if (!(data === null || isDict(data))) {
      this.warn(`Skipping '${name}' as this is not a valid group definition`, parent, name);
      return name;
    }
    this.guard(parent, name, () => this.inv.addGroup(name));
    if (data === null) return name;
    for (const section of ['vars', 'children', 'hosts']) {
      if (!(section in data)) continue;
      if (typeof data[section] === 'string') data[section] = { [data[section] as string]: null };
      if (!(data[section] === null || isDict(data[section]))) {
        throw new InventoryParseError(`Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${typeName(data[section])}" instead.`,
          this.where(data, section, true), `a mapping under ${section}`);
      }
    }
    for (const key of Object.keys(data)) this.section(name, key, data);
    return name;
  }

  private section(group: string, key: string, data: Record<string, unknown>): void {
    const value = data[key];
    if (value === null) return;
    if (!isDict(value)) {
      const msg = (t: string): string => `Skipping key (${key}) in group (${group}) as it is not a mapping, it is a ${t}`;
      this.warn(msg(typeName(value)), data, key, msg(pythonClass(value)));
    } else if (key === 'vars') {
      for (const [k, v] of Object.entries(value)) this.guard(value, k, () => this.inv.setVariable(group, k, v));
    } else if (key === 'children') {
      for (const sub of Object.keys(value)) {
        const child = this.group(sub, value[sub], value);
        this.guard(value, sub, () => this.inv.addChild(group, child));
      }
    } else if (key === 'hosts') {
      for (const pattern of Object.keys(value)) this.hosts(group, pattern, value);
    } else {
      this.warn(`Skipping unexpected key (${key}) in group (${group}), only "vars", "children" and "hosts" are valid`, data, key);
    }
  }

  private hosts(group: string, pattern: string, hosts: Record<string, unknown>): void {
    let expanded: { hosts: string[]; port: number | undefined };
    try {
      expanded = expandHostPattern(pattern);
    } catch (e) {
      if (!(e instanceof HostPatternError)) throw e;
      throw new InventoryParseError(e.message, this.where(hosts, pattern), 'a host range such as [01:10], [a:f] or [1:10:2]');
    }
    const vars = hosts[pattern] || {};
    if (!isDict(vars)) {
      throw new InventoryParseError(`Invalid data from file, expected dictionary and got:\n\n${String(vars)}`, this.where(hosts, pattern, true),
        `a mapping of variables (or nothing) for host ${pattern}`);
    }
    for (const h of expanded.hosts) {
      this.guard(hosts, pattern, () => {
        this.inv.addHost(h, group, expanded.port);
        for (const [k, v] of Object.entries(vars)) this.inv.setVariable(h, k, v);
      });
    }
  }

  /** Inventory rule violations (loops, empty names) are reported at the YAML key that caused them. */
  private guard(obj: unknown, key: string, fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      if (e instanceof InventoryError) throw new InventoryParseError(e.message, this.where(obj, key));
      throw e;
    }
  }
}

/** How Python prints `type(v)` for a value Ansible's YAML loader produced. */
function pythonClass(v: unknown): string {
  const yamlObjects: Record<string, string> = { str: 'AnsibleUnicode', list: 'AnsibleSequence', dict: 'AnsibleMapping' };
  const t = typeName(v);
  const cls = v instanceof PyFloat ? 'float' : t;
  return yamlObjects[t] ? `<class 'ansible.parsing.yaml.objects.${yamlObjects[t]}'>` : `<class '${cls}'>`;
}

export function typeName(v: unknown): string {
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'NoneType';
  return isDict(v) ? 'dict' : 'object';
}
