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
import { parentRoleParams, roleDefaults, roleMagic, roleParams, roleVars, taskRole } from './role-vars.js';
import { taskSearchPath } from '../load/search-path.js';
import { dirname } from 'node:path';

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
  /** play._removed_hosts: failed, unreachable or ended hosts (out of ansible_play_hosts/batch). */
  removed: Set<string>;
  /** The play's max_fail_percentage, when set. */
  maxFailPercentage?: number;
  /**
   * While a task runs on every host of its round at once (strategy-base.ts executeOn): the
   * `hostvars[h]` mappings the round's hosts share, each made on first read in the round.
   */
  hostvarsRound?: Map<string, LazyMapping>;
}

/** The play's base directory: its own playbook file's (import_playbook changes it, as the loader's basedir). */
export function playDir(play: Play): string {
  return dirname(play.file);
}

export function templateOptions(rc: RunContext, task?: Task, play?: Play): TemplateOptions {
  const dir = play ? playDir(play) : task ? playDir(playOfTask(task)) : rc.playbook.dir;
  return {
    searchPath: task ? [...taskSearchPath(task), dir] : [dir],
    cwd: dir,
    registry: rc.templates,
    checkMode: rc.options.check,
    vault: rc.revealVault,
    vaultLib: rc.vault,
    warn: (message) => rc.emit({ kind: 'warning', message }),
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

function playOfTask(task: Task): Play {
  let n: Task['parent'] | Play = task.parent;
  while (n.kind === 'block') n = n.parent;
  return n;
}

/** Defaults of the play's public roles (lowest of all), then the task's own role's. */
function defaultLayers(pv: PlayVars, task?: Task): VarLayer[] {
  const out: VarLayer[] = (pv.play.roles ?? []).filter((r) => r.public).map((r) => ({ name: `role '${r.name}' defaults`, vars: roleDefaults(r) }));
  const tr = task ? taskRole(task) : undefined;
  if (tr) out.push({ name: `role '${tr.role.name}' defaults`, vars: roleDefaults(tr.role, tr.depChain) });
  return out;
}

/** Exported vars of the play's public roles (above vars_files), then the task's role's vars. */
function roleVarLayers(pv: PlayVars, task?: Task): VarLayer[] {
  const out: VarLayer[] = (pv.play.roles ?? []).filter((r) => r.public).map((r) => ({ name: `role '${r.name}' exported vars`, vars: roleVars(r, [], true) }));
  const tr = task ? taskRole(task) : undefined;
  if (tr) out.push({ name: `role '${tr.role.name}' all vars`, vars: roleVars(tr.role, tr.depChain) });
  return out;
}

/** Layers a host has at play level (no task or block vars): what hostvars[h] shows. */
export function hostLayers(rc: RunContext, pv: PlayVars, host: string, task?: Task): VarLayer[] {
  const state = rc.hosts.get(host);
  const inv = rc.inventory.hostLayers(host, playDir(pv.play)).map((l) => ({ name: l.source, vars: l.vars }));
  const hostMagic: VarLayer = {
    name: 'host magic', native: true,
    vars: { inventory_hostname: host, inventory_hostname_short: shortName(host), group_names: rc.inventory.groupsOfHost(host) },
  };
  return [
    ...defaultLayers(pv, task),
    ...inv,
    hostMagic,
    factsLayer(state.facts, rc.hosts.factCache.settings.inject),
    { name: 'play vars', vars: pv.vars },
    ...(pv.varsFiles.get(host) ?? []).map((v, i) => ({ name: `vars_files[${i}]`, vars: v })),
    ...roleVarLayers(pv, task),
  ];
}


function topLayers(rc: RunContext, pv: PlayVars, host: string, scopeOf: () => LayeredScope, task?: Task): VarLayer[] {
  const state = rc.hosts.get(host);
  const magic: Record<string, unknown> = {
    playbook_dir: playDir(pv.play),
    ansible_play_name: pv.name,
    ansible_play_hosts_all: [...pv.hostsAll],
    ansible_play_hosts: pv.hostsAll.filter((h) => !pv.removed.has(h)),
    ansible_play_batch: pv.batch.filter((h) => !pv.removed.has(h)),
    groups: rc.inventory.groupsDict(),
    omit: rc.omit,
    ...roleMagic(pv.play, task),
    ansible_config_file: null,
    ...optionsVars(rc),
  };
  magic.play_hosts = magic.ansible_play_batch;
  magic.hostvars = hostvarsMapping(rc, pv);
  magic.vars = new LazyMapping({ has: (k) => scopeOf().has(k), get: (k) => scopeOf().get(k), keys: () => scopeOf().keys() });
  const tr = task ? taskRole(task) : undefined;
  return [
    { name: 'include_vars', vars: state.includeVars },
    { name: 'set_fact/register', vars: state.nonPersistent, native: true },
    ...(tr ? [{ name: 'role params', vars: roleParams(tr.role, tr.depChain) }] : []),
    ...(task ? [{ name: 'include params', vars: parentRoleParams(task) }] : []),
    { name: 'extra vars', vars: rc.options.extraVars },
    { name: 'magic vars', vars: magic, native: true },
  ];
}

/**
 * `hostvars`: every inventory host's play-level variables, each made only when read. Within a
 * round where every host runs the task at once, the hosts share them: a template over
 * `groups[...]` reading `hostvars[h]` made one scope per host and reader (hosts² per task),
 * which made such a task cost seconds on a few hundred hosts. Which of the round's own results
 * a host sees through hostvars is a race in ansible too (its workers start as results come in).
 */
function hostvarsMapping(rc: RunContext, pv: PlayVars): LazyMapping {
  const all = () => rc.inventory.selectHosts('all');
  const own = new Map<string, LazyMapping>();
  return new LazyMapping({
    has: (h) => rc.inventory.getHost(h) !== undefined,
    keys: all,
    get: (h) => {
      if (rc.inventory.getHost(h) === undefined) return undefined;
      const cache = pv.hostvarsRound ?? own;
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
  scope = new LayeredScope(layers, templateOptions(rc, undefined, pv.play));
  return scope;
}

/** The variables of `task` on `host`: play layers, block and task vars, set_fact, extra, magic. */
export function taskScope(rc: RunContext, pv: PlayVars, task: Task, host: string): LayeredScope {
  let scope: LayeredScope | undefined;
  const own = task.keywords.vars;
  const layers: VarLayer[] = [
    ...hostLayers(rc, pv, host, task),
    ...blockVars(task).map((v, i) => ({ name: `block vars ${i}`, vars: v })),
    ...(isDict(own) ? [{ name: 'task vars', vars: own }] : []),
    ...topLayers(rc, pv, host, () => scope!, task),
  ];
  scope = new LayeredScope(layers, templateOptions(rc, task));
  return scope;
}
