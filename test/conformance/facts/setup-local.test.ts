// pgplay's setup against ansible's on this machine (local connection): every fact pgplay provides
// must equal ansible's, for several gather_subset values; compare-facts.ts lists the allowances.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compareFacts } from './compare-facts.js';
import { pgplayCli, requireOracle, venvBin, venvPython } from '../playbooks/harness/paths.js';

const run = promisify(execFile);
type Facts = Record<string, unknown>;

const SUBSETS: string[][] = [['all'], ['min'], ['!all', '!min', 'network', 'virtual'], ['!all', 'hardware']];

describe('conformance: setup facts on the local machine, pgplay against ansible', function () {
  this.timeout(240_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    requireOracle();
    dir = mkdtempSync(join(tmpdir(), 'pgplay-facts-local-'));
    writeFileSync(join(dir, 'inventory.ini'), 'localhost ansible_connection=local\n');
    // One environment for both tools, so ansible_env can be compared whole.
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', TZ: 'UTC', ANSIBLE_PYTHON_INTERPRETER: venvPython, ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_HOME: join(dir, '.ansible'), ANSIBLE_NOCOLOR: '1' };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function ansibleFacts(subset: string[]): Promise<Facts> {
    const r = await run(join(venvBin, 'ansible'), ['-i', 'inventory.ini', 'localhost', '-m', 'setup', '-a', JSON.stringify({ gather_subset: subset })], { cwd: dir, env, maxBuffer: 64 << 20 });
    const json = r.stdout.slice(r.stdout.indexOf('{'));
    return (JSON.parse(json) as { ansible_facts: Facts }).ansible_facts;
  }

  async function pgplayFacts(subset: string[]): Promise<Facts> {
    const pb = join(dir, `pb-${subset.join('_').replace(/!/g, 'not-')}.yml`);
    writeFileSync(pb, `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - setup:\n        gather_subset: ${JSON.stringify(subset)}\n`);
    const r = await run(process.execPath, [pgplayCli, 'run', pb, '-i', 'inventory.ini', '--output', 'json'], { cwd: dir, env, maxBuffer: 64 << 20 });
    const ev = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; result?: { ansible_facts?: Facts } }).find((e) => e.kind === 'host-result' && e.result?.ansible_facts);
    assert.ok(ev, `no setup result in pgplay's events:\n${r.stdout.slice(0, 2000)}`);
    return ev.result!.ansible_facts!;
  }

  for (const subset of SUBSETS) {
    it(`gather_subset ${JSON.stringify(subset)}: every fact pgplay provides equals ansible's`, async () => {
      const [a, p] = await Promise.all([ansibleFacts(subset), pgplayFacts(subset)]);
      const problems = compareFacts(a, p);
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.ok(Object.keys(p).length >= (subset[0] === 'all' ? 80 : 10), `pgplay gave only ${Object.keys(p).length} facts`);
    });
  }
});
