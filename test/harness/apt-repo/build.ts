// Builds the test apt repository in a directory: .debs made with dpkg-deb, indexed with
// apt-ftparchive, Release signed (InRelease and Release.gpg) with an ed25519 key made by gpg in a
// temporary GNUPGHOME, the public key exported armored for the hosts' signed-by. Nothing is
// fetched from anywhere: the tests install these packages instead of the real archive's.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { $ } from '../lab/vendor.js';
import { debFileName, TEST_DEBS, type TestDeb } from './debs.js';

export const TEST_SUITE = 'pgplay';
export const TEST_COMPONENT = 'main';

export interface TestRepo {
  /** Directory served as the repository root (holds dists/ and pool/). */
  root: string;
  /** Armored public signing key (what `signed-by` and apt_key/deb822_repository take). */
  publicKey: string;
  fingerprint: string;
  /** Absolute path of each built .deb, by file name (for `deb:` tests that copy one to a host). */
  debs: Map<string, string>;
}

async function buildDeb(d: TestDeb, workDir: string, poolDir: string): Promise<string> {
  const tree = join(workDir, `${d.name}-${d.version}`);
  mkdirSync(join(tree, 'DEBIAN'), { recursive: true });
  for (const [path, content] of Object.entries(d.files ?? {})) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), content);
  }
  const control = [
    `Package: ${d.name}`, `Version: ${d.version}`, 'Architecture: all', 'Maintainer: pgplay tests <tests@pgplay.invalid>',
    ...(d.depends ? [`Depends: ${d.depends}`] : []), ...(d.recommends ? [`Recommends: ${d.recommends}`] : []),
    ...(d.provides ? [`Provides: ${d.provides}`] : []),
    'Section: misc', 'Priority: optional', `Description: pgplay test package ${d.name}`, ' Built by the test harness; installs a few small files.', '',
  ].join('\n');
  writeFileSync(join(tree, 'DEBIAN', 'control'), control);
  if (d.conffiles?.length) writeFileSync(join(tree, 'DEBIAN', 'conffiles'), d.conffiles.join('\n') + '\n');
  if (d.postinstCreates) {
    const p = d.postinstCreates;
    writeFileSync(join(tree, 'DEBIAN', 'postinst'), `#!/bin/sh\nset -e\nif [ "$1" = configure ]; then mkdir -p '${dirname(p)}'; echo '${d.version}' > '${p}'; fi\n`);
    chmodSync(join(tree, 'DEBIAN', 'postinst'), 0o755);
  }
  if (d.postinstConfigure) {
    writeFileSync(join(tree, 'DEBIAN', 'postinst'), `#!/bin/sh\nset -e\nif [ "$1" = configure ]; then\n${d.postinstConfigure}\nfi\n`);
    chmodSync(join(tree, 'DEBIAN', 'postinst'), 0o755);
  }
  const out = join(poolDir, debFileName(d));
  // --root-owner-group: files owned by root whoever builds; -Zgzip keeps it readable by any dpkg.
  await $`dpkg-deb --root-owner-group -Zgzip --build ${tree} ${out}`;
  return out;
}

export async function buildTestRepo(root: string): Promise<TestRepo> {
  const work = mkdtempSync(join(tmpdir(), 'pgplay-aptrepo-'));
  const gnupg = join(work, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  try {
    const pool = join(root, 'pool', TEST_COMPONENT);
    mkdirSync(pool, { recursive: true });
    const debs = new Map<string, string>();
    for (const d of TEST_DEBS) debs.set(debFileName(d), await buildDeb(d, join(work, 'trees'), pool));

    const dist = join(root, 'dists', TEST_SUITE);
    const binDir = join(dist, TEST_COMPONENT, 'binary-amd64');
    mkdirSync(binDir, { recursive: true });
    // Paths in Packages are relative to the repository root, so apt-ftparchive runs there.
    const packages = (await $({ cwd: root })`apt-ftparchive packages pool`).stdout;
    writeFileSync(join(binDir, 'Packages'), packages);
    await $`gzip -9nk ${join(binDir, 'Packages')}`;
    const rel = (await $({ cwd: dist })`apt-ftparchive -o APT::FTPArchive::Release::Origin=pgplay-tests -o APT::FTPArchive::Release::Suite=${TEST_SUITE} -o APT::FTPArchive::Release::Codename=${TEST_SUITE} -o APT::FTPArchive::Release::Architectures=amd64 -o APT::FTPArchive::Release::Components=${TEST_COMPONENT} release .`).stdout;
    writeFileSync(join(dist, 'Release'), rel);

    const g = ['--batch', '--homedir', gnupg, '--pinentry-mode', 'loopback', '--passphrase', ''];
    await $`gpg ${g} --quick-gen-key ${'pgplay test repository <tests@pgplay.invalid>'} ed25519 sign never`;
    const fingerprint = (await $`gpg ${g} --with-colons --list-keys`).stdout.split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9]!;
    await $`gpg ${g} --clearsign -o ${join(dist, 'InRelease')} ${join(dist, 'Release')}`;
    await $`gpg ${g} --armor --detach-sign -o ${join(dist, 'Release.gpg')} ${join(dist, 'Release')}`;
    const publicKey = (await $`gpg ${g} --armor --export ${fingerprint}`).stdout;
    writeFileSync(join(root, 'pgplay-test.asc'), publicKey);
    return { root, publicKey, fingerprint, debs };
  } finally {
    // gpg started an agent for the temporary home: stop it before removing the home.
    await $`gpgconf --homedir ${gnupg} --kill gpg-agent`.catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}
