// ansible.builtin.user and ansible.builtin.group on lab hosts against the pinned ansible-playbook:
// ansible on h1, pgplay on h2 (fresh, identical hosts shared by the whole suite, run in order).
// Same status per task, same registered results and the same probed accounts (getent passwd,
// group, shadow; home directories and generated keys) — under --check (nothing made), applied,
// re-run (changed=0), then changes under --check --diff and --diff, errors with ansible's
// messages, and become from the passwordless sudoer with no_log hiding the password hash.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { runAnsible, runPgplay, workDir } from '../ssh/support.js';
import { both, play, PROBE, recap, SHOW } from './support.js';

const HASH1 = '$6$pgplaysalt$Zc5ll97oGRHDEkJYdd1NbobtSBX1R47DoXmPK6tAtjGQpt6tLDFKJQk40a5zYTr2PjDzQ6stGhKFU8kSisWXV/';
const HASH2 = '$6$othersalt$cqzXHKUFCAVCBPtA1smexhwK3//BkKt7ri4zRNIjK.eut2C88Pb92xotc4QAE6Z2kq4IhdLIz82veX536Kbez1';

const CREATE = `
    - group: {name: devs, gid: 2501}
      register: g1
    - ansible.builtin.group: {name: ops, system: true}
      register: g2
    - user:
        name: alice
        uid: 2601
        group: devs
        groups: [ops, adm]
        shell: /bin/bash
        comment: Alice A
        password: "${HASH1}"
        expires: 1893456000
      register: u1
    - user: {name: bob, home: /srv/homes/bob, generate_ssh_key: true, ssh_key_bits: 2048, password_expire_max: 90}
      register: u2
    - ansible.builtin.user: {name: svc, system: true, create_home: false, shell: /usr/sbin/nologin}
      register: u3
    - user: {name: carol, password: plaintext, password_lock: true, umask: "077", skeleton: /etc/skel}
      register: u4${SHOW(['g1', 'g2', 'u1', 'u2', 'u3', 'u4'])}${PROBE(`
getent passwd alice bob svc carol; getent group devs ops adm alice bob carol; getent shadow alice bob svc carol | cut -d: -f1,2,4-
ls -la /srv/homes/bob /srv/homes/bob/.ssh | cut -c1-10,14-30,44-; stat -c '%a %U:%G %n' /srv/homes /home/alice /home/carol; true`)}`;

const MODIFY = `
    - user: {name: alice, shell: /bin/sh, groups: [sudo], append: true, password_lock: true, expires: -1}
      register: m1
    - user: {name: bob, home: /srv/bob2, move_home: true, comment: "Bob B", password_expire_min: 1, password_expire_warn: 10}
      register: m2
    - user: {name: carol, password: "${HASH2}", update_password: on_create, groups: [], password_lock: false}
      register: m3
    - user: {name: svc, state: absent}
      register: m4
    - group: {name: devs, gid: 2502}
      register: m5
    - group: {name: ops, state: absent}
      register: m6
    - user: {name: dave, uid: 2601, non_unique: true, group: 2502, groups: "adm,devs", create_home: false, login_class: ignored-on-linux}
      register: m7
    - user: {name: alice, groups: [], append: false}
      register: m8
    - user: {name: frank, password: "${HASH2}", generate_ssh_key: true, ssh_key_type: ed25519, ssh_key_comment: frank-key}
      no_log: true
      register: m9${SHOW(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'])}${PROBE(`
getent passwd alice bob svc carol dave frank; getent group devs ops adm sudo; getent shadow alice bob carol dave | cut -d: -f1,2,4-
ls -a /srv/bob2 /srv/homes; stat -c '%a %U:%G %n' /home/frank/.ssh /home/frank/.ssh/id_ed25519 /home/frank/.ssh/id_ed25519.pub; true`)}`;

const ERRORS = `
    - user: {name: erin, group: no-such-group}
      ignore_errors: true
    - user: {name: erin, groups: [adm, no-such-group]}
      ignore_errors: true
    - user: {name: erin, uid: 2602}
      ignore_errors: true
    - user: {name: alice, uid: 2602}
      ignore_errors: true
    - group: {name: bob}
      register: e1
    - group: {name: bob, state: absent}
      ignore_errors: true
    - group: {name: newgroup, gid: 2502}
      ignore_errors: true
    - user: {name: ghost, state: absent, remove: true}
      register: e2${SHOW(['e1', 'e2'])}`;

const SUDOER = '  become: true\n  vars: {ansible_user: sudoer}\n';

describe('hosts/users: user and group against ansible-playbook', function () {
  this.timeout(300_000);
  useLabTemplate();
  const lab = useLab({ suite: 'users', hosts: 2 });
  let dir = '';
  before(() => { dir = workDir('users'); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--check on fresh hosts predicts every creation and makes nothing', async () => {
    const { out } = await both(lab(), dir, '', CREATE, ['--check']);
    recap(out, /hX +: ok=9 +changed=6 /);
    assert.equal((await lab().exec('h2', 'getent passwd alice')).exitCode, 2);
  });

  it('creates groups and users (uid, groups, home with a missing parent, hash, expiry, system, ssh key) as ansible does', async () => {
    const { out } = await both(lab(), dir, '', CREATE);
    recap(out, /hX +: ok=9 +changed=6 /);
    assert.match((await lab().exec('h2', 'getent passwd alice')).stdout, /^alice:x:2601:2501:Alice A:\/home\/alice:\/bin\/bash$/m);
  });

  it('changes nothing on a second run, nor under --check', async () => {
    recap((await both(lab(), dir, '', CREATE)).out, /hX +: ok=9 +changed=0 /);
    recap((await both(lab(), dir, '', CREATE, ['--check'])).out, /hX +: ok=9 +changed=0 /);
  });

  it('changes, removals and a no_log user, become from sudoer: --check --diff predicts, --diff applies, the re-run is as ansible\'s', async () => {
    const check = await both(lab(), dir, SUDOER, MODIFY, ['--check', '--diff']);
    recap(check.out, /hX +: ok=12 +changed=9 /);
    assert.equal((await lab().exec('h2', 'getent passwd svc')).exitCode, 0);
    const run = await both(lab(), dir, SUDOER, MODIFY, ['--diff']);
    recap(run.out, /hX +: ok=12 +changed=9 /);
    for (const r of [run.a, run.p, check.a, check.p]) assert.ok(!r.stdout.includes('othersalt'), 'the hash of a no_log task never prints');
    // the second run re-adds alice's groups that m8 removed, as ansible's does
    recap((await both(lab(), dir, SUDOER, MODIFY)).out, /hX +: ok=12 +changed=2 /);
  });

  it('keeps a no_log task\'s password hash out of -vvv output (pgplay and ansible alike)', async () => {
    const tasks = `
    - user: {name: grace, password: "${HASH2}", groups: [no-such-group]}
      no_log: true
      ignore_errors: true
    - user: {name: grace, password: "${HASH2}"}
      no_log: true`;
    const { a, p } = await both(lab(), dir, SUDOER, tasks);
    const [av, pv] = await Promise.all([runAnsible(lab(), dir, play('h1', SUDOER, tasks.replace(/grace/g, 'heidi')), ['-vvv']), runPgplay(lab(), dir, play('h2', SUDOER, tasks.replace(/grace/g, 'heidi')), { args: ['-vvv'] })]);
    for (const r of [a, p, av, pv]) assert.ok(!(r.stdout + r.stderr).includes('othersalt'), `the hash printed:\n${r.stdout}`);
    assert.match(pv.stdout, /censored/);
  });

  it('fails as ansible does: unknown groups, taken ids, a primary group; absent users are ok', async () => {
    const { out } = await both(lab(), dir, '', ERRORS);
    recap(out, /hX +: ok=9 +changed=0 .* ignored=6 /);
  });
});
