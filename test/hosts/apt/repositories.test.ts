// deb822_repository on fresh lab hosts, differentially (ansible-playbook on h1, pgplay on h2): the
// Percona/PGDG way of adding a signed third-party repository — a .sources file whose signed_by key
// is fetched from a URL into /etc/apt/keyrings — then apt installing a package from it with
// a cache update when the repository changed; twice (the second run changes nothing), then under --check. Then an inline key
// with every other deb822 option and a file mode, and state=absent removing the first again.
// The hosts have no test-repository source beforehand, only apt's DIRECT route to the server and
// python3-debian (which ansible's module needs; pgplay's does not).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { hostDirectToRepo } from '../../harness/apt-repo/index.js';
import { workDir } from '../ssh/support.js';
import { differential, rootSh, SHOW, useTestRepo } from './support.js';

const PROBE = `
    - shell: for f in /etc/apt/sources.list.d/*.sources /etc/apt/keyrings/*; do stat -c '%n %a %U:%G' "$f"; cat "$f"; done; stat -c '%n %a' /etc/apt/keyrings; dpkg-query -W -f='\${Package} \${Version} \${db:Status-Abbrev}\\n' 'pgplay-*'; true
      register: probe
      changed_when: false
      check_mode: false
    - debug: {var: probe.stdout_lines}`;

const ADD = (url: string) => `
    - deb822_repository:
        name: pgplay test
        types: [deb]
        uris: ["${url}"]
        suites: [pgplay]
        components: [main]
        architectures: [amd64]
        signed_by: "${url}pgplay-test.asc"${SHOW('repo')}
    - apt: {update_cache: true}
      when: repo is changed
    - apt: {name: pgplay-tool}${SHOW('inst')}`;

const MORE = (url: string, key: string) => `
    - ansible.builtin.deb822_repository:
        name: PGPlay_Inline Repo
        uris: ["${url}"]
        suites: [pgplay]
        components: [main]
        enabled: false
        trusted: false
        allow_insecure: false
        allow_weak: false
        allow_downgrade_to_insecure: false
        by_hash: false
        check_date: true
        check_valid_until: false
        date_max_future: 86400
        inrelease_path: InRelease
        languages: [en]
        pdiffs: false
        targets: [Packages]
        mode: '0600'
        signed_by: |
${key.trim().split('\n').map((l) => `          ${l}`).join('\n')}${SHOW('inline')}
    - deb822_repository: {name: pgplay test, state: absent}${SHOW('gone')}`;

describe('hosts/apt: deb822_repository with a signed repository, then apt from it, against ansible-playbook', function () {
  this.timeout(600_000);
  useLabTemplate();
  const lab = useLab({ suite: 'aptrepos', hosts: 2 });
  const repo = useTestRepo(lab, { hostSetup: (_r, served) => `${hostDirectToRepo(served)}\napt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-debian` });
  let dir = '';
  before(() => { dir = workDir('aptrepos'); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const { both, recap } = differential(lab, () => dir, PROBE);

  it('adds the repository with a signed_by URL and installs from it; the second run and --check change nothing', async () => {
    const url = repo().served.url;
    recap(await both(ADD(url), ['--diff']), /hX +: ok=\d+ +changed=3 /);
    assert.match(await rootSh(lab(), 'h2', 'dpkg-query -W pgplay-tool; cat /etc/apt/keyrings/pgplay-test.asc'), /pgplay-tool\t1\.0-1\n-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    recap(await both(ADD(url)), /hX +: ok=\d+ +changed=0 /);
    recap(await both(ADD(url), ['--check']), /hX +: ok=\d+ +changed=0 /);
  });

  it('package_facts gives the installed packages with their apt origins (ours, Debian\'s) as ansible does', async () => {
    recap(await both(`
    - package_facts: {manager: [auto], strategy: all}
    - debug: {var: ansible_facts.packages}
    - ansible.builtin.package_facts: {manager: apt}${SHOW('pf')}
    - package_facts: {manager: [nosuch]}
      ignore_errors: true`), /hX +: ok=\d+ +changed=0 .*ignored=1/);
  });

  it('writes an inline key and every other option (under --check first), and removes a repository with state=absent', async () => {
    const tasks = MORE(repo().served.url, repo().repo.publicKey);
    recap(await both(tasks, ['--check']), /hX +: ok=\d+ +changed=2 /);
    recap(await both(tasks), /hX +: ok=\d+ +changed=2 /);
    assert.equal((await rootSh(lab(), 'h2', 'ls /etc/apt/sources.list.d/ /etc/apt/keyrings/')).trim(), '/etc/apt/keyrings/:\n\n/etc/apt/sources.list.d/:\npgplay-inline-repo.sources');
    recap(await both(tasks), /hX +: ok=\d+ +changed=0 /);
  });
});
