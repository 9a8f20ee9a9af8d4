// Become on the local connection: sudo and su on this machine (the tests run as root, as CI
// does; scripts/setup-lab.sh installs sudo). The same conversation code as over SSH.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalConnection } from '@pgplay/engine';
import { shProbe, type ProbeRequest } from '@pgplay/modules';
import { cli, waitFor, workDir } from './support.js';

function run(dir: string, playbook: string): Promise<{ code: number; stdout: string }> {
  writeFileSync(join(dir, 'play.yml'), playbook);
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', 'play.yml', '-v'], { cwd: dir, encoding: 'utf8' }, (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }));
  });
}

describe('hosts/ssh: become on the local connection', function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    assert.equal(process.getuid?.(), 0, 'these tests run as root (as CI does)');
    dir = workDir('localbecome');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs commands, scripts and shell as another user with sudo and with su (become_flags)', async () => {
    writeFileSync(join(dir, 'who.sh'), '#!/bin/sh\nid -un\n');
    const r = await run(dir, `- hosts: localhost
  gather_facts: false
  become: true
  become_user: nobody
  tasks:
    - command: id -un
    - shell: id -un; echo "$0"
    - script: who.sh
    - command: id -un
      become_method: su
      become_flags: "-s /bin/sh"
    - command: id -un
      become: false
`);
    assert.equal(r.code, 0, r.stdout);
    const out = r.stdout.split('\n').filter((l) => l.startsWith('changed: [localhost]')).map((l) => JSON.parse(l.slice(l.indexOf('=> ') + 3)).stdout);
    assert.deepEqual(out, ['nobody', 'nobody\n/bin/sh', 'nobody\n', 'nobody', 'root']);
  });

  it('writes, reads and stats files as the become user, atomically', async () => {
    const c = new LocalConnection('localhost', {}, { method: 'sudo', user: 'nobody' });
    const path = join('/tmp', `pgplay-local-become-${process.pid}`);
    try {
      await c.put('hello\n', path, { mode: '0640' });
      const st = await c.stat(path);
      assert.deepEqual([st.exists, st.type, st.mode, st.owner], [true, 'file', '0640', 'nobody']);
      assert.equal((await c.readFile(path))!.toString(), 'hello\n');
      assert.equal(await c.readFile(`${path}.missing`), null);
      assert.equal(c.become?.user, 'nobody');
      assert.ok(!('password' in (c.become ?? {})));
      // nobody cannot write into /root: the shell error comes back as the failure.
      await assert.rejects(c.put('x', '/root/pgplay-denied'), /cannot write \/root\/pgplay-denied: .*Permission denied/);
    } finally {
      rmSync(path, { force: true });
    }
  });

  it('answers file probes under sudo from a Python server started through the conversation, as the become user; su keeps the sh probe', async () => {
    const req: ProbeRequest = { paths: ['/etc/passwd', '/etc/shadow', '/root', '/tmp', '/no/such'], checksum: 'sha256', users: ['root', 'nobody'], groups: ['root'], extras: {} };
    // An environment of its own: the local servers are shared per environment and become.
    const env = { PGPLAY_LOCAL_BECOME_TEST: String(process.pid) };
    const c = new LocalConnection('localhost', env, { method: 'sudo', user: 'nobody' });
    assert.equal(await c.native('files', { ...req }), null, 'not started before a command went through the conversation');
    assert.equal((await c.exec(['id', '-un'])).stdout, 'nobody\n');
    let answer: string | null = null;
    await waitFor('the file probe server under sudo', async () => (answer = await c.native('files', { ...req })) !== null);
    assert.equal(answer, (await c.exec(shProbe(req))).stdout, "the server's answer and the sh probe's output under sudo");
    assert.match(answer!, new RegExp(`^M \\d{4}\\nI ${(await c.exec(['id'])).stdout.trim().replace(/[()]/g, '\\$&')}\\n`), "nobody's id line");
    const su = new LocalConnection('localhost', env, { method: 'su', user: 'nobody', flags: '-s /bin/sh' });
    assert.equal((await su.exec(['id', '-un'])).stdout, 'nobody\n');
    assert.equal(await su.native('files', { ...req }), null, 'su: the sh probe');
  });

  it('keeps a private temp directory only while it is used, also when the work fails', async () => {
    const c = new LocalConnection('localhost');
    let seen = '';
    await assert.rejects(c.withTempDir(async (d) => {
      seen = d;
      const st = await c.stat(d);
      assert.equal(st.mode, '0700');
      throw new Error('work failed');
    }), /work failed/);
    assert.match(seen, /\/\.ansible\/tmp\/ansible-tmp-[\d.]+-\d+-\d+$/);
    assert.equal((await c.stat(seen)).exists, false);
  });
});
