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
  /** The names apt marks automatically installed (read when asked: ReadOptions.auto). */
  auto: Set<string>;
}

/** The environment ansible's apt module sets for every command (its APT_ENV_VARS). */
export const APT_ENV = 'DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LANG=C.UTF-8 LC_ALL=C.UTF-8 LC_MESSAGES=C.UTF-8 LC_CTYPE=C.UTF-8';

/**
 * How much of apt's policy a task needs. 'always': versions and candidates matter (versions in the
 * specs, state latest, wildcards). 'unless-installed' (plain names to install): for a name dpkg has
 * installed, install() decides from dpkg alone, so the policy is read, in a second command, only
 * when some name is not installed. 'never' (plain names to remove): remove() decides from dpkg alone.
 * apt-cache builds apt's whole cache to answer (about 13 ms of the host's CPU), which dpkg-query
 * does not (about 4 ms): on a warm run the apt task's probe is then dpkg-query alone.
 */
export type PolicyNeed = 'always' | 'unless-installed' | 'never';

export interface ReadOptions {
  defaultRelease?: string | undefined;
  policy?: PolicyNeed;
  /** Also read which of the names apt marks automatically installed (the `auto` set). */
  auto?: boolean;
}

/** `-o APT::Default-Release=…` when a default release is set: apt's policy then pins it at 990 as ansible does. */
function releaseOption(defaultRelease: string | undefined): string[] {
  return defaultRelease ? ['-o', `APT::Default-Release=${defaultRelease}`] : [];
}

function policyCommand(names: string[], defaultRelease: string | undefined): ShellCommand {
  return sh`echo '@P'; LC_ALL=C.UTF-8 apt-cache ${releaseOption(defaultRelease)} policy ${names} 2>/dev/null; true`;
}

/**
 * The auto-installed marks are apt-mark's store, /var/lib/apt/extended_states ("Package:",
 * "Architecture:", "Auto-Installed: 1" stanzas): grep reads the named stanzas where `apt-mark
 * showauto` would build apt's cache. A stanza of another architecture may count a name as auto that
 * apt-mark would not list; the caller only uses the set to decide that apply must run (which then
 * marks the names manual as ansible does), so such a name costs a needless apply, never a missed one.
 */
function autoCommand(names: string[]): ShellCommand {
  const patterns = names.flatMap((n) => ['-e', `Package: ${n}`]);
  return sh`echo '@A'; grep -x -F -A2 ${patterns} /var/lib/apt/extended_states 2>/dev/null; true`;
}

function probeCommand(names: string[], o: ReadOptions): ShellCommand {
  return sh`echo '@T'; stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0; date +%s
echo '@D'; dpkg-query -W -f='\${Package}\t\${db:Status-Abbrev}\t\${Version}\n' ${names} 2>/dev/null
${o.auto && names.length > 0 ? autoCommand(names) : sh``}
${(o.policy ?? 'always') === 'always' ? policyCommand(names, o.defaultRelease) : sh``}`;
}

/** The names whose stanza in extended_states says Auto-Installed: 1. */
function parseAuto(text: string): Set<string> {
  const auto = new Set<string>();
  let cur: string | undefined;
  for (const line of text.split('\n')) {
    const pkg = /^Package: (.*)$/.exec(line);
    if (pkg) cur = pkg[1];
    else if (cur !== undefined && line === 'Auto-Installed: 1') auto.add(cur);
  }
  return auto;
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

export async function readAptState(host: HostConnection, names: string[], o: ReadOptions = {}): Promise<AptState> {
  const need = o.policy ?? 'always';
  const r = await host.exec(probeCommand(names, o), { resident: true });
  const sections = new Map<string, string>();
  for (const part of r.stdout.split(/^@(?=[TDAP]$)/m).slice(1)) sections.set(part[0]!, part.slice(2));
  const [cacheTime = 0, now = 0] = (sections.get('T') ?? '').trim().split('\n').map(Number);
  const packages = new Map<string, PackageState>();
  for (const n of names) packages.set(n, { installed: false, installedVersion: null, hasFiles: false, known: false, providers: [], candidate: null, versions: [] });
  for (const line of (sections.get('D') ?? '').split('\n')) {
    const [name, abbrev = '', version = ''] = line.split('\t');
    const p = name ? packages.get(name) : undefined;
    if (!p) continue;
    // db:Status-Abbrev is want, current state, error flag: "ii ", "rc ", "hi " …
    p.installed = abbrev[1] === 'i';
    p.installedVersion = p.installed ? version : null;
    p.hasFiles = p.installed || abbrev[1] === 'c';
  }
  const auto = parseAuto(sections.get('A') ?? '');
  const all = [...packages.values()];
  if (need === 'never' || (need === 'unless-installed' && all.every((p) => p.installed))) {
    // What dpkg has files of is in apt's cache too (its status file is part of it).
    for (const p of all) p.known = p.hasFiles;
    return { packages, cacheTime, now, auto };
  }
  parsePolicy(sections.get('P') ?? (await host.exec(policyCommand(names, o.defaultRelease), { resident: true })).stdout, packages);
  await readProviders(host, packages);
  // A virtual name with one provider is judged by that provider's status: read it too.
  const extra = [...new Set(all.filter((p) => p.providers.length === 1).map((p) => p.providers[0]!))].filter((n) => !packages.has(n));
  if (extra.length > 0) for (const [n, p] of (await readAptState(host, extra, { defaultRelease: o.defaultRelease })).packages) packages.set(n, p);
  return { packages, cacheTime, now, auto };
}
