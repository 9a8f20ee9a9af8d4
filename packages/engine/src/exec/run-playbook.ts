/**
 * The library's entry point: load → validate (every problem, before any host is touched) →
 * run the plays → recap. Never writes to stdout and never exits the process: events go to
 * `onEvent`, the outcome is the returned RunResult.
 */
import { randomBytes, createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Registry } from './registry.js';
import { ActionTable } from './registry.js';
import { ENGINE_ACTIONS } from '../actions/index.js';
import { loadPlaybookFile } from '../load/load-playbook.js';
import { validatePlaybookModel } from '../validate/validate-playbook.js';
import { checkVaultValues } from '../validate/check-vault.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import type { InventoryView } from './inventory-view.js';
import type { HostStats, RunEvent, RunEventListener } from '../output/events.js';
import type { Playbook } from '../load/model.js';
import { HostStates } from './host-state.js';
import { factCacheFromEnv } from './fact-cache.js';
import { RunStats } from './stats.js';
import { ConnectionPool } from './connections.js';
import { parseExtraVars } from '../vars/extra-vars.js';
import { runPlay } from './run-play.js';
import { PlayError } from './errors.js';
import { TemplateError } from '../template/errors.js';
import type { RunContext, RunOptions } from './run-context.js';
import type { TemplateRegistry } from '../template/types.js';
import { ansibleRegistry } from '../template/ansible/index.js';
import { VaultLib } from '../vault/vault-lib.js';
import { vaultReader, maskValue, maskText } from './vault-values.js';

/** Ansible's filters, tests and lookups under the ones a caller adds. */
function templateRegistry(r: Registry): TemplateRegistry {
  return {
    filters: { ...ansibleRegistry.filters, ...r.filters },
    tests: { ...ansibleRegistry.tests, ...r.tests },
    lookups: { ...ansibleRegistry.lookups, ...r.lookups },
  };
}

export interface RunPlaybookOptions {
  /** Path of the playbook file. */
  playbook: string;
  inventory: InventoryView;
  registry: Registry;
  /** `-e` values as given on the command line, or already-parsed variables. */
  extraVars?: readonly string[] | Record<string, unknown>;
  check?: boolean;
  diff?: boolean;
  verbosity?: number;
  /** Hosts run at once; pgplay defaults to 50 (Ansible: 5). */
  forks?: number;
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  startAtTask?: string;
  /** `--force-handlers`. */
  forceHandlers?: boolean;
  /** Reads the inventory sources again, for `meta: refresh_inventory` (the CLI passes its loader). */
  reloadInventory?: () => Promise<InventoryView>;
  /** Load and validate only (`--syntax-check`). */
  syntaxCheck?: boolean;
  onEvent?: RunEventListener;
  signal?: AbortSignal;
  /** Vault secrets for `!vault` values and vaulted files (see loadVaultSecrets); what they
   * decrypt never reaches an event, error or diagnostic (masked as ********). */
  vault?: VaultLib;
}

export interface RunResult {
  /** ansible-playbook's exit codes: 0 ok, 1 error, 2 host failed, 4 unreachable or parse error, 99 interrupted. */
  exitCode: number;
  stats: Record<string, HostStats>;
  diagnostics: Diagnostic[];
  /** A run-stopping error (ansible's "ERROR! …"), when there was one. */
  error?: string;
}

export interface PreparedPlaybook {
  playbook: Playbook | undefined;
  actions: ActionTable;
  diagnostics: Diagnostic[];
}

/**
 * Loads and statically validates a playbook; `diagnostics` holds every problem found.
 * `extraVars` are the parsed `-e` values: import names and role names may use them.
 */
export function preparePlaybook(path: string, registry: Registry, opts: { extraVars?: Record<string, unknown>; vault?: VaultLib } = {}): PreparedPlaybook {
  const actions = new ActionTable(registry.modules ?? [], ENGINE_ACTIONS);
  const vault = opts.vault ?? new VaultLib();
  const loaded = loadPlaybookFile(path, actions.resolve, { extraVars: opts.extraVars ?? {}, templates: templateRegistry(registry), vault });
  const diagnostics = [...loaded.diagnostics];
  if (loaded.playbook) {
    diagnostics.push(...validatePlaybookModel(loaded.playbook, actions, templateRegistry(registry), vault));
    diagnostics.push(...checkVaultValues(loaded.playbook, vault));
  }
  return { playbook: loaded.playbook, actions, diagnostics };
}

/** ansible-playbook exits with the result of the last play batch it ran. */
function exitCodeOf(rc: RunContext): number {
  const r = rc.playResult ?? 0;
  return r === 8 ? 2 : r;
}

function extraVarsOf(opts: RunPlaybookOptions, vault: VaultLib): { vars: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const ev = opts.extraVars;
  if (ev === undefined) return { vars: {}, diagnostics: [] };
  if (Array.isArray(ev)) return parseExtraVars(ev as string[], process.cwd(), vault);
  return { vars: { ...(ev as Record<string, unknown>) }, diagnostics: [] };
}

export async function runPlaybook(opts: RunPlaybookOptions): Promise<RunResult> {
  const vault = opts.vault ?? new VaultLib();
  // Every event leaves masked: a decrypted value or vault password never reaches a listener.
  const emit = (e: RunEvent) => opts.onEvent?.(maskValue(e, vault.secretTexts()));
  const extra = extraVarsOf(opts, vault);
  const prepared = preparePlaybook(opts.playbook, opts.registry, { extraVars: extra.vars, vault });
  const facts = factCacheFromEnv(process.env);
  const diagnostics = maskValue([...prepared.diagnostics, ...extra.diagnostics, ...facts.diagnostics], vault.secretTexts());
  if (diagnostics.some((d) => d.severity === 'error') || !prepared.playbook) {
    emit({ kind: 'playbook-end', exitCode: 4 });
    return { exitCode: 4, stats: {}, diagnostics };
  }
  if (opts.syntaxCheck) {
    emit({ kind: 'playbook-end', exitCode: 0 });
    return { exitCode: 0, stats: {}, diagnostics };
  }
  const options: RunOptions = {
    check: opts.check ?? false, diff: opts.diff ?? false, verbosity: opts.verbosity ?? 0, forks: opts.forks ?? 50,
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
    extraVars: extra.vars, tags: opts.tags ?? [], skipTags: opts.skipTags ?? [],
    ...(opts.startAtTask !== undefined ? { startAtTask: opts.startAtTask } : {}),
    forceHandlers: opts.forceHandlers ?? false,
    ...(opts.reloadInventory ? { reloadInventory: opts.reloadInventory } : {}),
  };
  const clients = new Map<string, unknown>();
  // The run's own signal, following the caller's: every host's command in flight listens on it, so
  // with more than 10 hosts at once Node would warn (MaxListenersExceededWarning) about what is
  // the normal case here; the caller's signal gets one listener, removed when the run ends.
  const run = new AbortController();
  setMaxListeners(0, run.signal);
  const follow = () => run.abort(opts.signal?.reason);
  if (opts.signal?.aborted) follow();
  else opts.signal?.addEventListener('abort', follow, { once: true });
  const rc: RunContext = {
    playbook: prepared.playbook, inventory: opts.inventory, actions: prepared.actions,
    templates: templateRegistry(opts.registry), hosts: new HostStates(facts.cache), stats: new RunStats(), options,
    connections: new ConnectionPool(run.signal),
    clients: { get: <T>(k: string, make: () => T): T => (clients.has(k) ? clients.get(k) : clients.set(k, make()).get(k)) as T },
    emit, signal: run.signal,
    omit: `__omit_place_holder__${createHash('sha1').update(randomBytes(64)).digest('hex')}`,
    started: opts.startAtTask === undefined,
    vault, revealVault: vaultReader(vault),
  };
  emit({ kind: 'playbook-start', file: opts.playbook, check: options.check, diff: options.diff });
  let error: string | undefined;
  let exitCode: number | undefined;
  try {
    for (const play of prepared.playbook.plays) {
      if (rc.signal.aborted) break;
      if ((await runPlay(rc, play)) === 'stop') break;
    }
  } catch (e) {
    if (e instanceof PlayError || e instanceof TemplateError) {
      error = e.message;
      exitCode = e instanceof PlayError ? e.exitCode : 1;
    } else if (rc.signal.aborted) exitCode = 99;
    else throw e;
  } finally {
    opts.signal?.removeEventListener('abort', follow);
    await rc.connections.closeAll();
  }
  const stats = rc.stats.snapshot();
  if (error === undefined) emit({ kind: 'recap', stats });
  if (error === undefined && !rc.started && !rc.signal.aborted) {
    emit({ kind: 'error', message: `No matching task "${opts.startAtTask}" found. Note: --start-at-task can only follow static includes.` });
  }
  exitCode ??= rc.signal.aborted ? 99 : exitCodeOf(rc);
  emit({ kind: 'playbook-end', exitCode });
  return { exitCode, stats, diagnostics, ...(error !== undefined ? { error: maskText(error, vault.secretTexts()) } : {}) };
}
