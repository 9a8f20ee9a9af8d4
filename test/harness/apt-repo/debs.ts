// The packages of the test apt repository: tiny arch-all .debs that exercise what the package
// modules must handle — versions (two of one package, for state=latest and pkg=ver pins),
// Depends and Recommends, a conffile, a postinst with a visible effect, and a standalone package
// for `deb:` installs from a file on the target.

export interface TestDeb {
  name: string;
  version: string;
  depends?: string;
  recommends?: string;
  /** Files shipped, path (absolute on the target) → content. */
  files?: Record<string, string>;
  /** Shipped files that dpkg treats as conffiles (must also be in `files`). */
  conffiles?: string[];
  /** A file the postinst creates on configure, so a probe can tell the script ran. */
  postinstCreates?: string;
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
];

/** The file name dpkg-deb output gets in the pool (Debian's name_version_arch.deb). */
export function debFileName(d: TestDeb): string {
  return `${d.name}_${d.version}_all.deb`;
}
