// Fault tests of the SSH connection on real lab hosts: a host crashing in the middle of a play
// (unreachable, the others finish, exit 4) and an interrupt during a large SFTP upload (no
// half-written file, no temp file left behind).
import assert from 'node:assert/strict';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { startPgplay, workDir, waitFor } from './support.js';

describe('hosts/ssh: faults', function () {
  this.timeout(300_000);
  useLabTemplate();
  const lab = useLab({ suite: 'sshfault', hosts: 3 });
  let dir: string;
  before(() => {
    dir = workDir('sshfault');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const addr = (n: string) => lab().hosts.find((h) => h.name === n)!.address;

  it('marks a host that crashes mid-play unreachable; the others finish; exit code 4', async () => {
    // Keepalives every second (ServerAliveInterval) find the dead peer quickly.
    const playbook = `- hosts: all
  gather_facts: false
  vars:
    ansible_ssh_common_args: "-o UserKnownHostsFile=${lab().knownHostsPath} -o StrictHostKeyChecking=yes -o ServerAliveInterval=1 -o ServerAliveCountMax=3 -o ConnectTimeout=3"
  tasks:
    - name: before
      command: "true"
    - name: slow
      shell: touch /tmp/slow-started; sleep 20
    - name: after
      command: hostname
`;
    await Promise.all(['h1', 'h2', 'h3'].map((h) => lab().exec(h, 'rm -f /tmp/slow-started')));
    let killing: Promise<void> | undefined;
    const run = startPgplay(lab(), dir, playbook, {
      onStdout: (all) => {
        if (!killing && all.includes('TASK [slow]')) {
          killing = (async () => {
            await waitFor('the slow task to start on h2', async () => (await lab().exec('h2', 'test -e /tmp/slow-started && echo yes || true', { timeoutMs: 10_000 })).stdout.trim() === 'yes');
            await lab().killHost('h2');
          })();
        }
      },
    });
    const r = await run.done;
    await killing;
    try {
      assert.equal(r.code, 4, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`TASK \\[slow\\] \\*+\\n(?:.*\\n)*?fatal: \\[h2\\]: UNREACHABLE! => \\{"changed": false, "msg": "Failed to connect to the host via ssh: [^"]*", "unreachable": true\\}`));
      const afterTask = r.stdout.slice(r.stdout.indexOf('TASK [after]'));
      assert.match(afterTask, /changed: \[h1\]/);
      assert.match(afterTask, /changed: \[h3\]/);
      assert.doesNotMatch(afterTask, /\[h2\]/);
      assert.match(r.stdout, /h1 +: ok=3 +changed=3 +unreachable=0 +failed=0/);
      assert.match(r.stdout, /h2 +: ok=1 +changed=1 +unreachable=1 +failed=0/);
      assert.match(r.stdout, /h3 +: ok=3 +changed=3 +unreachable=0 +failed=0/);
    } finally {
      await lab().startHost('h2');
    }
  });

  it('reports a host that is already down as unreachable with ssh\'s words (connection refused / timed out)', async () => {
    await lab().stopHost('h3');
    try {
      const r = await startPgplay(lab(), dir, `- hosts: h3
  gather_facts: false
  tasks:
    - command: "true"
      vars: {ansible_ssh_timeout: 3}
`).done;
      assert.equal(r.code, 4, r.stdout);
      assert.match(r.stdout, new RegExp(`fatal: \\[h3\\]: UNREACHABLE! => \\{"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host ${addr('h3').replace(/\./g, '\\.')} port 22: (Connection refused|Connection timed out|No route to host)", "unreachable": true\\}`));
    } finally {
      await lab().startHost('h3');
    }
  });

  it('leaves no half-written file when interrupted (SIGINT) during a large SFTP upload', async () => {
    // A 300 MB script: the script module uploads it over SFTP before running it.
    const script = join(dir, 'big.sh');
    const fd = openSync(script, 'w');
    writeSync(fd, '#!/bin/sh\necho never-finished\n');
    const block = Buffer.alloc(1 << 20, '#');
    for (let i = 0; i < 300; i++) writeSync(fd, block);
    closeSync(fd);
    await lab().exec('h1', 'rm -rf /root/.ansible/tmp');
    // The upload goes to a temp file beside its destination, inside the private ansible-tmp-… directory.
    const listTmp = async () => (await lab().exec('h1', 'find /root/.ansible/tmp -mindepth 1 2>/dev/null || true')).stdout.split('\n').filter((f) => f !== '');
    let interrupted = false;
    const run = startPgplay(lab(), dir, `- hosts: h1
  gather_facts: false
  tasks:
    - script: big.sh
`, {
      onStdout: (all, child) => {
        if (interrupted || !all.includes('TASK [script]')) return;
        interrupted = true;
        void (async () => {
          // Interrupt once the upload's temp file exists and is growing on the host.
          await waitFor('the upload to start', async () => {
            const r = await lab().exec('h1', 'stat -c %s /root/.ansible/tmp/ansible-tmp-*/.big.sh.pgplay-* 2>/dev/null || true');
            return Number(r.stdout.trim().split('\n')[0] || 0) > 0;
          });
          child.kill('SIGINT');
        })();
      },
    });
    const r = await run.done;
    assert.ok(interrupted, r.stdout);
    assert.equal(r.code, 99, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /never-finished/);
    await waitFor('the temp files to be gone', async () => (await listTmp()).length === 0, 30_000).catch(() => undefined);
    assert.deepEqual(await listTmp(), [], 'no upload temp file, script or temp directory remains');
  });
});
