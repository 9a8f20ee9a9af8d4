// Which packages go on the apt-get command line, decided as ansible-core 2.16's apt module does
// (its package_split, expand_pkgspec_from_fnmatches, package_status, install and remove), from
// the state read by state.ts.
import { ModuleFailure, fnmatchRegex } from '@pgplay/engine/module-api';
import type { AptState, PackageState } from './state.js';
import { compareVersions } from './version.js';

export interface Spec {
  /** The spec as ansible keeps it (remove() puts it on the command line verbatim). */
  raw: string;
  name: string;
  cmp: '=' | '>=' | null;
  version: string | null;
}

const WILDCARD = /[*?[\]!]/;
const fnmatch = (s: string, pat: string) => fnmatchRegex(pat).test(s);

/** ansible's package_split: `re.split(r'(>?=)', spec, 1)`. */
export function parseSpec(spec: string): Spec {
  const m = /^(.*?)(>?=)(.*)$/s.exec(spec);
  return m ? { raw: spec, name: m[1]!, cmp: m[2] as '=' | '>=', version: m[3]! } : { raw: spec, name: spec, cmp: null, version: null };
}

/** Does a spec need the list of every package name (a wildcard in its name)? */
export const hasWildcard = (s: Spec) => WILDCARD.test(s.name);

/**
 * expand_pkgspec_from_fnmatches: a name with wildcards becomes every matching package name
 * (native architecture only unless the pattern names one), its version part dropped as ansible does.
 */
export function expandSpecs(specs: Spec[], allNames: string[]): Spec[] {
  const out: Spec[] = [];
  for (const s of specs) {
    if (!hasWildcard(s)) { out.push(s); continue; }
    const re = fnmatchRegex(s.name);
    const matches = allNames.filter((n) => (s.name.includes(':') || !n.includes(':')) && re.test(n));
    if (matches.length === 0) throw new ModuleFailure(`No package(s) matching '${s.name}' available`);
    out.push(...matches.map(parseSpec));
  }
  return out;
}

interface Status {
  installed: boolean;
  versionInstalled: boolean;
  /** A version to install, or true for a virtual package apt must resolve itself. */
  installable: string | true | null;
}

/** package_best_match: with `=`, the highest version the pattern matches (pinned 1001); else the candidate. */
function bestMatch(p: PackageState, s: Spec): string | null {
  if (s.cmp !== '=') return p.candidate;
  return p.versions.find((v) => fnmatch(v, s.version!)) ?? null;
}

function packageStatus(s: Spec, name: string, st: AptState, forInstall: boolean): Status {
  const p = st.packages.get(name)!;
  if (!p.known) {
    if (!forInstall) return { installed: false, versionInstalled: false, installable: null };
    if (p.providers.length === 0) throw new ModuleFailure(`No package matching '${name}' is available`);
    // A virtual package satisfied by one installed provider reports that provider's status.
    if (p.providers.length === 1 && st.packages.has(p.providers[0]!)) {
      const q = packageStatus(s, p.providers[0]!, st, true);
      if (q.installed) return q;
    }
    return { installed: false, versionInstalled: false, installable: true };
  }
  const best = bestMatch(p, s);
  if (!p.installed) return { installed: false, versionInstalled: false, installable: best };
  const iv = p.installedVersion!;
  if (s.cmp === '=') return { installed: true, versionInstalled: fnmatch(iv, s.version!), installable: best && iv !== best && fnmatch(best, s.version!) ? best : null };
  if (s.cmp === '>=') return { installed: true, versionInstalled: compareVersions(iv, s.version!) >= 0, installable: best && iv !== best && compareVersions(best, s.version!) >= 0 ? best : null };
  return { installed: true, versionInstalled: true, installable: best && iv !== best ? best : null };
}

export interface InstallOptions { upgrade: boolean; onlyUpgrade: boolean }

/**
 * install()'s loop: the quoted words after `apt-get install` and the names it marks manual, or its
 * "no candidate" failure (ansible returns it as data, so the caller adds the cache keys).
 */
export function installList(specs: Spec[], st: AptState, o: InstallOptions): { list: string[]; names: string[] } {
  const list: string[] = [];
  const names: string[] = [];
  for (const s of specs) {
    names.push(s.name);
    const { installed, versionInstalled, installable } = packageStatus(s, s.name, st, true);
    if (!installed && o.onlyUpgrade) continue;
    if (!versionInstalled && !installable) throw new ModuleFailure(`no available installation candidate for ${s.raw}`, { changed: false });
    if (installable && ((!installed && !o.onlyUpgrade) || o.upgrade || !versionInstalled)) {
      if (installable !== true) list.push(`'${s.name}=${installable}'`);
      else list.push(s.version ? `'${s.name}=${s.version}'` : `'${s.name}'`);
    } else if (versionInstalled && installable && s.cmp === '=') list.push(`'${s.name}=${s.version}'`);
  }
  return { list, names };
}

/** remove(): the packages that are installed (at the version asked), or have files left to purge. */
export function removeList(specs: Spec[], st: AptState, purge: boolean): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const p = st.packages.get(s.name)!;
    const { versionInstalled } = packageStatus(s, s.name, st, false);
    if (versionInstalled || (p.known && p.hasFiles && purge)) out.push(`'${s.raw}'`);
  }
  return out;
}
