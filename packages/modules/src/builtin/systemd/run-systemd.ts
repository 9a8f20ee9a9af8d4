/**
 * ansible-core 2.16's systemd_service.py main(), step for step, over a CommandIo: the same commands
 * in the same order, the same decisions, results and messages. Which of them travel together in one
 * round trip is the IO layer's business (probeCommands lists what a plan fetches up front).
 */
import { sh, ModuleFailure, type ModuleResult, type ShellCommand } from '@pgplay/engine/module-api';
import type { CommandIo } from './io.js';
import { parseSystemctlShow, requestWasIgnored } from './show.js';

export interface SystemdArgs {
  name?: string | null;
  state?: 'reloaded' | 'restarted' | 'started' | 'stopped' | null;
  enabled?: boolean | null;
  force?: boolean | null;
  masked?: boolean | null;
  daemon_reload?: boolean;
  daemon_reexec?: boolean;
  scope?: 'system' | 'user' | 'global';
  no_block?: boolean;
}

const VALID_ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime', 'static', 'indirect', 'disabled', 'generated', 'transient']);

/** systemctl with the task's scope, --no-block and --force, as the module builds it once. */
export function systemctlBase(a: SystemdArgs): ShellCommand {
  let c = sh`systemctl`;
  if (a.scope && a.scope !== 'system') c = sh`${c} ${`--${a.scope}`}`;
  if (a.no_block) c = sh`${c} --no-block`;
  if (a.force) c = sh`${c} --force`;
  return c;
}

/** The module sets XDG_RUNTIME_DIR when the login has none (user scope needs it). */
export const SYSTEMD_PRELUDE = sh`[ -n "\${XDG_RUNTIME_DIR+x}" ] || export XDG_RUNTIME_DIR=/run/user/$(id -u)`;

const initdPath = (unit: string): string => (unit.startsWith('/') ? unit : `/etc/init.d/${unit}`);

/** module_utils.service.sysv_is_enabled(name) without a runlevel: an S??name link in any rc?.d. */
const sysvEnabledCmd = (unit: string): ShellCommand =>
  sh`if [ -d /etc/rc0.d/ ]; then set -- /etc/rc?.d/S??${unit}; else set -- /etc/init.d/rc?.d/S??${unit}; fi; [ -e "$1" ] || [ -L "$1" ]`;

const cmds = (a: SystemdArgs, unit: string) => {
  const sc = systemctlBase(a);
  return {
    show: sh`${sc} show ${unit}`,
    isEnabled: sh`${sc} is-enabled ${unit}`,
    isEnabledL: sh`${sc} is-enabled ${unit} -l`,
    initd: sh`test -e ${initdPath(unit)}`,
    sysvEnabled: sysvEnabledCmd(unit),
  };
};

/**
 * What the module reads about a unit on its common paths, for one round trip: only what the task's
 * options make it read (is-enabled for `masked`, is-enabled -l and the rc?.d links for `enabled`).
 * Each systemctl costs the host about 6 ms of CPU and systemd a D-Bus request, whether or not its
 * answer is used; a read that was not fetched (an uncommon path) runs when the port asks for it.
 */
export function probeCommands(a: SystemdArgs): ShellCommand[] {
  if (!a.name) return [];
  const c = cmds(a, a.name);
  const given = (v: unknown) => v !== undefined && v !== null;
  return [c.show, c.initd, ...(given(a.masked) ? [c.isEnabled] : []), ...(given(a.enabled) ? [c.isEnabledL, c.sysvEnabled] : [])];
}

/** daemon-reload / daemon-reexec as the task asks for them (actions: under --check they do not run). */
export function daemonCommands(a: SystemdArgs): ShellCommand[] {
  const sc = systemctlBase(a);
  return [...(a.daemon_reload ? [sh`${sc} daemon-reload`] : []), ...(a.daemon_reexec ? [sh`${sc} daemon-reexec`] : [])];
}

const missing = (found: boolean, unit: string): void => {
  if (!found) throw new ModuleFailure(`Could not find the requested service ${unit}: host`);
};

export async function runSystemd(a: SystemdArgs, io: CommandIo, check: boolean): Promise<ModuleResult> {
  const unit = a.name ?? null;
  if (unit !== null) {
    for (const g of ['*', '?', '[']) {
      if (unit.includes(g)) throw new ModuleFailure(`This module does not currently support using glob patterns, found '${g}' in service name: ${unit}`);
    }
  }
  const sc = systemctlBase(a);
  for (const [on, word] of [[a.daemon_reload, 'daemon-reload'], [a.daemon_reexec, 'daemon-reexec']] as const) {
    if (!on) continue;
    const r = await io.act(sh`${sc} ${word}`, check);
    if (r && r.rc !== 0) throw new ModuleFailure(`failure ${r.rc} during ${word}: ${r.stderr}`);
  }
  const result: ModuleResult = { name: unit, changed: false, status: {} };
  if (unit === null) return result;
  const warnings: string[] = [];
  const fail = (msg: string, extra: ModuleResult = {}) => new ModuleFailure(msg, warnings.length ? { ...extra, warnings } : extra);
  const c = cmds(a, unit);
  const { found, isInitd } = await discover(a, unit, io, result, fail);
  if (isInitd && !found.systemd) warnings.push(`The service (${unit}) is actually an init script but the system is managed by systemd`);
  const isFound = found.systemd || isInitd;
  const missingHere = (f: boolean) => {
    try {
      missing(f, unit);
    } catch (e) {
      throw fail((e as Error).message);
    }
  };

  if (a.masked !== undefined && a.masked !== null) {
    const masked = (await io.read(c.isEnabled)).stdout.trim() === 'masked';
    if (masked !== a.masked) {
      result.changed = true;
      const r = await io.act(sh`${sc} ${a.masked ? 'mask' : 'unmask'} ${unit}`, check);
      if (r && r.rc !== 0) missingHere(isFound);
    }
  }

  if (a.enabled !== undefined && a.enabled !== null) {
    const action = a.enabled ? 'enable' : 'disable';
    missingHere(isFound);
    let enabled = false;
    const r = await io.read(c.isEnabledL);
    if (r.rc === 0) {
      const lines = splitlines(r.stdout);
      enabled = !(lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias'));
    } else if (r.rc === 1) {
      if ((a.scope ?? 'system') === 'system' && isInitd && !r.stdout.trim().endsWith('disabled') && (await io.read(c.sysvEnabled)).rc === 0) enabled = true;
    }
    result.enabled = enabled;
    if (enabled !== a.enabled) {
      result.changed = true;
      const x = await io.act(sh`${sc} ${action} ${unit}`, check);
      if (x && x.rc !== 0) throw fail(`Unable to ${action} service ${unit}: ${x.stdout}${x.stderr}`);
      result.enabled = !enabled;
    }
  }

  if (a.state !== undefined && a.state !== null) {
    missingHere(isFound);
    result.state = a.state;
    const status = result.status as Record<string, string>;
    if (!('ActiveState' in status)) throw fail('Service is in unknown state', { status });
    const running = status['ActiveState'] === 'active' || status['ActiveState'] === 'activating';
    let action: string | null = null;
    if (a.state === 'started') action = running ? null : 'start';
    else if (a.state === 'stopped') action = running || status['ActiveState'] === 'deactivating' ? 'stop' : null;
    else {
      action = running ? a.state.slice(0, -2) : 'start';
      result.state = 'started';
    }
    if (action) {
      result.changed = true;
      const x = await io.act(sh`${sc} ${action} ${unit}`, check);
      if (x && x.rc !== 0) throw fail(`Unable to ${action} service ${unit}: ${x.stderr}`);
    }
  }
  if (warnings.length) result.warnings = warnings;
  return result;
}

/** Python's str.splitlines() for systemctl's output (\n line ends). */
function splitlines(s: string): string[] {
  const lines = s.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Is the unit known to systemd (and is there an init script)? Fills result.status from `systemctl show`. */
async function discover(a: SystemdArgs, unit: string, io: CommandIo, result: ModuleResult, fail: (m: string, x?: ModuleResult) => ModuleFailure): Promise<{ found: { systemd: boolean }; isInitd: boolean }> {
  const c = cmds(a, unit);
  const sc = systemctlBase(a);
  const isInitd = (await io.read(c.initd)).rc === 0;
  let systemd = false;
  const show = await io.read(c.show);
  if (show.rc === 0 && !(requestWasIgnored(show.stdout) || requestWasIgnored(show.stderr))) {
    if (show.stdout) {
      const status = parseSystemctlShow(show.stdout.split('\n'));
      result.status = status;
      systemd = 'LoadState' in status && status['LoadState'] !== 'not-found';
      const masked = status['LoadState'] === 'masked';
      if (systemd && !masked && 'LoadError' in status) throw fail(`Error loading unit file '${unit}': ${status['LoadError']}`);
    }
  } else if (show.stderr && show.rc === 1 && show.stderr.includes('Failed to parse bus message')) {
    // Old systemd answering `show` for a template instance: ansible looks the unit up by its prefix.
    const status = parseSystemctlShow(show.stdout.split('\n'));
    result.status = status;
    const at = unit.indexOf('@');
    const search = at === -1 ? unit : unit.slice(0, at + 1);
    systemd = (await io.read(sh`${sc} list-unit-files ${`${search}*`}`)).stdout.includes(search);
    status['ActiveState'] = (await io.read(sh`${sc} is-active ${unit}`)).stdout.replace(/\n+$/, '');
  } else {
    const en = await io.read(c.isEnabled);
    if (VALID_ENABLED_STATES.has(en.stdout.trim())) systemd = true;
    else if ((await io.read(sh`${sc} list-unit-files ${unit}`)).rc === 0) systemd = true;
    else {
      // run_command(systemctl, check_rc=True): a systemctl that cannot work at all fails the task with its error.
      const bare = await io.read(sc);
      if (bare.rc !== 0) throw fail(bare.stderr.trimEnd(), { cmd: `/usr/bin/${sc.text}`, rc: bare.rc, stdout: bare.stdout, stderr: bare.stderr });
    }
  }
  return { found: { systemd }, isInitd };
}
