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

const indent = (text: string, n: number) => text.trim().split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n');

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
${indent(key, 10)}${SHOW('inline')}
    - deb822_repository: {name: pgplay test, state: absent}${SHOW('gone')}`;

const KEYS_PROBE = `
    - shell: ls /etc/apt/trusted.gpg.d/; apt-key adv --list-public-keys --keyid-format=long 2>/dev/null | grep -c '^pub'
      register: keys
      changed_when: false
      check_mode: false
    - debug: {var: keys.stdout_lines}`;

const ADD_KEYS = (url: string, key: string) => `
    - apt_key: {url: "${url}pgplay-test.asc", keyring: /etc/apt/trusted.gpg.d/pgplay-url.gpg}${SHOW('k1')}
    - ansible.builtin.apt_key:
        keyring: /etc/apt/trusted.gpg.d/pgplay-data.gpg
        data: |
${indent(key, 10)}${SHOW('k2')}
    - apt_key: {file: /root/pgplay-test.asc, keyring: /etc/apt/trusted.gpg.d/pgplay-file.gpg}${SHOW('k3')}
    - apt_key: {id: "nothex", state: absent}
      ignore_errors: true${KEYS_PROBE}`;

const REMOVE_KEYS = (fpr: string) => `
    - apt_key: {id: "${fpr}", keyring: /etc/apt/trusted.gpg.d/pgplay-url.gpg, state: absent}${SHOW('k4')}
    - apt_key: {id: "0x${fpr.slice(-8)}", keyring: /etc/apt/trusted.gpg.d/pgplay-data.gpg, state: absent}${SHOW('k5')}${KEYS_PROBE}`;

const LINES_PROBE = `
    - shell: for f in /etc/apt/sources.list.d/*.list; do stat -c '%n %a' "$f"; cat "$f"; done; true
      register: lines
      changed_when: false
      check_mode: false
    - debug: {var: lines.stdout_lines}`;

const ADD_LINES = (url: string) => `
    - apt_repository: {repo: "deb ${url} pgplay main", filename: pgplay-line, mode: '0600'}${SHOW('l1')}
    - ansible.builtin.apt_repository: {repo: "deb-src  ${url}  pgplay main", update_cache: false}${SHOW('l2')}
    - apt_repository: {repo: "deb http://debian.invalid/debian bookworm main", state: absent}${SHOW('l3')}
    - apt_repository: {repo: "# deb http://debian.invalid/debian bookworm main"}
      ignore_errors: true${LINES_PROBE}`;

const REMOVE_LINES = (url: string) => `
    - apt_repository: {repo: "deb ${url} pgplay main", state: absent, update_cache: false}${SHOW('l4')}${LINES_PROBE}`;

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

  it('apt_key adds keys from a URL, inline data and a file on the host, then removes them by id (--check first, re-runs change nothing)', async () => {
    const { served, repo: r } = repo();
    for (const h of ['h1', 'h2']) await rootSh(lab(), h, 'cat > /root/pgplay-test.asc', r.publicKey);
    const add = ADD_KEYS(served.url, r.publicKey);
    recap(await both(add, ['--check']), /hX +: ok=\d+ +changed=3 .*ignored=1/);
    recap(await both(add), /hX +: ok=\d+ +changed=3 .*ignored=1/);
    recap(await both(add), /hX +: ok=\d+ +changed=0 .*ignored=1/);
    const remove = REMOVE_KEYS(r.fingerprint);
    recap(await both(remove, ['--check']), /hX +: ok=\d+ +changed=2 /);
    recap(await both(remove), /hX +: ok=\d+ +changed=2 /);
    recap(await both(remove), /hX +: ok=\d+ +changed=0 /);
  });

  it('apt_repository adds one-line sources (filename, mode, suggested name, update_cache) and removes them, with --diff', async () => {
    // The key apt_key left in /etc/apt/trusted.gpg.d (pgplay-file.gpg) signs the repository these lines name.
    const add = ADD_LINES(repo().served.url);
    recap(await both(add, ['--check', '--diff']), /hX +: ok=\d+ +changed=2 .*ignored=1/);
    recap(await both(add, ['--diff']), /hX +: ok=\d+ +changed=2 .*ignored=1/);
    assert.equal(await rootSh(lab(), 'h2', 'stat -c %a /etc/apt/sources.list.d/pgplay-line.list'), '600\n');
    recap(await both(add), /hX +: ok=\d+ +changed=0 .*ignored=1/);
    const remove = REMOVE_LINES(repo().served.url);
    recap(await both(remove, ['--check', '--diff']), /hX +: ok=\d+ +changed=1 /);
    recap(await both(remove, ['--diff']), /hX +: ok=\d+ +changed=1 /);
    recap(await both(remove), /hX +: ok=\d+ +changed=0 /);
  });
});
