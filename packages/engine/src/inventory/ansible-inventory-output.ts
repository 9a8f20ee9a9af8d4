/**
 * `ansible-inventory --list / --graph [--vars] / --host` output, byte for byte as ansible-core
 * 2.16 prints it to stdout, except for the final newline that Ansible's display() adds: print
 * the text followed by one newline.
 */
import { isDict, isTuple, pyStr, PyTuple } from '../values/py.js';
import { isUnsafe } from '../values/unsafe.js';
import { isVaultText } from '../values/vault-text.js';
import type { Group } from './host-group.js';
import { codepointCompare, InventoryError } from './host-group.js';
import type { Inventory } from './inventory.js';
import { mergeLayers } from './inventory.js';
import { jsonDumps } from '../template/ansible/filters/py-json.js';

/** ansible-inventory's json.dumps(sort_keys=True, indent=4, preprocess_unsafe=True, ensure_ascii=False). */
const pyJsonDumps = (v: unknown) => jsonDumps(v, { indent: 4, sortKeys: true, ensureAscii: false, preprocessUnsafe: true });
// The YAML emitter lives with the to_yaml filter; it reproduces PyYAML's output, which --yaml needs.
import { dumpYaml } from '../template/ansible/yaml/emit.js';

/** C.INTERNAL_STATIC_VARS: magic variables ansible-inventory leaves out of what it prints. */
const INTERNAL_STATIC_VARS = new Set([
  'ansible_async_path', 'ansible_collection_name', 'ansible_config_file', 'ansible_dependent_role_names',
  'ansible_diff_mode', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources', 'ansible_limit',
  'ansible_play_batch', 'ansible_play_hosts', 'ansible_play_hosts_all', 'ansible_play_role_names',
  'ansible_playbook_python', 'ansible_role_name', 'ansible_role_names', 'ansible_run_tags', 'ansible_skip_tags',
  'ansible_verbosity', 'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname',
  'inventory_hostname_short', 'groups', 'group_names', 'omit', 'hostvars', 'playbook_dir', 'play_hosts',
  'role_name', 'role_names', 'role_path', 'role_uuid',
]);

export interface ListOptions {
  /** `--limit`. */
  limit?: string;
}

/** `ansible-inventory --list`. */
export function inventoryList(inv: Inventory, opts: ListOptions = {}): string {
  const all = inv.getGroup('all')!;
  const hostNames = inv.selectHosts('all', opts.limit === undefined ? {} : { limit: opts.limit });
  const available = new Set(hostNames);
  const results: Record<string, unknown> = {};
  const seen = new Set<string>();
  const format = (group: Group): void => {
    const entry: Record<string, unknown> = {};
    results[group.name] = entry;
    if (group.name !== 'all') entry.hosts = group.hosts.filter((h) => available.has(h.name)).map((h) => h.name);
    entry.children = group.childGroups.map((g) => g.name);
    for (const sub of group.childGroups) {
      if (seen.has(sub.name)) continue;
      format(sub);
      seen.add(sub.name);
    }
    for (const k of ['hosts', 'children']) if (Array.isArray(entry[k]) && (entry[k] as unknown[]).length === 0) delete entry[k];
    if (Object.keys(entry).length === 0) delete results[group.name];
  };
  format(all);
  const hostvars: Record<string, unknown> = {};
  for (const name of hostNames) {
    const vars = printableHostVars(inv, name);
    if (Object.keys(vars).length) hostvars[name] = vars;
  }
  results._meta = { hostvars };
  return pyJsonDumps(results);
}

/** `ansible-inventory --list --yaml`: groups nest, each host's vars appear under its first group. */
export function inventoryYaml(inv: Inventory, opts: ListOptions = {}): string {
  const available = new Set(inv.selectHosts('all', opts.limit === undefined ? {} : { limit: opts.limit }));
  const seenHosts = new Set<string>();
  const seenGroups = new Set<string>();
  const format = (group: Group): Record<string, unknown> => {
    const children: Record<string, unknown> = {};
    for (const sub of group.childGroups) {
      if (sub.name === 'all') continue;
      if (seenGroups.has(sub.name)) children[sub.name] = {};
      else {
        Object.assign(children, format(sub));
        seenGroups.add(sub.name);
      }
    }
    const hosts: Record<string, unknown> = {};
    if (group.name !== 'all') {
      for (const h of group.hosts) {
        if (!available.has(h.name)) continue;
        hosts[h.name] = seenHosts.has(h.name) ? {} : printableHostVars(inv, h.name);
        seenHosts.add(h.name);
      }
    }
    const entry: Record<string, unknown> = {};
    if (Object.keys(children).length) entry.children = children;
    if (Object.keys(hosts).length) entry.hosts = hosts;
    return Object.keys(entry).length ? { [group.name]: entry } : {};
  };
  // yaml.dump(default_flow_style=False, allow_unicode=True) with Ansible's dumper, minus the final newline.
  return dumpYaml(format(inv.getGroup('all')!), { flowStyle: false }).replace(/\n$/, '');
}

/** `ansible-inventory --host NAME`: the pattern must select exactly one host. */
export function inventoryHost(inv: Inventory, name: string): string {
  const hosts = inv.selectHosts(name);
  if (hosts.length !== 1) throw new InventoryError('You must pass a single valid host to --host parameter');
  return pyJsonDumps(printableHostVars(inv, hosts[0]!));
}

export interface GraphOptions {
  /** Start at this group (default `all`). */
  group?: string;
  /** `--vars`: show host and group variables. */
  vars?: boolean;
}

/** `ansible-inventory --graph [GROUP] [--vars]`. */
export function inventoryGraph(inv: Inventory, opts: GraphOptions = {}): string {
  const start = inv.getGroup(opts.group ?? 'all');
  if (!start) throw new InventoryError('Pattern must be valid group name when using --graph');
  return graphGroup(inv, start, 0, opts.vars === true).join('\n');
}

function graphGroup(inv: Inventory, group: Group, depth: number, showVars: boolean): string[] {
  const out = [graphName(`@${group.name}:`, depth)];
  const d = depth + 1;
  for (const kid of group.childGroups) out.push(...graphGroup(inv, kid, d, showVars));
  if (group.name !== 'all') {
    for (const host of group.hosts) {
      out.push(graphName(host.name, d));
      if (showVars) out.push(...showVarLines(printableHostVars(inv, host.name), d + 1));
    }
  }
  if (showVars) out.push(...showVarLines(printableGroupVars(inv, group), d));
  return out;
}

function graphName(name: string, depth: number): string {
  return depth ? '  |'.repeat(depth) + '--' + name : name;
}

function showVarLines(vars: Record<string, unknown>, depth: number): string[] {
  return Object.keys(vars)
    .sort(codepointCompare)
    .map((k) => graphName(`{${k} = ${pyStr(plain(vars[k]))}}`, depth));
}

/** What `_get_host_variables` returns: the merged inventory tiers without internal magic vars. */
export function printableHostVars(inv: Inventory, name: string): Record<string, unknown> {
  return withoutInternal(mergeLayers(inv.hostLayers(name)));
}

function printableGroupVars(inv: Inventory, group: Group): Record<string, unknown> {
  const vars = mergeLayers(inv.groupLayers(group.name));
  if (group.priority !== 1) vars.ansible_group_priority = group.priority;
  return withoutInternal(vars);
}

function withoutInternal(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) if (!INTERNAL_STATIC_VARS.has(k)) out[k] = v;
  return out;
}

/**
 * Unsafe text prints as plain text, also inside containers (repr quotes it like any str); vaulted
 * text would have to be decrypted, which ansible-inventory cannot do without vault secrets either.
 */
function plain(v: unknown): unknown {
  if (isUnsafe(v)) return v.value;
  if (isVaultText(v)) throw new InventoryError('Attempting to decrypt but no vault secrets found');
  if (isTuple(v)) return PyTuple.of_(Array.from(v, plain));
  if (Array.isArray(v)) return v.map(plain);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

