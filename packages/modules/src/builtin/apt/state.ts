// What the apt module reads from a host, in one remote command: dpkg's status of the named
// packages (one dpkg-query call), apt's policy for them (installed, candidate, version table),
// the cache's update time as ansible's get_cache_mtime computes it, and the host's clock.
import { sh, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';

export interface PackageState {
  /** dpkg's current state is "installed" (ansible: current_state == CURSTATE_INSTALLED). */
  installed: boolean;
  installedVersion: string | null;
  /** dpkg still has files of it (removed with config files left): purge has work to do. */
  hasFiles: boolean;
  /** Known to apt (in the cache at all). */
  known: boolean;
  candidate: string | null;
  /** Every version apt can install, highest priority first as apt-cache policy lists them. */
  versions: string[];
}

export interface AptState {
  packages: Map<string, PackageState>;
  /** Seconds since the epoch: update-success-stamp's mtime, else the lists dir's, else 0. */
  cacheTime: number;
  now: number;
}

/** The environment ansible's apt module sets for every command (its APT_ENV_VARS). */
export const APT_ENV = 'DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LANG=C.UTF-8 LC_ALL=C.UTF-8 LC_MESSAGES=C.UTF-8 LC_CTYPE=C.UTF-8';

function probeCommand(names: string[]): ShellCommand {
  return sh`echo '@T'; stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0; date +%s
echo '@D'; dpkg-query -W -f='\${Package}\t\${db:Status-Abbrev}\t\${Version}\n' ${names} 2>/dev/null
echo '@P'; LC_ALL=C.UTF-8 apt-cache policy ${names} 2>/dev/null; true`;
}

function parsePolicy(text: string, into: Map<string, PackageState>): void {
  let cur: PackageState | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) { cur = into.get(head[1]!); if (cur) cur.known = true; continue; }
    if (!cur) continue;
    const cand = /^ {2}Candidate: (\S+)$/.exec(line);
    if (cand) cur.candidate = cand[1] === '(none)' ? null : cand[1]!;
    const ver = /^ {5}(?:\*\*\* )?(\S+) -?\d+$/.exec(line);
    if (ver && !cur.versions.includes(ver[1]!)) cur.versions.push(ver[1]!);
  }
}

export async function readAptState(host: HostConnection, names: string[]): Promise<AptState> {
  const r = await host.exec(probeCommand(names));
  const [, times = '', dpkg = '', policy = ''] = r.stdout.split(/^@[TDP]$/m);
  const [cacheTime = 0, now = 0] = times.trim().split('\n').map(Number);
  const packages = new Map<string, PackageState>();
  for (const n of names) packages.set(n, { installed: false, installedVersion: null, hasFiles: false, known: false, candidate: null, versions: [] });
  for (const line of dpkg.split('\n')) {
    const [name, abbrev = '', version = ''] = line.split('\t');
    const p = name ? packages.get(name) : undefined;
    if (!p) continue;
    // db:Status-Abbrev is want, current state, error flag: "ii ", "rc ", "hi " …
    p.installed = abbrev[1] === 'i';
    p.installedVersion = p.installed ? version : null;
    p.hasFiles = p.installed || abbrev[1] === 'c';
  }
  parsePolicy(policy, packages);
  return { packages, cacheTime, now };
}
