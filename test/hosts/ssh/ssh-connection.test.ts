// The SSH connection and become on real lab hosts: logins by key and by password, sudo and su
// with and without passwords (and ansible's error texts), host key checking, one connection
// per host per run, parallel channels, ProxyJump, reconnects and dropped connections, and the
// resident shell that runs pgplay's own short commands.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnreachableError, MAX_CHANNELS } from '@pgplay/engine';
import { sh, IDENTITY_LINE } from '@pgplay/engine/module-api';
import { shProbe, type ProbeRequest } from '@pgplay/modules';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { runPgplay, transportFor, connectionFor, workDir, waitFor } from './support.js';

const play = (tasks: string, extra = '') => `- hosts: all\n  gather_facts: false\n${extra}  tasks:\n${tasks}`;

describe('hosts/ssh: the SSH connection and become', function () {
  this.timeout(240_000);
  useLabTemplate();
  const lab = useLab({ suite: 'ssh', hosts: 3 });
  let dir: string;
  before(() => {
    dir = workDir('ssh');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const addr = (n: string) => lab().hosts.find((h) => h.name === n)!.address;

  it('runs command, shell, raw and ping as root by key on every host', async () => {
    const r = await runPgplay(lab(), dir, play(`    - command: id -un
    - shell: echo "$HOME" $(hostname)
    - raw: echo raw-out
    - ping:
`), { args: ['-v'] });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const h of ['h1', 'h2', 'h3']) {
      assert.match(r.stdout, new RegExp(`changed: \\[${h}\\] => .*"stdout": "root"`));
      assert.match(r.stdout, new RegExp(`changed: \\[${h}\\] => .*"stdout": "/root ${h}"`));
      assert.match(r.stdout, new RegExp(`changed: \\[${h}\\] => .*"stderr": "Shared connection to ${addr(h).replace(/\./g, '\\.')} closed\\.\\\\r\\\\n".*"stdout": "raw-out\\\\r\\\\n"`));
      assert.match(r.stdout, new RegExp(`ok: \\[${h}\\] => \\{"changed": false, "ping": "pong"\\}`));
    }
  });

  it('becomes root with sudo from sudoer (no password) and sudopw (password), and sudopw with su; the password never shows', async () => {
    const pw = lab().users.sudopw.password;
    const r = await runPgplay(lab(), dir, play(`    - command: whoami
      vars: {ansible_user: sudoer}
    - command: whoami
      vars: {ansible_user: sudopw, ansible_become_password: "{{ lab_sudopw_password }}"}
    - command: whoami
      become_method: su
      become_user: sudopw
      vars: {ansible_user: sudoer, ansible_become_pass: "{{ lab_sudopw_password }}"}
    - shell: id -un; cat
      args: {stdin: "input after the password"}
      become_user: sudoer
      become_flags: "-H -S"
      vars: {ansible_user: sudopw, ansible_become_password: "{{ lab_sudopw_password }}"}
`, '  become: true\n'), { args: ['-v'] });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const results = r.stdout.split('\n').filter((l) => l.startsWith('changed: [h1]')).map((l) => JSON.parse(l.slice(l.indexOf('=> ') + 3)));
    assert.deepEqual(results.map((x) => x.stdout), ['root', 'root', 'sudopw', 'sudoer\ninput after the password']);
    assert.ok(!r.stdout.includes(pw) && !r.stderr.includes(pw), 'the become password is not in the output');
  });

  it("fails with ansible's texts: missing and wrong sudo password, wrong su password, no sudo on the host", async () => {
    const r = await runPgplay(lab(), dir, play(`    - command: whoami
      vars: {ansible_user: sudopw}
    - command: whoami
      vars: {ansible_user: sudopw, ansible_become_password: not-the-password}
    - command: whoami
      become_method: su
      vars: {ansible_user: sudopw, ansible_become_password: not-the-password}
    - command: whoami
      become_exe: /usr/bin/no-such-sudo
      vars: {ansible_user: sudoer}
`, '  become: true\n  ignore_errors: true\n').replace('hosts: all', 'hosts: h1'));
    assert.equal(r.code, 0, r.stdout);
    const fatal = r.stdout.split('\n').filter((l) => l.startsWith('fatal: [h1]'));
    assert.deepEqual(fatal.slice(0, 3), [
      'fatal: [h1]: FAILED! => {"msg": "Missing sudo password"}',
      'fatal: [h1]: FAILED! => {"msg": "Incorrect sudo password"}',
      'fatal: [h1]: FAILED! => {"msg": "Incorrect su password"}',
    ]);
    assert.equal(fatal[3], `fatal: [h1]: FAILED! => {"changed": false, "module_stderr": "Shared connection to ${addr('h1')} closed.\\r\\n", "module_stdout": "/bin/sh: 1: /usr/bin/no-such-sudo: not found\\r\\n", "msg": "MODULE FAILURE\\nSee stdout/stderr for the exact error", "rc": 127}`);
    assert.ok(!r.stdout.includes('not-the-password'));
  });

  it('runs sudo under a tty where sudoers says requiretty', async () => {
    await lab().exec('h3', "echo 'Defaults:sudoer requiretty' > /etc/sudoers.d/zz-requiretty && chmod 440 /etc/sudoers.d/zz-requiretty");
    try {
      const direct = await lab().exec('h3', 'sudo -n true', { user: 'sudoer' });
      assert.match(direct.stderr, /you must have a tty to run sudo/, 'the host refuses sudo without a tty');
      const r = await runPgplay(lab(), dir, play(`    - command: whoami
      become: true
      vars: {ansible_user: sudoer}
`).replace('hosts: all', 'hosts: h3'), { args: ['-v'] });
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /changed: \[h3\] => .*"stdout": "root"/);
    } finally {
      await lab().exec('h3', 'rm -f /etc/sudoers.d/zz-requiretty');
    }
  });

  it('logs in by password (pwonly), and reports a wrong one as unreachable', async () => {
    const r = await runPgplay(lab(), dir, play(`    - command: whoami
      vars: {ansible_user: pwonly, ansible_password: "{{ lab_pwonly_password }}"}
`).replace('hosts: all', 'hosts: h2'), { args: ['-v'] });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /changed: \[h2\] => .*"stdout": "pwonly"/);
    const bad = await runPgplay(lab(), dir, play(`    - command: whoami
      vars: {ansible_user: pwonly, ansible_password: wrong}
`).replace('hosts: all', 'hosts: h2'));
    assert.equal(bad.code, 4, bad.stdout);
    assert.ok(bad.stdout.includes(`fatal: [h2]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: pwonly@${addr('h2')}: Permission denied (password).", "unreachable": true}`), bad.stdout);
    assert.match(bad.stdout, /h2 +: ok=0 +changed=0 +unreachable=1 +failed=0/);
  });

  it('checks host keys: unknown and changed keys are refused with OpenSSH\'s words; hashed entries match; the opt-out works', async () => {
    const empty = join(dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const changed = join(dir, 'changed_known_hosts');
    const other = readFileSync(lab().knownHostsPath, 'utf8').split('\n').find((l) => l.startsWith(`${addr('h2')} `))!.split(' ').slice(1).join(' ');
    writeFileSync(changed, `${addr('h1')} ${other}\n`);
    const hashed = join(dir, 'hashed_known_hosts');
    copyFileSync(lab().knownHostsPath, hashed);
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    assert.ok(!readFileSync(hashed, 'utf8').includes(addr('h1')), 'ssh-keygen -H hashed the names');
    const common = (f: string) => `ansible_ssh_common_args: "-o UserKnownHostsFile=${f} -o StrictHostKeyChecking=yes"`;
    const r = await runPgplay(lab(), dir, play(`    - command: "true"
      vars: {${common(empty)}}
    - command: "true"
      vars: {${common(changed)}}
    - command: whoami
      vars: {${common(hashed)}}
    - command: whoami
      vars: {ansible_ssh_common_args: "-o UserKnownHostsFile=${empty}"}
`, '  ignore_unreachable: true\n').replace('hosts: all', 'hosts: h1'), { args: ['-v'], env: { ANSIBLE_HOST_KEY_CHECKING: 'False' } });
    assert.equal(r.code, 0, r.stdout);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes(`fatal: [h1]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: No ED25519 host key is known for ${addr('h1')} and you have requested strict checking.\\r\\nHost key verification failed.", "unreachable": true}`), r.stdout);
    const changedLine = lines.find((l) => l.includes('REMOTE HOST IDENTIFICATION HAS CHANGED'));
    assert.ok(changedLine, r.stdout);
    assert.ok(changedLine.includes(`Offending ED25519 key in ${changed}:1\\r\\n  remove with:\\r\\n  ssh-keygen -f \\"${changed}\\" -R \\"${addr('h1')}\\"\\r\\nHost key for ${addr('h1')} has changed and you have requested strict checking.\\r\\nHost key verification failed.`), changedLine);
    assert.equal(lines.filter((l) => /^changed: \[h1\] => .*"stdout": "root"/.test(l)).length, 2, 'hashed known_hosts and ANSIBLE_HOST_KEY_CHECKING=False both connect');
    assert.match(r.stdout, /h1 +: ok=4 +changed=2 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=2/);
  });

  it('makes one SSH connection per host for a whole run (sshd logs one login per host)', async () => {
    const logins = async (h: string) => Number((await lab().exec(h, 'journalctl -u ssh --no-pager -o cat | grep -c "Accepted publickey for sudoer" || true')).stdout.trim());
    writeFileSync(join(dir, 'probe.sh'), '#!/bin/sh\necho probe\n');
    const before = await Promise.all(['h1', 'h2', 'h3'].map(logins));
    const tasks = ['command: "true"', 'shell: echo one', 'raw: echo two', 'ping:', 'command: whoami', 'script: probe.sh', 'command: whoami', 'shell: sleep 0'];
    const r = await runPgplay(lab(), dir, play(tasks.map((t) => `    - ${t}\n`).join(''), '  vars: {ansible_user: sudoer}\n'));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const after = await Promise.all(['h1', 'h2', 'h3'].map(logins));
    assert.deepEqual(after.map((n, i) => n - before[i]!), [1, 1, 1]);
  });

  it(`runs many commands at once on one connection, at most ${MAX_CHANNELS} channels (sshd MaxSessions is 10)`, async () => {
    const t = transportFor(lab(), 'h1');
    const c = connectionFor(t);
    try {
      const t0 = Date.now();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(['sh', '-c', `sleep 1; echo ${i}`])));
      const ms = Date.now() - t0;
      assert.deepEqual(results.map((x) => [x.rc, x.stdout.trim()]), Array.from({ length: 20 }, (_, i) => [0, String(i)]));
      assert.equal(t.connects, 1);
      // 20 one-second commands, 8 at a time: three rounds; one at a time would take 20 s.
      assert.ok(ms >= 3000 && ms < 15_000, `took ${ms} ms`);
    } finally {
      t.close();
    }
  });

  it('puts, fetches and stats files over SFTP, and through become as another user, replacing files atomically', async () => {
    const t = transportFor(lab(), 'h1', { ansible_user: 'sudoer' });
    const plain = connectionFor(t);
    const asSudopw = connectionFor(t, { method: 'sudo', user: 'sudopw' });
    try {
      await plain.put('one\n', '/home/sudoer/f.txt', { mode: '0640' });
      await plain.put(Buffer.from('two\n'), '/home/sudoer/f.txt', { mode: '0600' });
      assert.equal((await plain.fetch('/home/sudoer/f.txt')).toString(), 'two\n');
      const st = await plain.stat('/home/sudoer/f.txt');
      assert.deepEqual([st.type, st.mode, st.owner, st.size], ['file', '0600', 'sudoer', 4]);
      assert.equal(await plain.readFile('/home/sudoer/missing'), null);
      assert.deepEqual(await plain.stat('/home/sudoer/missing'), { exists: false });
      await asSudopw.put('three\n', '/home/sudopw/g.txt', { mode: '0644' });
      const g = await asSudopw.stat('/home/sudopw/g.txt');
      assert.deepEqual([g.owner, g.mode], ['sudopw', '0644']);
      assert.equal((await asSudopw.readFile('/home/sudopw/g.txt'))!.toString(), 'three\n');
      const left = await lab().exec('h1', 'ls -a /home/sudoer /home/sudopw');
      assert.doesNotMatch(left.stdout, /pgplay-/, 'no temp file is left beside the destinations');
      assert.equal(t.connects, 1);
    } finally {
      t.close();
    }
  });

  it('reaches a host through ProxyJump over another lab host', async () => {
    const r = await runPgplay(lab(), dir, play(`    - shell: echo "$SSH_CONNECTION"
      vars: {ansible_ssh_common_args: "-o UserKnownHostsFile=${lab().knownHostsPath} -o StrictHostKeyChecking=yes -o ProxyJump=root@${addr('h1')}"}
`).replace('hosts: all', 'hosts: h3'), { args: ['-v'] });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // sshd on h3 saw the connection come from h1's address, not the controller's.
    assert.match(r.stdout, new RegExp(`"stdout": "${addr('h1').replace(/\./g, '\\.')} \\d+ ${addr('h3').replace(/\./g, '\\.')} 22"`));
  });

  it('reconnects after its connection was cut between commands', async () => {
    const t = transportFor(lab(), 'h2', { ansible_user: 'sudoer' });
    const c = connectionFor(t);
    try {
      assert.equal((await c.exec(['whoami'])).stdout.trim(), 'sudoer');
      await lab().exec('h2', "pkill -KILL -f '^sshd: sudoer' || true");
      await waitFor('the cut to reach the client', async () => (await lab().exec('h2', "pgrep -f '^sshd: sudoer' || true")).stdout.trim() === '');
      assert.equal((await c.exec(['whoami'])).stdout.trim(), 'sudoer');
      assert.equal(t.connects, 2);
    } finally {
      t.close();
    }
  });

  it('fails a command clearly when its connection is cut under it, and runs it again with ansible_ssh_retries', async () => {
    const t = transportFor(lab(), 'h2', { ansible_user: 'sudoer' });
    const c = connectionFor(t);
    const cut = async () => {
      await waitFor('the command to start', async () => (await lab().exec('h2', 'test -e /tmp/pgplay-cut-started && echo yes || true')).stdout.trim() === 'yes');
      await lab().exec('h2', "pkill -KILL -f '^sshd: sudoer' || true");
    };
    try {
      await lab().exec('h2', 'rm -f /tmp/pgplay-cut-*');
      const running = c.exec(['sh', '-c', 'touch /tmp/pgplay-cut-started; sleep 120']);
      running.catch(() => undefined); // it rejects while the cut is being made; asserted below
      await cut();
      await assert.rejects(running, (e: Error) => e instanceof UnreachableError && e.message === `Failed to connect to the host via ssh: Connection to ${addr('h2')} closed by remote host.`);
    } finally {
      t.close();
    }
    const t2 = transportFor(lab(), 'h2', { ansible_user: 'sudoer', ansible_ssh_retries: 1 });
    try {
      await lab().exec('h2', 'rm -f /tmp/pgplay-cut-*');
      const running = connectionFor(t2).exec(['sh', '-c', 'if [ -e /tmp/pgplay-cut-started ]; then echo second run; else touch /tmp/pgplay-cut-started; sleep 120; fi']);
      await cut();
      assert.equal((await running).stdout.trim(), 'second run');
      assert.equal(t2.connects, 2);
    } finally {
      t2.close();
    }
  });
  it("runs pgplay's own short commands on one resident shell per host: the same output, status and errors as on a channel of their own", async () => {
    const t = transportFor(lab(), 'h3');
    const c = connectionFor(t);
    try {
      // The first resident command starts the shell and runs on a channel meanwhile; later ones
      // share the shell's process as their parent.
      const parent = async () => (await c.exec(sh`echo $PPID`, { resident: true })).stdout.trim();
      let last = await parent();
      await waitFor('the resident shell', async () => {
        const now = await parent();
        const same = now === last;
        last = now;
        return same;
      });
      assert.equal(await parent(), last, 'consecutive resident commands run under one shell');
      assert.notEqual((await c.exec(sh`echo $PPID`)).stdout.trim(), last, 'other commands take a channel of their own');
      const cases = [
        sh`printf 'no newline at the end'`,
        sh`echo out; echo err >&2; printf 'err without newline' >&2; exit 3`,
        sh`printf '\\n\\n'; printf '\\n' >&2`,
        sh`printf 'caf\\303\\251 \\001\\n'`,
        sh`head -c 400000 /dev/zero | tr '\\0' x; echo`,
        sh`echo "$HOME $USER $LOGNAME $SHELL $PWD"; umask; cat; echo "stdin read"`,
        sh`exit 255`,
        sh`no-such-program-here`,
      ];
      for (const cmd of cases) {
        assert.deepEqual(await c.exec(cmd, { resident: true }), await c.exec(cmd), cmd.text);
      }
      // The identity line the probes print comes from the shell's variable, and is id's own line.
      assert.deepEqual(await c.exec(IDENTITY_LINE, { resident: true }), await c.exec(sh`id`));
      assert.equal(await parent(), last, 'the shell is the same one');
      // A script that does not parse fails alone (its own sh -c); the shell stays.
      const broken = sh`echo before; if then`;
      assert.deepEqual(await c.exec(broken, { resident: true }), await c.exec(broken));
      assert.equal((await c.exec(broken, { resident: true })).rc, 2);
      assert.equal(await parent(), last, 'the shell survives a syntax error');
      // Commands at once: one takes the shell, the others channels; every output is its own.
      const many = await Promise.all(Array.from({ length: 12 }, (_, i) => c.exec(sh`echo ${String(i)}; echo e${String(i)} >&2`, { resident: true })));
      assert.deepEqual(many.map((r) => [r.rc, r.stdout, r.stderr]), Array.from({ length: 12 }, (_, i) => [0, `${i}\n`, `e${i}\n`]));
      // A command that times out ends the shell (rc -9, as on a channel); the next one starts another.
      const slow = await c.exec(sh`sleep 60`, { resident: true, timeoutMs: 300 });
      assert.equal(slow.rc, -9);
      await waitFor('a new resident shell', async () => {
        const now = await parent();
        const moved = now !== last && now === (await parent());
        if (moved) last = now;
        return moved;
      });
      assert.equal((await c.exec(sh`echo after`, { resident: true })).stdout, 'after\n');
      assert.equal(t.connects, 1);
    } finally {
      t.close();
    }
  });
  it('runs them under sudo on a resident shell started once through the become conversation, with and without a password', async () => {
    for (const [login, password] of [['sudoer', undefined], ['sudopw', lab().users.sudopw.password]] as const) {
      const t = transportFor(lab(), 'h3', { ansible_user: login });
      const c = connectionFor(t, { method: 'sudo', user: 'root', ...(password ? { password } : {}) });
      try {
        const parent = async () => (await c.exec(sh`echo $PPID`, { resident: true })).stdout.trim();
        let last = await parent();
        await waitFor(`the resident shell under sudo (${login})`, async () => {
          const now = await parent();
          const same = now === last;
          last = now;
          return same;
        });
        for (const cmd of [sh`id -un; echo "$HOME $USER $SUDO_USER"; umask`, sh`echo err >&2; exit 4`, sh`printf 'no newline'`]) {
          assert.deepEqual(await c.exec(cmd, { resident: true }), await c.exec(cmd), `${login}: ${cmd.text}`);
        }
        assert.equal((await c.exec(sh`id -un`, { resident: true })).stdout, 'root\n');
        assert.deepEqual(await c.exec(IDENTITY_LINE, { resident: true }), await c.exec(sh`id`), `${login}: the identity line under sudo`);
        // Without become the login user's own resident shell answers.
        assert.equal((await c.exec(sh`id -un`, { resident: true, become: false })).stdout, `${login}\n`);
      } finally {
        t.close();
      }
    }
  });

  it('keeps commands on channels when the resident shell cannot start under sudo (a wrong password), with the channel\'s error', async () => {
    const t = transportFor(lab(), 'h3', { ansible_user: 'sudopw' });
    const c = connectionFor(t, { method: 'sudo', user: 'root', password: 'not the password' });
    try {
      for (let i = 0; i < 3; i++) {
        await assert.rejects(c.exec(sh`id -un`, { resident: true }), /Incorrect sudo password/);
        // Nor does the Python file probe start under it: it waits for a command that went through.
        assert.equal(await c.native!('files', { paths: ['/'] }), null);
      }
    } finally {
      t.close();
    }
  });

  it('answers file probes under sudo from a Python server started through the conversation, as the become user, byte for byte as the sh probe in the resident sudo shell', async () => {
    const req: ProbeRequest = {
      paths: ['/etc/passwd', '/etc/shadow', '/root', '/home/sudopw', '/home/sudoer/.profile', '/no/such/file', '/etc/localtime'],
      checksum: 'sha1', follow: true, users: ['root', 'sudopw', 'no_such_user', '0'], groups: ['root', 'sudo', 'no_such_group'],
      walk: ['/home/sudopw'], extras: {},
    };
    const pw = lab().users.sudopw.password;
    for (const [login, user, password] of [['sudoer', 'root', undefined], ['sudopw', 'root', pw], ['sudoer', 'sudopw', undefined], ['sudopw', 'sudoer', pw]] as const) {
      const t = transportFor(lab(), 'h3', { ansible_user: login });
      const c = connectionFor(t, { method: 'sudo', user, ...(password ? { password } : {}) });
      try {
        // Not before a command went through the become conversation.
        assert.equal(await c.native!('files', { ...req }), null, `${login}→${user}: not started before a command went through`);
        assert.equal((await c.exec(sh`id -un`)).stdout, `${user}\n`);
        let answer: string | null = null;
        await waitFor(`the file probe server under sudo (${login}→${user})`, async () => (answer = await c.native!('files', { ...req })) !== null);
        const viaSh = await c.exec(shProbe(req), { resident: true });
        assert.equal(answer, viaSh.stdout, `${login}→${user}: the server's answer and the sh probe's output`);
        assert.match(answer!, new RegExp(`^M \\d{4}\nI ${(await c.exec(sh`id`)).stdout.trim().replace(/[()]/g, '\\$&')}\n`), `${login}→${user}: umask and the become user's id line`);
      } finally {
        t.close();
      }
    }
  });

  it('tries a wrong sudo password once per task, with the native probes on or off (the server never starts under it)', async () => {
    const playbook = `- hosts: h3
  gather_facts: false
  become: true
  ignore_errors: true
  vars: {ansible_user: sudopw, ansible_become_password: not-the-password}
  tasks:
    - file: {path: /srv/pgplay-wrong-pw, state: directory}
    - copy: {content: "x\\n", dest: /srv/pgplay-wrong-pw/a}
    - stat: {path: /srv/pgplay-wrong-pw/a}
    - template: {src: /etc/hostname, dest: /srv/pgplay-wrong-pw/b}
`;
    // sudo logs each failed authentication to the journal; --sync makes the count complete.
    const failures = async () => Number((await lab().exec('h3', "journalctl --sync; journalctl -q --no-pager _COMM=sudo | grep -c 'pam_unix(sudo:auth): authentication failure' || true")).stdout.trim());
    for (const native of ['1', '0']) {
      const before = await failures();
      const wire = join(dir, `wrong-pw-wire-${native}.json`);
      const r = await runPgplay(lab(), dir, playbook, { env: { PGPLAY_NATIVE_PROBES: native, PGPLAY_DEBUG_ROUNDTRIPS: wire } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal((r.stdout.match(/Incorrect sudo password/g) ?? []).length, 4, r.stdout);
      assert.equal(await failures() - before, 4, `native=${native}: one password attempt per task`);
      const w = JSON.parse(readFileSync(wire, 'utf8')) as { execs: number; nativeRequests: number };
      assert.deepEqual([w.execs, w.nativeRequests], [4, 0], `native=${native}: one channel per task, no server`);
    }
  });
});
