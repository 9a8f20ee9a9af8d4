/**
 * gather_subset → collectors, as ansible-core 2.16's collector.get_collector_names and
 * select_collector_classes decide it for Linux (module_utils/facts/collector.py), and the
 * `filter` option (AnsibleFactCollector._filter).
 */
import { fnmatchRegex } from '@pgplay/engine/module-api';

/** Linux collectors in ansible's default_collectors order, with the fact ids that name them. */
export const COLLECTORS: ReadonlyArray<{ name: string; ids?: string[]; requires?: string[] }> = [
  { name: 'platform', ids: ['architecture', 'kernel', 'kernel_version', 'machine', 'machine_id', 'python_version', 'system'] },
  { name: 'distribution', ids: ['distribution_major_version', 'distribution_release', 'distribution_version', 'os_family'] },
  { name: 'lsb' },
  { name: 'selinux' },
  { name: 'apparmor' },
  { name: 'chroot', ids: ['is_chroot'] },
  { name: 'fips' },
  { name: 'python' },
  { name: 'caps', ids: ['system_capabilities', 'system_capabilities_enforced'] },
  { name: 'pkg_mgr', requires: ['distribution'] },
  { name: 'service_mgr', requires: ['platform', 'distribution'] },
  { name: 'cmdline' },
  { name: 'date_time' },
  { name: 'env' },
  { name: 'loadavg' },
  { name: 'ssh_pub_keys', ids: ['ssh_host_key_dsa_public', 'ssh_host_key_ecdsa_public', 'ssh_host_key_ed25519_public', 'ssh_host_key_rsa_public', 'ssh_host_pub_keys'] },
  { name: 'user', ids: ['effective_group_ids', 'effective_user_id', 'real_user_id', 'user_dir', 'user_gecos', 'user_gid', 'user_id', 'user_shell', 'user_uid'] },
  { name: 'virtual', ids: ['virtualization_role', 'virtualization_tech_guest', 'virtualization_tech_host', 'virtualization_type'] },
  { name: 'hardware', ids: ['devices', 'mounts', 'processor', 'processor_cores', 'processor_count'], requires: ['platform'] },
  { name: 'dns' },
  { name: 'fibre_channel_wwn' },
  { name: 'network', ids: ['all_ipv4_addresses', 'all_ipv6_addresses', 'default_ipv4', 'default_ipv6', 'interfaces'], requires: ['distribution', 'platform'] },
  { name: 'iscsi' },
  { name: 'nvme' },
  { name: 'local' },
  { name: 'facter', ids: ['facter'] },
  { name: 'ohai' },
];

/** modules/setup.py's minimal_gather_subset. */
export const MIN_SUBSET = new Set(['apparmor', 'caps', 'cmdline', 'date_time', 'distribution', 'dns', 'env', 'fips', 'local', 'lsb', 'pkg_mgr', 'platform', 'python', 'selinux', 'service_mgr', 'ssh_pub_keys', 'user']);

/** Fact id or collector name → the collector that provides it. */
const BY_ID = new Map<string, string>();
for (const c of COLLECTORS) {
  BY_ID.set(c.name, c.name);
  for (const id of c.ids ?? []) BY_ID.set(id, c.name);
}
const VALID = new Set(BY_ID.keys());

/** The subsets ansible names when one is unknown (its TypeError text, in Python's sorted order). */
export function badSubsetMessage(subset: string): string {
  return `Bad subset '${subset}' given to Ansible. gather_subset options allowed: all, ${[...VALID].sort().join(', ')}`;
}

export class SubsetError extends Error {}

/** get_collector_names: 'min' first, additions, exclusions ('!x'), explicit additions win. */
function collectorNames(gatherSubset: string[]): Set<string> {
  const add = new Set<string>();
  const exclude = new Set<string>();
  const explicit = new Set<string>();
  for (const item of ['min', ...gatherSubset]) {
    if (item === 'min') {
      for (const s of MIN_SUBSET) add.add(s);
    } else if (item === 'all') {
      for (const s of VALID) add.add(s);
    } else if (item.startsWith('!')) {
      const s = item.slice(1);
      if (s === 'min') {
        for (const m of MIN_SUBSET) exclude.add(m);
      } else if (s === 'all') {
        for (const v of VALID) if (!MIN_SUBSET.has(v)) exclude.add(v);
      } else {
        // '!hardware' also excludes the fact ids that name it ('devices', 'mounts' …)
        for (const id of COLLECTORS.find((c) => c.name === s)?.ids ?? []) exclude.add(id);
        exclude.add(s);
      }
    } else {
      if (!VALID.has(item)) throw new SubsetError(badSubsetMessage(item));
      explicit.add(item);
      add.add(item);
    }
  }
  for (const e of exclude) if (!explicit.has(e)) add.delete(e);
  return add;
}

/** The collectors to run, in ansible's order, with the ones they require. */
export function selectCollectors(gatherSubset: string[]): string[] {
  const wanted = new Set<string>();
  for (const n of collectorNames(gatherSubset)) wanted.add(BY_ID.get(n)!);
  for (const c of COLLECTORS) if (wanted.has(c.name)) for (const r of c.requires ?? []) wanted.add(r);
  return COLLECTORS.map((c) => c.name).filter((n) => wanted.has(n));
}

/** AnsibleFactCollector._filter: fnmatch patterns, tried again with `ansible_` prepended. */
export function filterFacts(facts: Record<string, unknown>, filter: string[]): Record<string, unknown> {
  if (filter.length === 0 || (filter.length === 1 && filter[0] === '*')) return facts;
  const out: Record<string, unknown> = {};
  for (const f of filter) {
    const re = f ? fnmatchRegex(f) : null;
    const prefixed = f && !/^(ansible_|facter|ohai)/.test(f) ? fnmatchRegex(`ansible_${f}`) : null;
    for (const [k, v] of Object.entries(facts)) {
      if (!re || re.test(k) || prefixed?.test(k)) out[k] = v;
    }
  }
  return out;
}
