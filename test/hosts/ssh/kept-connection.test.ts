// Kept connections (ControlMaster/ControlPersist in the ssh arguments, as ansible's default
// ssh_args have them): the connection keeper holds each host's SSH connection, resident shell and
// Python server between runs. A second run makes no SSH login and its file probes go to the
// Python server from the first task; results are those of a run with a connection of its own;
// become, wrong passwords, cut connections and unreachable hosts behave as without a keeper;
// the keeper ends after the ControlPersist seconds, or when asked (stopKeepers).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopKeepers } from '@pgplay/engine';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { runPgplay, workDir, waitFor, sameHostName, type CliResult } from './support.js';

interface Wire {
  connects: number;
  execs: number;
  residentCommands: number;
  nativeRequests: number;
}

const PLAY = (host: string, extra = '') => `- hosts: ${host}
  gather_facts: false
${extra}  tasks:
    - stat: {path: /etc/hostname}
      register: st
    - copy: {content: "kept\\n", dest: /tmp/kept.txt, mode: "0644"}
    - lineinfile: {path: /tmp/kept.txt, line: "kept"}
    - command: id -un
      register: who
      changed_when: false
    - assert: {that: [st.stat.exists, "who.stdout == (expected_user | default('root'))"]}
`;

describe('hosts/ssh: connections kept between runs (ControlPersist)', function () {
  this.timeout(240_000);
  useLabTemplate();
  const lab = useLab({ suite: 'kept', hosts: 2 });
  let dir: string;
  let cp: string;
  const dirs: string[] = [];
  before(() => {
    dir = workDir('kept');
    cp = join(dir, 'cp');
    dirs.push(cp);
  });
  after(async () => {
    for (const d of dirs) await stopKeepers(d);
    rmSync(dir, { recursive: true, force: true });
  });

  const keptEnv = (controlDir: string, persist = '60s') => ({
    ANSIBLE_SSH_ARGS: `-C -o ControlMaster=auto -o ControlPersist=${persist}`, ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
  });
  let runs = 0;
  async function run(playbook: string, env: Record<string, string>, args: string[] = []): Promise<CliResult & { wire: Wire }> {
    const wireFile = join(dir, `wire-${++runs}.json`);
    const r = await runPgplay(lab(), dir, playbook, { env: { ...env, PGPLAY_DEBUG_ROUNDTRIPS: wireFile }, args });
    return { ...r, wire: JSON.parse(readFileSync(wireFile, 'utf8')) as Wire };
  }
  const sockets = (d: string) => (existsSync(d) ? readdirSync(d).filter((n) => n.endsWith('.sock')) : []);
  /** The run's output from the first task on, the host's name made hX (the two sides ran on different hosts). */
  const tasksOf = (r: CliResult, host: string) => r.stdout.split('\n').map((l) => sameHostName(l, host)).join('\n');

  it('makes no SSH login on the second run, answers its probes from the kept Python server, and reports what a run of its own reports', async () => {
    const first = await run(PLAY('h1'), keptEnv(cp));
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // One login, the keeper's: the copied file went through a kept channel, not an SFTP session of the run's own.
    assert.equal(first.wire.connects, 1, `the first run's connection: ${JSON.stringify(first.wire)}`);
    assert.equal((await lab().exec('h1', 'stat -c %a /tmp/kept.txt; cat /tmp/kept.txt')).stdout, '644\nkept\n');
    assert.equal(sockets(cp).length, 1, 'one keeper socket');
    assert.equal(statSync(cp).mode & 0o777, 0o700, 'the control directory is closed to others');

    const second = await run(PLAY('h1'), keptEnv(cp));
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.equal(second.wire.connects, 0, `no SSH login: ${JSON.stringify(second.wire)}`);
    // stat's and copy's probes: the server was up before the run started.
    assert.ok(second.wire.nativeRequests >= 2, `probes answered by the kept Python server: ${JSON.stringify(second.wire)}`);
    assert.equal(second.wire.execs, 1, `only the user's command on a channel of its own: ${JSON.stringify(second.wire)}`);

    // The same playbook on the other host, twice, each run with a connection of its own.
    await run(PLAY('h2'), {});
    const direct = await run(PLAY('h2'), {});
    assert.equal(direct.code, 0, direct.stdout + direct.stderr);
    assert.equal(direct.wire.connects, 1);
    assert.equal(tasksOf(second, 'h1'), tasksOf(direct, 'h2'));
    assert.match(second.stdout, /h1 +: ok=5 +changed=0 /);
  });

  it('runs become through kept channels; a wrong password fails as it does on a connection of its own', async () => {
    const user = { ansible_user: 'sudopw', ansible_become_password: lab().users.sudopw.password };
    const vars = `  become: true\n  vars: ${JSON.stringify(user)}\n`;
    for (let i = 0; i < 2; i++) {
      const r = await run(PLAY('h1', vars), keptEnv(cp));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /h1 +: ok=5 +changed=0 /);
    }
    // Under sudo the file probes go to a Python server of the run's own, started through the
    // conversation on a kept channel once a command went through it (as on a connection of its own).
    const stats = `- hosts: h1\n  gather_facts: false\n${vars}  tasks:\n` + Array.from({ length: 16 }, (_, i) => `    - stat: {path: /etc/${i % 2 ? 'shadow' : 'passwd'}}\n      register: s\n`).join('') +
      // Answered as root, not as the login user: /etc/shadow is readable and its checksum known.
      '    - assert: {that: [s.stat.readable, s.stat.checksum is defined, s.stat.path == "/etc/shadow"]}\n';
    const probed = await run(stats, keptEnv(cp));
    assert.equal(probed.code, 0, probed.stdout + probed.stderr);
    assert.ok(probed.wire.nativeRequests >= 3, `stat probes under sudo answered by a server on kept channels: ${JSON.stringify(probed.wire)}`);
    const probedOwn = await run(stats, {});
    assert.equal(probed.stdout, probedOwn.stdout);
    const wrong = `  become: true\n  vars: ${JSON.stringify({ ...user, ansible_become_password: 'not-the-password' })}\n`;
    const kept = await run(PLAY('h1', wrong), keptEnv(cp));
    const own = await run(PLAY('h1', wrong), {});
    assert.equal(kept.code, 2, kept.stdout + kept.stderr);
    assert.equal(kept.code, own.code);
    assert.match(kept.stdout, /Incorrect sudo password/);
    assert.equal(kept.stdout, own.stdout);
  });

  it('makes the connection again when the host cut the kept one between runs', async () => {
    const asSudoer = `  vars: {ansible_user: sudoer, expected_user: sudoer}\n`;
    const play = PLAY('h2', asSudoer).replace('/tmp/kept.txt', '/home/sudoer/kept.txt').replace('/tmp/kept.txt', '/home/sudoer/kept.txt');
    const first = await run(play, keptEnv(cp));
    assert.equal(first.code, 0, first.stdout + first.stderr);
    await lab().exec('h2', "pkill -KILL -f '^sshd: sudoer' || true");
    await waitFor('the cut to take effect', async () => (await lab().exec('h2', "pgrep -f '^sshd: sudoer' || true")).stdout.trim() === '');
    const again = await run(play, keptEnv(cp));
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(again.wire.connects, 1, `the keeper logged in again: ${JSON.stringify(again.wire)}`);
    assert.match(again.stdout, /h2 +: ok=5 +changed=0 /);
  });

  it('reports an unreachable host in the words of a connection of its own', async () => {
    const inv = join(dir, 'closed-port.ini');
    const h = lab().hosts[0]!;
    writeFileSync(inv, `[closed]\nclosed1 ansible_host=${h.address} ansible_port=1 ansible_user=root ansible_ssh_private_key_file=${lab().keyPath} ansible_ssh_common_args='-o UserKnownHostsFile=${lab().knownHostsPath} -o StrictHostKeyChecking=yes'\n`);
    const play = PLAY('closed1');
    const kept = await run(play, keptEnv(cp), ['-i', inv]);
    const own = await run(play, {}, ['-i', inv]);
    assert.equal(kept.code, 4, kept.stdout + kept.stderr);
    assert.match(kept.stdout, /UNREACHABLE!.*Connection refused/);
    assert.equal(kept.stdout, own.stdout);
  });

  it('ends the keeper after ControlPersist seconds without a run, and on stopKeepers', async () => {
    const short = join(dir, 'cp-short');
    dirs.push(short);
    const r = await run(PLAY('h1'), keptEnv(short, '1'));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    await waitFor('the idle keeper to end', () => sockets(short).length === 0, 60_000);

    const other = join(dir, 'cp-stop');
    dirs.push(other);
    const s = await run(PLAY('h1'), keptEnv(other));
    assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.equal(sockets(other).length, 1);
    assert.equal(await stopKeepers(other), 1);
    await waitFor('the stopped keeper to remove its socket', () => sockets(other).length === 0, 30_000);
  });
});
