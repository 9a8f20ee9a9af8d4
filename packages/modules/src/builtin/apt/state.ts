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
  /** apt has versions of it (python-apt's `name in cache`); a purely virtual name has none. */
  known: boolean;
  /** For a name without versions: the packages that provide it (apt-cache showpkg's Reverse Provides). */
  providers: string[];
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

/** `-o APT::Default-Release=…` when a default release is set: apt's policy then pins it at 990 as ansible does. */
function probeCommand(names: string[], release: string[]): ShellCommand {
  return sh`echo '@T'; stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0; date +%s
echo '@D'; dpkg-query -W -f='\${Package}\t\${db:Status-Abbrev}\t\${Version}\n' ${names} 2>/dev/null
echo '@P'; LC_ALL=C.UTF-8 apt-cache ${release} policy ${names} 2>/dev/null; true`;
}

/** Reverse Provides of names apt has no versions of (virtual packages), in one more command. */
async function readProviders(host: HostConnection, packages: Map<string, PackageState>): Promise<void> {
  const virtual = [...packages].filter(([, p]) => !p.known).map(([n]) => n);
  if (virtual.length === 0) return;
  const r = await host.exec(sh`for n in ${virtual}; do echo "@V $n"; LC_ALL=C.UTF-8 apt-cache showpkg "$n" 2>/dev/null; done; true`);
  let cur: PackageState | undefined;
  let inProvides = false;
  for (const line of r.stdout.split('\n')) {
    const head = /^@V (\S+)$/.exec(line);
    if (head) { cur = packages.get(head[1]!); inProvides = false; continue; }
    if (/^Reverse Provides:/.test(line)) { inProvides = true; continue; }
    if (/^[A-Z][A-Za-z ]*:/.test(line)) { inProvides = false; continue; }
    const prov = inProvides ? /^(\S+) \S+/.exec(line) : null;
    if (cur && prov && !cur.providers.includes(prov[1]!)) cur.providers.push(prov[1]!);
  }
}

function parsePolicy(text: string, into: Map<string, PackageState>): void {
  let cur: PackageState | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) { cur = into.get(head[1]!); continue; }
    if (!cur) continue;
    const cand = /^ {2}Candidate: (\S+)$/.exec(line);
    if (cand) cur.candidate = cand[1] === '(none)' ? null : cand[1]!;
    // " *** 1.0-1 500" for the installed version, "     2.0-1 500" for the others.
    const ver = /^ (?:\*\*\* | {4})(\S+) -?\d+$/.exec(line);
    if (ver && !cur.versions.includes(ver[1]!)) { cur.versions.push(ver[1]!); cur.known = true; }
  }
}

export async function readAptState(host: HostConnection, names: string[], defaultRelease?: string): Promise<AptState> {
  const r = await host.exec(probeCommand(names, defaultRelease ? ['-o', `APT::Default-Release=${defaultRelease}`] : []), { resident: true });
  const [, times = '', dpkg = '', policy = ''] = r.stdout.split(/^@[TDP]$/m);
  const [cacheTime = 0, now = 0] = times.trim().split('\n').map(Number);
  const packages = new Map<string, PackageState>();
  for (const n of names) packages.set(n, { installed: false, installedVersion: null, hasFiles: false, known: false, providers: [], candidate: null, versions: [] });
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
  await readProviders(host, packages);
  // A virtual name with one provider is judged by that provider's status: read it too.
  const extra = [...new Set([...packages.values()].filter((p) => p.providers.length === 1).map((p) => p.providers[0]!))].filter((n) => !packages.has(n));
  if (extra.length > 0) for (const [n, p] of (await readAptState(host, extra, defaultRelease)).packages) packages.set(n, p);
  return { packages, cacheTime, now };
}
