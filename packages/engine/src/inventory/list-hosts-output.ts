/**
 * `ansible PATTERN --list-hosts [--limit L]`: which hosts a pattern selects, printed as the ad-hoc
 * CLI prints them, with its warnings and its "no hosts" rules (`cli/__init__.py:get_host_list`,
 * `cli/adhoc.py`).
 */
import { InventoryError } from './host-group.js';
import type { Inventory } from './inventory.js';
import { LOCALHOST_NAMES } from './inventory-data.js';

export interface ListHostsResult {
  /** Host names selected (what a play's `hosts:` would run on, before batching). */
  hosts: string[];
  /** Exactly what Ansible prints on stdout. */
  stdout: string;
  /** Ansible's [WARNING] messages, in order. */
  warnings: string[];
  /** Set when Ansible stops with "ERROR! …" (exit status 1). */
  error?: string;
}

export function listHosts(inv: Inventory, pattern: string, limit?: string): ListHostsResult {
  const warnings: string[] = [];
  const onWarning = (m: string): void => {
    if (!warnings.includes(m)) warnings.push(m);
  };
  let hosts: string[] = [];
  try {
    hosts = hostList(inv, pattern, limit, onWarning);
  } catch (e) {
    if (!(e instanceof InventoryError)) throw e;
    // The ad-hoc CLI only gives up when a --limit is involved; otherwise it lists no hosts.
    if (limit !== undefined) return { hosts: [], stdout: '', warnings, error: e.message };
    onWarning('No hosts matched, nothing to do');
  }
  const lines = [`  hosts (${hosts.length}):`, ...hosts.map((h) => `    ${h}`)];
  return { hosts, stdout: lines.join('\n') + '\n', warnings };
}

/** `CLI.get_host_list`: the implicit localhost when asked by name, an error when nothing is left. */
function hostList(inv: Inventory, pattern: string, limit: string | undefined, onWarning: (m: string) => void): string[] {
  const noHosts = inv.selectHosts('all', { onWarning }).length === 0;
  if (noHosts && !LOCALHOST_NAMES.includes(pattern)) {
    onWarning("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'");
  }
  let hosts = inv.selectHosts(pattern, limit === undefined ? { onWarning } : { limit, onWarning });
  if (hosts.length === 0 && LOCALHOST_NAMES.includes(pattern)) hosts = [pattern];
  if (hosts.length === 0 && !noHosts) {
    throw new InventoryError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
  }
  return hosts;
}
