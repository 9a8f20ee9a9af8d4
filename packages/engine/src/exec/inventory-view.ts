/** What the executor needs from an inventory (inventory/ implements it; tests may build one). */
export interface InventoryLayer {
  source: string;
  vars: Record<string, unknown>;
}

export interface InventoryView {
  /** Hosts matching a pattern, in Ansible's order, after --limit. */
  selectHosts(pattern: string, opts?: { limit?: string; ignoreLimit?: boolean }): string[];
  /** The host's inventory variable layers, lowest precedence first (group tiers, host vars). */
  hostLayers(host: string, playbookDir?: string): InventoryLayer[];
  /** `group_names`: the host's groups, sorted, without `all`/`ungrouped`... as Ansible lists them. */
  groupNamesOf(host: string): string[];
  /** The `groups` magic variable. */
  groupsDict(): Record<string, string[]>;
  hasHost(host: string): boolean;
  /** Every source given with -i, as absolute paths (ansible_inventory_sources). */
  sources: readonly string[];
}
