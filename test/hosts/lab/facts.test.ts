// Fact gathering on a real Debian host (systemd-nspawn container of the lab), over SSH, end to end:
// ansible's setup against `pgplay run` with a setup task over pgplay's own SSH connection.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { compareFacts } from '../../conformance/facts/compare-facts.js';
import { venvBin } from '../../conformance/playbooks/harness/paths.js';
import { ROOT } from '../../conformance/jinja2/support.js';

const CLI = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
import { record, recordTemplate } from './timings.js';

const run = promisify(execFile);
type Facts = Record<string, unknown>;

describe('hosts/lab: setup facts on a lab host, pgplay against ansible', function () {
  this.timeout(300_000);
  useLabTemplate(recordTemplate);
  const lab = useLab({ suite: 'facts', hosts: 1 });

  /** `pgplay run` over its own SSH connection: a setup task, its facts read from the JSON events. */
  async function pgplayFacts(subset: string[]): Promise<{ facts: Facts; ms: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'pgplay-lab-facts-'));
    try {
      const book = join(dir, 'facts.yml');
      const args = { gather_subset: subset, gather_timeout: 30, fact_path: '/etc/ansible/facts.d' };
      writeFileSync(book, `- hosts: h1\n  gather_facts: false\n  tasks:\n    - setup: ${JSON.stringify(args)}\n`);
      const t0 = Date.now();
      const r = await run(process.execPath, [CLI, 'run', book, '-i', lab().inventoryPath, '--output', 'json'], { env: { ...process.env, HOME: dir }, maxBuffer: 64 << 20 });
      const ms = Date.now() - t0;
      const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; status?: string; result?: { ansible_facts?: Facts } });
      const res = events.find((e) => e.kind === 'host-result');
      assert.equal(res?.status, 'ok', r.stdout.slice(0, 2000));
      return { facts: res!.result!.ansible_facts!, ms };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function ansibleFacts(subset: string[]): Promise<{ facts: Facts; ms: number }> {
    const t0 = Date.now();
    const r = await run(`${venvBin}/ansible`, ['-i', lab().inventoryPath, 'h1', '-m', 'setup', '-a', JSON.stringify({ gather_subset: subset })], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1' }, maxBuffer: 64 << 20,
    });
    return { facts: (JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { ansible_facts: Facts }).ansible_facts, ms: Date.now() - t0 };
  }

  it('installs ethtool on the host (through the lab proxy), so interface features are compared too', async () => {
    const r = await lab().exec('h1', 'apt-get update -q && apt-get install -y -q --no-install-recommends ethtool', { timeoutMs: 240_000 });
    assert.equal(r.exitCode, 0, r.stderr);
  });

  for (const subset of [['all'], ['!all', '!min', 'network', 'virtual']]) {
    it(`gather_subset ${JSON.stringify(subset)}: every fact pgplay provides equals ansible's`, async () => {
      const a = await ansibleFacts(subset);
      const p = await pgplayFacts(subset);
      record(`setup ${JSON.stringify(subset)} over ssh: ansible ${a.ms} ms, pgplay run ${p.ms} ms`, p.ms);
      const problems = compareFacts(a.facts, p.facts);
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  it('sees the container (as ansible does: container=… in /proc/1/environ names it first), systemd, Debian, the lab address', async () => {
    const { facts } = await pgplayFacts(['all']);
    assert.equal(facts.ansible_virtualization_type, 'container');
    assert.deepEqual(facts.ansible_virtualization_tech_guest, ['container', 'systemd-nspawn']);
    assert.equal(facts.ansible_virtualization_role, 'guest');
    assert.equal(facts.ansible_service_mgr, 'systemd');
    assert.equal(facts.ansible_distribution, 'Debian');
    assert.equal(facts.ansible_os_family, 'Debian');
    assert.equal(facts.ansible_hostname, 'h1');
    const eth0 = facts.ansible_eth0 as { ipv4: { address: string }; features?: Record<string, string>; timestamping?: string[] };
    assert.equal(eth0.ipv4.address, lab().hosts[0]!.address);
    assert.ok(eth0.features && Object.keys(eth0.features).length > 10 && Array.isArray(eth0.timestamping), `ethtool data: ${JSON.stringify(eth0).slice(0, 300)}`);
  });
});
