// The test apt repository the harness builds (dpkg-deb, apt-ftparchive, a gpg key of its own) and
// serves on the suite bridge's gateway: a lab host's apt, with nothing but the repository's key and a
// deb822 source, verifies the signed InRelease, resolves Depends/Recommends, installs a pinned
// version, runs the postinst, registers the conffile, upgrades to the newer version, and dpkg
// installs a built .deb copied onto the host. The package-module tests stand on all of this.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { buildTestRepo, debFileName, hostAptSetup, serveTestRepo, TEST_DEBS, type ServedRepo, type TestRepo } from '../../harness/apt-repo/index.js';

describe('hosts/apt: the harness-built test apt repository', function () {
  this.timeout(180_000);
  useLabTemplate();
  const lab = useLab({ suite: 'aptrepo', hosts: 1, log: (l) => console.log(`      ${l}`) });
  let dir = '';
  let repo: TestRepo;
  let served: ServedRepo | undefined;

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'pgplay-aptrepo-test-'));
    repo = await buildTestRepo(join(dir, 'repo'));
    served = await serveTestRepo(repo, lab().gateway);
  });
  after(async () => {
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function root(cmd: string, input?: string): Promise<string> {
    const r = await lab().exec('h1', cmd, input === undefined ? {} : { input });
    assert.equal(r.exitCode, 0, `${cmd}\nexit ${r.exitCode}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }
  const dpkg = (pkgs: string) => root(`dpkg-query -W -f='\${Package} \${Version} \${db:Status-Abbrev}\\n' ${pkgs} 2>/dev/null; true`);

  it('is signed: apt-get update verifies InRelease against the key alone, with no warnings', async () => {
    await root(hostAptSetup(repo, served!));
    const r = await lab().exec('h1', 'apt-get update -o APT::Update::Error-Mode=any 2>&1');
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /^W:|NO_PUBKEY|not signed/m, r.stdout);
    assert.ok(served!.requests.includes('GET /dists/pgplay/InRelease 200'), served!.requests.join('\n'));
    const policy = await root('apt-cache policy pgplay-app');
    assert.match(policy, /Candidate: 2\.0-1/);
    assert.match(policy, /1\.0-1 500/);
  });

  it('refuses the repository when the signing key does not match', async () => {
    // The same source signed-by another (the archive's) keyring: apt must not trust it.
    await root("sed -i 's#^Signed-By: .*#Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg#' /etc/apt/sources.list.d/pgplay-test.sources");
    const r = await lab().exec('h1', 'apt-get update -o APT::Update::Error-Mode=any 2>&1');
    assert.notEqual(r.exitCode, 0, r.stdout);
    assert.match(r.stdout, /NO_PUBKEY|not signed|signatures couldn't be verified/);
    await root(hostAptSetup(repo, served!));
    await root('apt-get update -q');
  });

  it('installs a pinned version with its dependency and recommendation; postinst and conffile take effect', async () => {
    await root('DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgplay-app=1.0-1');
    assert.equal(await dpkg('pgplay-app pgplay-base pgplay-extra'),
      'pgplay-app 1.0-1 ii \npgplay-base 1.0-1 ii \npgplay-extra 1.0-1 ii \n');
    assert.equal((await root('cat /var/lib/pgplay-app/installed')).trim(), '1.0-1');
    assert.match(await root("dpkg-query -W -f='${Conffiles}' pgplay-app"), /^ \/etc\/pgplay-app\.conf [0-9a-f]{32}$/m);
    assert.equal((await root('cat /usr/share/pgplay-app/VERSION')).trim(), '1.0-1');
  });

  it('upgrades to the newer version (what state=latest needs)', async () => {
    await root('DEBIAN_FRONTEND=noninteractive apt-get install -y -q --only-upgrade pgplay-app');
    assert.equal(await dpkg('pgplay-app'), 'pgplay-app 2.0-1 ii \n');
    assert.equal((await root('cat /var/lib/pgplay-app/installed')).trim(), '2.0-1');
  });

  it('dpkg installs a built .deb copied to the host (what deb: needs)', async () => {
    const tool = TEST_DEBS.find((d) => d.name === 'pgplay-tool')!;
    const deb = readFileSync(repo.debs.get(debFileName(tool))!);
    await root('base64 -d > /root/pgplay-tool.deb', deb.toString('base64'));
    await root('dpkg -i /root/pgplay-tool.deb');
    assert.equal(await dpkg('pgplay-tool'), 'pgplay-tool 1.0-1 ii \n');
  });
});
