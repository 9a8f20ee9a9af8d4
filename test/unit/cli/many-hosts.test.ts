/**
 * More hosts at once than Node's default of 10 listeners per event target: every host's command
 * in flight listens on the run's abort signal, and a run over 12 hosts printed Node's
 * "MaxListenersExceededWarning: Possible EventTarget memory leak detected" on stderr.
 * The 12 commands wait for one another (each writes its host's name, then waits until all 12
 * names are there), so they are certainly in flight together.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgplayCli } from '../../conformance/playbooks/harness/paths.js';

const HOSTS = 12;

describe('CLI with more than 10 hosts at once', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-many-hosts-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs them concurrently without a warning on stderr', async () => {
    const hosts = Array.from({ length: HOSTS }, (_, i) => `m${i + 1}`);
    writeFileSync(join(dir, 'inventory.ini'), `[many]\n${hosts.join('\n')}\n\n[many:vars]\nansible_connection=local\nansible_python_interpreter=/usr/bin/python3\n`);
    writeFileSync(join(dir, 'playbook.yml'), `- hosts: many
  gather_facts: false
  tasks:
    - name: All hosts in flight at once
      shell: >-
        mkdir -p ${dir}/in && touch ${dir}/in/{{ inventory_hostname }} &&
        timeout 60 sh -c 'until [ "$(ls ${dir}/in | wc -l)" -ge ${HOSTS} ]; do :; done'
      changed_when: false
`);
    const child = spawn(process.execPath, [pgplayCli, 'run', join(dir, 'playbook.yml'), '-i', join(dir, 'inventory.ini'), '--forks', String(HOSTS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 0, stdout + stderr);
    for (const h of hosts) assert.match(stdout, new RegExp(`^${h} +: ok=1 +changed=0 `, 'm'));
    assert.equal(stderr, '');
  });
});
