/**
 * `ansible PATTERN --list-hosts [--limit L]`: which hosts a pattern selects, printed as the ad-hoc
 * CLI prints them, with its warnings and its "no hosts" rules (`cli/__init__.py:get_host_list`).
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
  try {
    const noHosts = inv.selectHosts('all', { onWarning }).length === 0;
    if (noHosts && !LOCALHOST_NAMES.includes(pattern)) {
      onWarning("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'");
    }
    let hosts = inv.selectHosts(pattern, limit === undefined ? { onWarning } : { limit, onWarning });
    if (hosts.length === 0 && LOCALHOST_NAMES.includes(pattern)) hosts = [pattern];
    if (hosts.length === 0 && !noHosts) {
      if (limit !== undefined) throw new InventoryError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
      onWarning('No hosts matched, nothing to do');
    }
    const lines = [`  hosts (${hosts.length}):`, ...hosts.map((h) => `    ${h}`)];
    return { hosts, stdout: lines.join('\n') + '\n', warnings };
  } catch (e) {
    if (!(e instanceof InventoryError)) throw e;
    return { hosts: [], stdout: '', warnings, error: e.message };
  }
}
