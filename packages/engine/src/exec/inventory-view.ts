/** What the executor needs from an inventory; inventory/Inventory implements it. */
export interface InventoryLayer {
  source: string;
  vars: Record<string, unknown>;
}

export interface InventoryView {
  /** Hosts matching a pattern, in Ansible's order, after `limit` when given. */
  selectHosts(pattern: string, opts?: { limit?: string }): string[];
  /** The host's inventory variable layers, lowest precedence first (group tiers, host vars). */
  hostLayers(host: string, playbookDir?: string): InventoryLayer[];
  /** `group_names`. */
  groupsOfHost(host: string): string[];
  /** The `groups` magic variable. */
  groupsDict(): Record<string, string[]>;
  /** A known host (implicit localhost included). */
  getHost(host: string): unknown;
  /** Every source given with -i (ansible_inventory_sources). */
  readonly sources: readonly string[];
}
