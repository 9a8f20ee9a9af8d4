/**
 * Where host facts live between tasks, plays and runs: ansible's fact cache. `memory` (the
 * default) lasts one run; `jsonfile` keeps one JSON file per host in a directory, as ansible's
 * plugins/cache/jsonfile.py writes them (sort_keys, indent 4), so either tool reads the other's.
 * Settings come from the environment variables ansible reads (ansible.cfg is not read).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { jsonDumps, jsonLoads } from '../template/ansible/filters/py-json.js';
import type { Diagnostic } from '../validate/diagnostic.js';

export type Gathering = 'implicit' | 'explicit' | 'smart';

export interface FactCacheSettings {
  gathering: Gathering;
  plugin: 'memory' | 'jsonfile';
  /** jsonfile: the directory (fact_caching_connection). */
  connection?: string;
  prefix: string;
  /** Seconds a cached host stays valid; 0 = forever (fact_caching_timeout). */
  timeout: number;
  /** INJECT_FACTS_AS_VARS: facts also as top-level ansible_* variables (default on). */
  inject: boolean;
}

export class FactCacheConfigError extends Error {}

/** ansible's boolean() spellings for configuration values. */
const BOOLEAN_TEXT = new Set(['y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f']);

/** The run's fact cache from the environment, or the problem as a diagnostic (exit 4, before any host). */
export function factCacheFromEnv(env: Record<string, string | undefined>): { cache?: FactCache; diagnostics: Diagnostic[] } {
  try {
    return { cache: new FactCache(factCacheSettings(env)), diagnostics: [] };
  } catch (e) {
    if (!(e instanceof FactCacheConfigError)) throw e;
    return { diagnostics: [{ code: 'unsupported-option', severity: 'error', file: '', line: 0, column: 0, message: e.message, expected: 'the fact settings ansible reads from its environment' }] };
  }
}

/** DEFAULT_GATHERING, CACHE_PLUGIN, CACHE_PLUGIN_CONNECTION/_PREFIX/_TIMEOUT from the environment (jsonfile's _prefix has no default: files are named by host). */
export function factCacheSettings(env: Record<string, string | undefined>): FactCacheSettings {
  const gathering = (env.ANSIBLE_GATHERING ?? 'implicit').toLowerCase();
  if (!['implicit', 'explicit', 'smart'].includes(gathering)) throw new FactCacheConfigError(`Invalid value "${gathering}" for ANSIBLE_GATHERING: expected implicit, explicit or smart`);
  const plugin = (env.ANSIBLE_CACHE_PLUGIN ?? 'memory').replace(/^ansible\.builtin\./, '');
  if (plugin !== 'memory' && plugin !== 'jsonfile') throw new FactCacheConfigError(`the fact cache plug-in '${plugin}' is not supported by pgplay (memory and jsonfile are)`);
  const timeout = Number(env.ANSIBLE_CACHE_PLUGIN_TIMEOUT ?? 86400);
  if (!Number.isFinite(timeout)) throw new FactCacheConfigError(`ANSIBLE_CACHE_PLUGIN_TIMEOUT must be a number, got '${env.ANSIBLE_CACHE_PLUGIN_TIMEOUT}'`);
  const connection = env.ANSIBLE_CACHE_PLUGIN_CONNECTION?.replace(/^~(?=\/|$)/, homedir());
  if (plugin === 'jsonfile' && !connection) throw new FactCacheConfigError('error, \'jsonfile\' cache plugin requires the \'fact_caching_connection\' config option to be set (to a writeable directory path)');
  const injectRaw = (env.ANSIBLE_INJECT_FACT_VARS ?? 'true').toLowerCase();
  if (!BOOLEAN_TEXT.has(injectRaw)) throw new FactCacheConfigError(`ANSIBLE_INJECT_FACT_VARS must be a boolean, got '${env.ANSIBLE_INJECT_FACT_VARS}'`);
  const inject = ['y', 'yes', 'on', '1', 'true', 't'].includes(injectRaw);
  return { gathering: gathering as Gathering, inject, plugin, prefix: env.ANSIBLE_CACHE_PLUGIN_PREFIX ?? '', timeout, ...(connection ? { connection } : {}) };
}

export class FactCache {
  private readonly memory = new Map<string, Record<string, unknown>>();

  constructor(readonly settings: FactCacheSettings) {}

  private file(host: string): string {
    return join(this.settings.connection!, `${this.settings.prefix}${host}`);
  }

  /** The cached facts of a host (jsonfile: unless older than the timeout). */
  get(host: string): Record<string, unknown> | undefined {
    if (this.memory.has(host)) return this.memory.get(host);
    if (this.settings.plugin !== 'jsonfile') return undefined;
    const f = this.file(host);
    try {
      const st = statSync(f);
      if (this.settings.timeout !== 0 && Date.now() / 1000 - st.mtimeMs / 1000 > this.settings.timeout) return undefined;
      const v = jsonLoads(readFileSync(f, 'utf8')) as Record<string, unknown>;
      this.memory.set(host, v);
      return v;
    } catch {
      return undefined;
    }
  }

  /** VariableManager.set_host_facts: a shallow update of what is cached, then written through. */
  update(host: string, facts: Record<string, unknown>): Record<string, unknown> {
    const merged = { ...(this.get(host) ?? {}), ...facts };
    this.memory.set(host, merged);
    if (this.settings.plugin === 'jsonfile') {
      const f = this.file(host);
      mkdirSync(dirname(f), { recursive: true });
      const tmp = `${f}.${process.pid}.tmp`;
      writeFileSync(tmp, jsonDumps(merged, { indent: 4, sortKeys: true }));
      renameSync(tmp, f);
    }
    return merged;
  }

  /** meta: clear_facts. */
  clear(host: string): void {
    this.memory.set(host, {});
    if (this.settings.plugin === 'jsonfile') rmSync(this.file(host), { force: true });
  }
}
