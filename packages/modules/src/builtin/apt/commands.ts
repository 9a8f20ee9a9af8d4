// ansible's apt command lines (its format strings' fields joined by single spaces, empty ones
// included, so failure messages and `cmd`s read the same), and the runner that executes them as
// argv the way ansible's run_command does (shlex split, no shell), inside ansible's policy-rc.d
// wrapper when policy_rc_d is set.
import { type ModuleContext } from '@pgplay/engine/module-api';
import { APT_ENV } from './state.js';

export const APT_GET = '/usr/bin/apt-get';
export const APT_GET_ZERO = '\n0 upgraded, 0 newly installed';

export interface AptArgs {
  /** ansible's canonical key; `name` and `pkg` are its aliases (messages and invocation say package). */
  package?: string[];
  state?: 'present' | 'absent' | 'latest' | 'fixed';
  update_cache?: boolean;
  update_cache_retries?: number;
  update_cache_retry_max_delay?: number;
  cache_valid_time?: number;
  install_recommends?: boolean;
  purge?: boolean;
  autoremove?: boolean;
  autoclean?: boolean;
  clean?: boolean;
  force?: boolean;
  allow_downgrade?: boolean;
  allow_unauthenticated?: boolean;
  allow_change_held_packages?: boolean;
  fail_on_autoremove?: boolean;
  only_upgrade?: boolean;
  default_release?: string;
  dpkg_options?: string;
  policy_rc_d?: number;
  lock_timeout?: number;
  force_apt_get?: boolean;
  upgrade?: 'dist' | 'full' | 'no' | 'safe' | 'yes';
  deb?: string;
}

export const DEFAULT_DPKG_OPTIONS = 'force-confdef,force-confold';

/** expand_dpkg_options: `a,b` → `-o "Dpkg::Options::=--a" -o "Dpkg::Options::=--b"`. */
export function expandDpkgOptions(compressed: string): string {
  return compressed.split(',').map((o) => `-o "Dpkg::Options::=--${o}"`).join(' ');
}

const flag = (on: boolean | undefined, text: string) => (on ? text : '');

export interface InstallFlags {
  upgrade?: boolean; fixed?: boolean; onlyUpgrade?: boolean; autoremove?: boolean; force?: boolean;
  defaultRelease?: string | undefined; dpkgOptions: string;
}

/** install()'s `apt-get install` line. */
export function installCommand(a: AptArgs, f: InstallFlags, list: string[], simulate: boolean): string {
  let cmd = [APT_GET, '-y', f.dpkgOptions, flag(f.onlyUpgrade, '--only-upgrade'), flag(f.fixed, '--fix-broken'), flag(f.force, '--force-yes'),
    flag(f.autoremove, '--auto-remove'), flag(a.fail_on_autoremove, '--no-remove'), flag(simulate, '--simulate'), 'install', list.join(' ')].join(' ');
  if (f.defaultRelease) cmd += ` -t '${f.defaultRelease}'`;
  if (a.install_recommends === false) cmd += ' -o APT::Install-Recommends=no';
  else if (a.install_recommends === true) cmd += ' -o APT::Install-Recommends=yes';
  if (a.allow_unauthenticated) cmd += ' --allow-unauthenticated';
  if (a.allow_downgrade) cmd += ' --allow-downgrades';
  if (a.allow_change_held_packages) cmd += ' --allow-change-held-packages';
  return cmd;
}

export function removeCommand(a: AptArgs, list: string[], simulate: boolean): string {
  return [APT_GET, '-q', '-y', expandDpkgOptions(a.dpkg_options ?? DEFAULT_DPKG_OPTIONS), flag(a.purge, '--purge'), flag(a.force, '--force-yes'),
    flag(a.autoremove, '--auto-remove'), flag(simulate, '--simulate'), flag(a.allow_change_held_packages, '--allow-change-held-packages'), 'remove', list.join(' ')].join(' ');
}

/** cleanup(): `apt-get autoremove` / `autoclean`. */
export function cleanupCommand(a: AptArgs, operation: 'autoremove' | 'autoclean', simulate: boolean): string {
  return [APT_GET, '-y', expandDpkgOptions(a.dpkg_options ?? DEFAULT_DPKG_OPTIONS), flag(a.purge, '--purge'), flag(a.force, '--force-yes'), operation, flag(simulate, '--simulate')].join(' ');
}

/** upgrade() with apt-get (aptitude is refused earlier): its command and its `upgrade_command` field. */
export function upgradeCommand(a: AptArgs, mode: string, simulate: boolean): { cmd: string; op: string } {
  const op = mode === 'dist' || mode === 'full' ? `dist-upgrade ${flag(a.autoremove, '--auto-remove')}` : `upgrade --with-new-pkgs ${flag(a.autoremove, '--auto-remove')}`;
  let cmd = [APT_GET, '-y', expandDpkgOptions(a.dpkg_options ?? DEFAULT_DPKG_OPTIONS), flag(a.force, '--force-yes'), flag(a.fail_on_autoremove, '--no-remove'),
    flag(a.allow_unauthenticated, '--allow-unauthenticated'), flag(a.allow_downgrade, '--allow-downgrades'), flag(simulate, '--simulate'), op].join(' ');
  if (a.default_release) cmd += ` -t '${a.default_release}'`;
  return { cmd, op };
}

/** parse_diff: apt-get's text from "Reading state information..." to the "N upgraded" line. */
export function parseDiff(out: string): { prepared: string } {
  const lines = out.split(/\r?\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  const start = lines.indexOf('Reading state information...') + 1;
  const endAt = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l));
  return { prepared: lines.slice(start, endAt < 0 ? lines.length : endAt + 1).join('\n') };
}

/** shlex.split of ansible's command strings (they quote with '' and "" only). */
export function splitCommand(cmd: string): string[] {
  return [...cmd.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/**
 * ansible's PolicyRcD: /usr/sbin/policy-rc.d exiting with the given code for the duration of the
 * command, any existing one moved aside to a temporary directory and put back afterwards.
 */
const POLICY_WRAPPER = `b=
if [ -e /usr/sbin/policy-rc.d ]; then b=$(mktemp -d /tmp/ansibleXXXXXXXX) && mv /usr/sbin/policy-rc.d "$b/" || exit 97; fi
printf '#!/bin/sh\\nexit %d\\n' "$PGPLAY_POLICY_RC_D" > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d || exit 98
"$@"; rc=$?
if [ -n "$b" ]; then mv "$b/policy-rc.d" /usr/sbin/policy-rc.d && rmdir "$b"; else rm -f /usr/sbin/policy-rc.d; fi
exit $rc`;

/** Runs an ansible-style command line with APT_ENV_VARS; `policy` wraps it as PolicyRcD does. */
export async function run(ctx: ModuleContext, cmd: string | string[], policy?: number): Promise<{ rc: number; stdout: string; stderr: string }> {
  const argv = ['env', ...APT_ENV.split(' '), ...(typeof cmd === 'string' ? splitCommand(cmd) : cmd)];
  if (policy === undefined) return ctx.host.exec(argv);
  return ctx.host.exec(['env', `PGPLAY_POLICY_RC_D=${policy}`, 'sh', '-c', POLICY_WRAPPER, 'sh', ...argv]);
}
