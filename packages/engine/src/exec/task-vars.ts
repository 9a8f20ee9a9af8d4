/**
 * The variable layers of one host for one task, in ansible-core's precedence order
 * (vars/manager.py get_vars), and the magic variables.
 */
import type { Play, Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import { LayeredScope, type VarLayer } from '../vars/layered-scope.js';
import { LazyMapping } from '../template/lazy-mapping.js';
import type { TemplateOptions } from '../template/types.js';
import { blockVars } from './inherit.js';
import { isDict } from '../values/py.js';
import { factVars } from './facts-vars.js';

export const ANSIBLE_VERSION = { full: '2.16.14', major: 2, minor: 16, revision: 14, string: '2.16.14' };

export interface PlayVars {
  play: Play;
  /** Play `vars:` (raw). */
  vars: Record<string, unknown>;
  /** vars_files contents per host (raw), loaded at play start. */
  varsFiles: Map<string, Record<string, unknown>[]>;
  /** Hosts the pattern matches, --limit applied (ansible_play_hosts_all: only failures and serial are ignored). */
  hostsAll: string[];
  /** Hosts of the play after --limit. */
  hosts: string[];
  batch: string[];
  name: string;
}

export function templateOptions(rc: RunContext, task?: Task): TemplateOptions {
  const dir = rc.playbook.dir;
  return {
    searchPath: [dir],
    cwd: dir,
    registry: rc.templates,
    checkMode: rc.options.check,
    vault: rc.revealVault,
    ...(task ? { source: { file: task.pos.file, line: task.pos.line, column: task.pos.column } } : {}),
  };
}

/** Host.get_magic_vars: an IP address stays whole, a name is cut at its first dot. */
function shortName(host: string): string {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') ? host : host.split('.')[0]!;
}

function factsLayer(facts: Record<string, unknown>, inject: boolean): VarLayer {
  return { name: 'facts', vars: factVars(facts, inject), native: true };
}

function optionsVars(rc: RunContext): Record<string, unknown> {
  const o = rc.options;
  return {
    ansible_check_mode: o.check,
    ansible_diff_mode: o.diff,
    ansible_forks: o.forks,
    ansible_inventory_sources: [...rc.inventory.sources],
    ansible_limit: o.limit ?? null,
    ansible_run_tags: o.tags.length ? o.tags : ['all'],
    ansible_skip_tags: o.skipTags,
    ansible_verbosity: o.verbosity,
    ansible_version: ANSIBLE_VERSION,
  };
}

/** Layers a host has at play level (no task or block vars): what hostvars[h] shows. */
export function hostLayers(rc: RunContext, pv: PlayVars, host: string): VarLayer[] {
  const state = rc.hosts.get(host);
  const inv = rc.inventory.hostLayers(host, rc.playbook.dir).map((l) => ({ name: l.source, vars: l.vars }));
  const hostMagic: VarLayer = {
    name: 'host magic', native: true,
    vars: { inventory_hostname: host, inventory_hostname_short: shortName(host), group_names: rc.inventory.groupsOfHost(host) },
  };
  return [
    ...inv,
    hostMagic,
    factsLayer(state.facts, rc.hosts.factCache.settings.inject),
    { name: 'play vars', vars: pv.vars },
    ...(pv.varsFiles.get(host) ?? []).map((v, i) => ({ name: `vars_files[${i}]`, vars: v })),
  ];
}

/** Hosts the play has dropped (failed, unreachable, end_host): play._removed_hosts. */
function removed(rc: RunContext, h: string): boolean {
  const s = rc.hosts.get(h);
  return s.failed || s.unreachable || s.ended;
}

function topLayers(rc: RunContext, pv: PlayVars, host: string, scopeOf: () => LayeredScope): VarLayer[] {
  const state = rc.hosts.get(host);
  const magic: Record<string, unknown> = {
    playbook_dir: rc.playbook.dir,
    ansible_play_name: pv.name,
    ansible_play_hosts_all: [...pv.hostsAll],
    ansible_play_hosts: pv.hosts.filter((h) => !removed(rc, h)),
    ansible_play_batch: pv.batch.filter((h) => !removed(rc, h)),
    groups: rc.inventory.groupsDict(),
    omit: rc.omit,
    ansible_role_names: [],
    ansible_play_role_names: [],
    role_names: [],
    ansible_config_file: null,
    ...optionsVars(rc),
  };
  magic.play_hosts = magic.ansible_play_batch;
  magic.hostvars = hostvarsMapping(rc, pv);
  magic.vars = new LazyMapping({ has: (k) => scopeOf().has(k), get: (k) => scopeOf().get(k), keys: () => scopeOf().keys() });
  return [
    { name: 'set_fact/register', vars: state.nonPersistent, native: true },
    { name: 'extra vars', vars: rc.options.extraVars },
    { name: 'magic vars', vars: magic, native: true },
  ];
}

/** `hostvars`: every inventory host's play-level variables, each made only when read. */
function hostvarsMapping(rc: RunContext, pv: PlayVars): LazyMapping {
  const all = () => rc.inventory.selectHosts('all');
  const cache = new Map<string, LazyMapping>();
  return new LazyMapping({
    has: (h) => rc.inventory.getHost(h) !== undefined,
    keys: all,
    get: (h) => {
      if (rc.inventory.getHost(h) === undefined) return undefined;
      let m = cache.get(h);
      if (!m) {
        m = new LazyMapping(playScope(rc, pv, h));
        cache.set(h, m);
      }
      return m;
    },
  });
}

/** A host's variables outside any task (play name, hosts pattern, vars_files names, hostvars). */
export function playScope(rc: RunContext, pv: PlayVars, host: string): LayeredScope {
  let scope: LayeredScope | undefined;
  const layers = [...hostLayers(rc, pv, host), ...topLayers(rc, pv, host, () => scope!)];
  scope = new LayeredScope(layers, templateOptions(rc));
  return scope;
}

/** The variables of `task` on `host`: play layers, block and task vars, set_fact, extra, magic. */
export function taskScope(rc: RunContext, pv: PlayVars, task: Task, host: string): LayeredScope {
  let scope: LayeredScope | undefined;
  const own = task.keywords.vars;
  const layers: VarLayer[] = [
    ...hostLayers(rc, pv, host),
    ...blockVars(task).map((v, i) => ({ name: `block vars ${i}`, vars: v })),
    ...(isDict(own) ? [{ name: 'task vars', vars: own }] : []),
    ...topLayers(rc, pv, host, () => scope!),
  ];
  scope = new LayeredScope(layers, templateOptions(rc, task));
  return scope;
}
