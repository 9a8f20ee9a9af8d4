import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';

interface PackageFactsArgs { manager?: string[]; strategy?: 'first' | 'all' }

/** ansible's package managers, in its get_all_pkg_managers order; pgplay reads apt's (dpkg's) only. */
const MANAGERS = ['rpm', 'apt', 'pacman', 'pkg', 'portage', 'apk', 'pkg_info'];

/**
 * One remote command: dpkg's installed packages (name, version, architecture, section) and, for
 * python-apt's `installed.origins[0].origin`, the Origin of the first apt list holding that exact
 * version (apt's lists are searched with awk on the host; a version only in dpkg's status has "").
 */
const PROBE = sh`dpkg --print-architecture
echo @
dpkg-query -W -f='\${db:Status-Abbrev}\t\${Package}\t\${Version}\t\${Architecture}\t\${Section}\n'
echo @
cd /var/lib/apt/lists 2>/dev/null && for p in *_Packages; do
  [ -f "$p" ] || continue
  base=\${p%%_dists_*}; rest=\${p#*_dists_}; suite=\${rest%%_*}
  rel="\${base}_dists_\${suite}_InRelease"; [ -f "$rel" ] || rel="\${base}_dists_\${suite}_Release"
  origin=$(sed -n 's/^Origin: //p' "$rel" 2>/dev/null | head -n1)
  awk -v o="$origin" '/^Package: /{n=$2} /^Architecture: /{a=$2} /^Version: /{v=$2} /^$/{if(n!="")print n"\t"v"\t"a"\t"o; n=""} END{if(n!="")print n"\t"v"\t"a"\t"o}' "$p"
done; true`;

interface Pkg { name: string; version: string; arch: string; category: string; origin: string; source: 'apt' }

/** ansible.builtin.package_facts for apt hosts: ansible_facts.packages as python-apt's cache gives it. */
export default defineModule<PackageFactsArgs, never>({
  name: 'ansible.builtin.package_facts',
  aliases: ['package_facts'],
  doc: { short: 'Package information as facts', description: 'Reads dpkg\'s installed packages (and the apt origin of each version) in one command; apt is the only manager pgplay reads.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      manager: { type: 'array', items: { type: 'string' }, default: ['auto'], description: 'The package manager(s) used by the system so we can query the package information (pgplay: auto or apt).' },
      strategy: { type: 'string', enum: ['first', 'all'], default: 'first', description: 'first: only the first supported package manager available; all: every one available.' },
    },
  },
  returns: {
    ansible_facts: { description: 'Facts to add to ansible_facts: packages, a dict of package name to a list of its installed versions.', returned: 'when a supported package manager is found', type: 'complex' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    const given = a.manager ?? ['auto'];
    const managers = given.map((m) => m.toLowerCase());
    const unsupported = [...new Set(managers.filter((m) => m !== 'auto' && !MANAGERS.includes(m)))];
    if (unsupported.length > 0) throw new ModuleFailure(given.includes('auto') ? 'Could not auto detect a usable package manager, check warnings for details.' : `Unsupported package managers requested: ${unsupported.join(', ')}`);
    const others = managers.filter((m) => m !== 'auto' && m !== 'apt');
    if (others.length > 0) throw new ModuleFailure(`pgplay's package_facts reads apt (dpkg) only yet, not ${others.join(', ')}`);
    const r = await ctx.host.exec(PROBE);
    if (!/\n@\n/.test(r.stdout) || (await ctx.host.exec(sh`command -v apt-get`)).rc !== 0) {
      throw new ModuleFailure(`Could not detect a supported package manager from the following list: ${JSON.stringify(managers.includes('auto') ? MANAGERS : managers).replace(/"/g, "'")}, or the required Python library is not installed. Check warnings for details.`);
    }
    const [archLine = '', dpkg = '', lists = ''] = r.stdout.split(/^@$/m);
    const native = archLine.trim();
    const origins = new Map<string, string>();
    for (const line of lists.split('\n')) {
      const [n, v, arch, o = ''] = line.split('\t');
      const key = `${n}\t${v}\t${arch}`;
      if (n && !origins.has(key)) origins.set(key, o);
    }
    const packages: Record<string, Pkg[]> = {};
    for (const line of dpkg.split('\n')) {
      const [abbrev = '', name = '', version = '', arch = '', section = ''] = line.split('\t');
      // python-apt's is_installed: a current version exists (not "not-installed" nor "config-files").
      if (!name || abbrev[1] === 'n' || abbrev[1] === 'c') continue;
      const key = arch === native || arch === 'all' ? name : `${name}:${arch}`;
      const origin = origins.get(`${name}\t${version}\t${arch}`) ?? '';
      (packages[key] ??= []).push({ name: key, version, arch, category: section, origin, source: 'apt' });
    }
    return { changed: false, result: { changed: false, ansible_facts: { packages } } };
  },
  async apply(plan) { return plan.result!; },
});
