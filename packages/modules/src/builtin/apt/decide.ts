// Which packages go on the apt-get command line, decided as ansible-core 2.16's apt module does
// (its package_split, package_status, install and remove), from the state read by state.ts.
import { ModuleFailure } from '@pgplay/engine/module-api';
import type { AptState, PackageState } from './state.js';

export interface Spec { name: string; version: string | null }

/** ansible's package_split for `name` and `name=version` (`>=` and wildcards are refused earlier). */
export function parseSpec(spec: string): Spec {
  const s = spec.trim();
  if ((s.match(/=/g) ?? []).length > 1) throw new ModuleFailure(`invalid package spec: ${spec}`);
  if (/>=|[*?[]/.test(s)) throw new ModuleFailure(`pgplay's apt does not support version comparisons or wildcards in package names or versions yet: ${spec}`);
  const i = s.indexOf('=');
  const spec2 = i < 0 ? { name: s, version: null } : { name: s.slice(0, i), version: s.slice(i + 1) };
  // Debian policy's name and version alphabets: anything else could never match a package.
  if (!/^[a-z0-9][a-z0-9+.:-]*$/.test(spec2.name) || (spec2.version !== null && !/^[A-Za-z0-9.+~:-]+$/.test(spec2.version))) throw new ModuleFailure(`No package matching '${spec2.name}' is available`);
  return spec2;
}

/** package_best_match: the candidate, or with `=version` that version when apt has it (pin 1001). */
function bestMatch(p: PackageState, version: string | null): string | null {
  if (version === null) return p.candidate;
  return p.versions.includes(version) ? version : null;
}

/** The quoted `'name=version'` words ansible's install() puts after `apt-get install`. */
export function installList(specs: Spec[], st: AptState, upgrade: boolean): string[] {
  const out: string[] = [];
  for (const { name, version } of specs) {
    const p = st.packages.get(name)!;
    // Virtual packages are not handled yet: an unknown name fails as ansible's does for a missing one.
    if (!p.known) throw new ModuleFailure(`No package matching '${name}' is available`);
    const best = bestMatch(p, version);
    let versionInstalled = false;
    let installable: string | null = null;
    if (p.installed) {
      versionInstalled = version === null || p.installedVersion === version;
      if (best && p.installedVersion !== best) installable = best;
    } else installable = best;
    if (!versionInstalled && !installable) throw new ModuleFailure(`no available installation candidate for ${version === null ? name : `${name}=${version}`}`, { changed: false });
    if (installable && (!p.installed || upgrade || !versionInstalled)) out.push(`'${name}=${installable}'`);
    else if (versionInstalled && installable && version !== null) out.push(`'${name}=${version}'`);
  }
  return out;
}

/** remove(): the packages that are installed (at the version asked), or have files left to purge. */
export function removeList(specs: Spec[], st: AptState, purge: boolean): string[] {
  const out: string[] = [];
  for (const { name, version } of specs) {
    const p = st.packages.get(name)!;
    const versionInstalled = p.installed && (version === null || p.installedVersion === version);
    if (versionInstalled || (p.hasFiles && purge)) out.push(`'${version === null ? name : `${name}=${version}`}'`);
  }
  return out;
}
