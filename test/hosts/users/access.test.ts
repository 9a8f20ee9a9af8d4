// ansible.posix.authorized_key, community.general.sudoers and ansible.builtin.cron on lab hosts
// against the pinned ansible-playbook: ansible on h1, pgplay on h2 (fresh, identical hosts shared
// by the suite, run in order). Same status, registered results and probed state (authorized_keys
// text and modes, /etc/sudoers.d files, `crontab -l -u`, /etc/cron.d) under --check --diff
// (nothing changes), --diff, a re-run (changed=0), changes made by become from the sudoer user,
// and failures with ansible's messages.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { workDir } from '../ssh/support.js';
import { rootSh } from '../apt/support.js';
import { both, PROBE, recap, SHOW } from './support.js';

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyOneFakeKeyOneFakeKeyOneFakeKeyOne1 one@example';
const K2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCfakekeytwo2 two@example';
const K3 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIThreeThreeThreeThreeThreeThreeThreeThree3';

const STATE = PROBE(`
for f in ~sudopw/.ssh ~sudopw/.ssh/authorized_keys /srv/pwonly-keys /srv/pwonly-keys/authorized_keys /etc/sudoers.d/alice-svc /etc/sudoers.d/ops /etc/cron.d/pgplay-jobs; do stat -c '%a %U:%G %n' $f; done
cat ~sudopw/.ssh/authorized_keys /srv/pwonly-keys/authorized_keys /etc/sudoers.d/alice-svc /etc/sudoers.d/ops /etc/cron.d/pgplay-jobs; crontab -l -u sudopw; crontab -l -u root; ls /tmp | grep -c crontab; true`);

const ADD = `
    - authorized_key: {user: sudopw, key: "${K1}"}
      register: a1
    - ansible.posix.authorized_key: {user: sudopw, key: "${K2}\\n${K3}", key_options: 'no-port-forwarding,from="10.0.0.1"'}
      register: a2
    - authorized_key: {user: pwonly, key: "${K1}", path: /srv/pwonly-keys/authorized_keys, comment: "changed comment"}
      register: a3
    - community.general.sudoers: {name: alice-svc, user: sudopw, commands: ["/bin/systemctl restart x", "/bin/true"], nopassword: false, runas: root, setenv: true}
      register: s1
    - community.general.sudoers: {name: ops, group: adm, host: h9, commands: ALL, noexec: true, validation: required}
      register: s2
    - cron: {name: backup, minute: "5", hour: "2", job: "/usr/local/bin/backup >/dev/null", user: sudopw}
      register: c1
    - cron: {name: PATH, env: true, job: "/usr/bin:/bin", user: sudopw}
      register: c2
    - ansible.builtin.cron: {name: weekly, special_time: weekly, job: /bin/true, user: root, cron_file: pgplay-jobs, disabled: true}
      register: c4
    - cron: {name: SHELL, env: true, job: /bin/sh, cron_file: pgplay-jobs, user: root}
      register: c5
    - cron: {name: at boot, special_time: reboot, job: "/bin/echo up", dow: "*"}
      register: c6${SHOW(['a1', 'a2', 'a3', 's1', 's2', 'c1', 'c2', 'c4', 'c5', 'c6'])}${STATE}`;

const CHANGE = `
    - authorized_key: {user: sudopw, key: "${K3}", state: absent}
      register: a1
    - authorized_key: {user: pwonly, key: "${K2}", path: /srv/pwonly-keys/authorized_keys, exclusive: true}
      register: a2
    - community.general.sudoers: {name: alice-svc, user: sudopw, commands: /bin/false}
      register: s1
    - community.general.sudoers: {name: ops, state: absent}
      register: s2
    - cron: {name: backup, minute: "5", hour: "3", job: "/usr/local/bin/backup >/dev/null", user: sudopw, backup: true}
      register: c1
    - cron: {name: MAILTO, env: true, value: "ops@example", user: sudopw, insertafter: PATH}
      register: c5
    - cron: {name: PATH, env: true, user: sudopw, state: absent}
      register: c2
    - cron: {name: SHELL, env: true, cron_file: pgplay-jobs, state: absent}
      register: c3
    - cron: {name: weekly, cron_file: /etc/cron.d/pgplay-jobs, state: absent}
      register: c4${SHOW(['a1', 'a2', 's1', 's2', 'c1', 'c5', 'c2', 'c3', 'c4'])}${STATE}`;

const ERRORS = `
    - authorized_key: {user: pwonly, key: "${K1}", path: /srv/no/such/authorized_keys}
      ignore_errors: true
    - authorized_key: {user: nosuchuser, key: "${K1}"}
      ignore_errors: true
    - authorized_key: {user: sudopw, key: "not a key"}
      ignore_errors: true
    - community.general.sudoers: {name: bad, user: sudopw, commands: ["ALL ALL"], runas: "("}
      ignore_errors: true
    - cron: {name: x, cron_file: /etc/crontab, user: root, job: /bin/true}
      ignore_errors: true
    - cron: {name: x, special_time: daily, hour: "1", job: /bin/true}
      ignore_errors: true
    - cron: {name: x, cron_file: other-jobs, job: /bin/true}
      ignore_errors: true
    - cron: {name: x, insertafter: PATH, job: /bin/true}
      ignore_errors: true
    - cron: {name: "A B", env: true, job: x}
      ignore_errors: true`;

const SUDOER = '  become: true\n  vars: {ansible_user: sudoer}\n';

describe('hosts/users: authorized_key, sudoers and cron against ansible-playbook', function () {
  this.timeout(300_000);
  useLabTemplate();
  const lab = useLab({ suite: 'access', hosts: 2 });
  let dir = '';
  before(() => { dir = workDir('access'); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cron fails as ansible does on a host without crontab (as root and by become)', async () => {
    const { out } = await both(lab(), dir, '', `
    - cron: {name: x, job: /bin/true}
      ignore_errors: true
    - cron: {name: x, job: /bin/true}
      become: true
      vars: {ansible_user: sudoer}
      ignore_errors: true`);
    recap(out, /hX +: ok=2 .* ignored=2 /);
  });

  describe('with cron installed', () => {
    before(async function () {
      this.timeout(240_000);
      await Promise.all(['h1', 'h2'].map((h) => rootSh(lab(), h, 'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends cron >/dev/null')));
    });

    it('--check --diff predicts every edit and changes nothing', async () => {
      const { out } = await both(lab(), dir, '', ADD, ['--check', '--diff']);
      recap(out, /hX +: ok=13 +changed=10 /);
      assert.equal((await lab().exec('h2', 'test -e /etc/sudoers.d/ops || crontab -l -u sudopw')).exitCode, 1);
    });

    it('adds keys, rules, jobs and variables with the same results, diffs and files', async () => {
      const { out } = await both(lab(), dir, '', ADD, ['--diff']);
      recap(out, /hX +: ok=13 +changed=10 /);
      assert.match(await rootSh(lab(), 'h2', 'cat /etc/sudoers.d/ops'), /^%adm h9=NOEXEC:NOPASSWD: ALL\n$/);
    });

    it('changes nothing on a second run', async () => {
      recap((await both(lab(), dir, '', ADD)).out, /hX +: ok=13 +changed=0 /);
    });

    it('removes and replaces by become from sudoer: --check --diff predicts, --diff applies (backup kept), re-run changed=0', async () => {
      recap((await both(lab(), dir, SUDOER, CHANGE, ['--check', '--diff'])).out, /hX +: ok=12 +changed=9 /);
      recap((await both(lab(), dir, SUDOER, CHANGE, ['--diff'])).out, /hX +: ok=12 +changed=9 /);
      assert.equal((await lab().exec('h2', 'test -e /etc/cron.d/pgplay-jobs')).exitCode, 1);
      recap((await both(lab(), dir, SUDOER, CHANGE)).out, /hX +: ok=12 +changed=0 /);
    });

    it('fails as ansible does: missing directory, unknown user, bad key, visudo\'s verdict, cron\'s checks', async () => {
      recap((await both(lab(), dir, '', ERRORS)).out, /hX +: ok=9 .* ignored=9 /);
    });
  });
});
