/**
 * Everything one run shares, passed explicitly (no ambient state): the loaded playbook, the
 * inventory, the action table, per-host state, counters and the event sink.
 */
import type { Playbook } from '../load/model.js';
import type { InventoryView } from './inventory-view.js';
import type { ActionTable } from './registry.js';
import type { HostStates } from './host-state.js';
import type { RunStats } from './stats.js';
import type { RunEvent } from '../output/events.js';
import type { TemplateRegistry } from '../template/types.js';
import type { ConnectionPool } from './connections.js';
import type { ClientFactory } from '../module-api.js';
import type { VaultLib } from '../vault/vault-lib.js';
import type { VaultText } from '../values/vault-text.js';

export interface RunOptions {
  check: boolean;
  diff: boolean;
  verbosity: number;
  forks: number;
  limit?: string;
  /** Parsed `-e` values, lowest first (later ones win). */
  extraVars: Record<string, unknown>;
  tags: string[];
  skipTags: string[];
  startAtTask?: string;
  /** `--force-handlers`: handlers run on hosts that failed (a play's force_handlers overrides). */
  forceHandlers: boolean;
  /** Reads the inventory sources again (meta: refresh_inventory). */
  reloadInventory?: () => Promise<InventoryView>;
}

export interface RunContext {
  playbook: Playbook;
  inventory: InventoryView;
  actions: ActionTable;
  templates: TemplateRegistry;
  hosts: HostStates;
  stats: RunStats;
  options: RunOptions;
  connections: ConnectionPool;
  /** SDK clients (AWS …) made once per key for the run. */
  clients: ClientFactory;
  emit(e: RunEvent): void;
  signal: AbortSignal;
  /** The `omit` placeholder of this run. */
  omit: string;
  /** Set once --start-at-task has found its task. */
  started: boolean;
  /** The run's vault secrets; what they decrypt is masked in every event. */
  vault: VaultLib;
  /** Decrypts a `!vault` value when used (TemplateOptions.vault). */
  revealVault: (v: VaultText) => string;
  /** The last play batch's TaskQueueManager result (ansible-playbook exits with it). */
  playResult?: number;
}
