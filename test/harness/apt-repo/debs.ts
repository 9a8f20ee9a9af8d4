// The packages of the test apt repository: tiny arch-all .debs that exercise what the package
// modules must handle — versions (two of one package, for state=latest and pkg=ver pins),
// Depends and Recommends, a conffile, a postinst with a visible effect, and a standalone package
// for `deb:` installs from a file on the target.

export interface TestDeb {
  name: string;
  version: string;
  depends?: string;
  recommends?: string;
  /** Virtual package names it provides (for apt's virtual-package handling). */
  provides?: string;
  /** Files shipped, path (absolute on the target) → content. */
  files?: Record<string, string>;
  /** Shipped files that dpkg treats as conffiles (must also be in `files`). */
  conffiles?: string[];
  /** A file the postinst creates on configure, so a probe can tell the script ran. */
  postinstCreates?: string;
  /** A postinst body of its own, run on configure (for effects other than postinstCreates'). */
  postinstConfigure?: string;
}

export const TEST_DEBS: readonly TestDeb[] = [
  { name: 'pgplay-base', version: '1.0-1', files: { '/usr/share/pgplay-base/README': 'pgplay-base 1.0\n' } },
  { name: 'pgplay-extra', version: '1.0-1', files: { '/usr/share/pgplay-extra/README': 'pgplay-extra 1.0\n' } },
  ...['1.0-1', '2.0-1'].map((version) => ({
    name: 'pgplay-app',
    version,
    depends: 'pgplay-base (>= 1.0)',
    recommends: 'pgplay-extra',
    files: {
      '/etc/pgplay-app.conf': `# pgplay-app ${version} default configuration\nlisten = 127.0.0.1\n`,
      '/usr/share/pgplay-app/VERSION': `${version}\n`,
    },
    conffiles: ['/etc/pgplay-app.conf'],
    postinstCreates: '/var/lib/pgplay-app/installed',
  })),
  { name: 'pgplay-tool', version: '1.0-1', files: { '/usr/share/pgplay-tool/README': 'pgplay-tool 1.0\n' } },
  // The only provider of the virtual name pgplay-virtual (apt installs it for `name: pgplay-virtual`).
  { name: 'pgplay-impl', version: '1.0-1', provides: 'pgplay-virtual', files: { '/usr/share/pgplay-impl/README': 'pgplay-impl 1.0\n' } },
  // Records what /usr/sbin/policy-rc.d answers while dpkg configures it ("none" without one), as a
  // service package's invoke-rc.d would ask: the apt module's policy_rc_d is visible afterwards.
  {
    name: 'pgplay-svc', version: '1.0-1', files: { '/usr/share/pgplay-svc/README': 'pgplay-svc 1.0\n' },
    postinstConfigure: 'mkdir -p /var/lib/pgplay-svc\nif [ -x /usr/sbin/policy-rc.d ]; then rc=0; /usr/sbin/policy-rc.d pgplay-svc start || rc=$?; echo "$rc" > /var/lib/pgplay-svc/policy; else echo none > /var/lib/pgplay-svc/policy; fi',
  },
];

/** The file name dpkg-deb output gets in the pool (Debian's name_version_arch.deb). */
export function debFileName(d: TestDeb): string {
  return `${d.name}_${d.version}_all.deb`;
}
