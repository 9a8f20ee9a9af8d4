// Fact gathering on a real Debian host (systemd-nspawn container of the lab), over ssh: ansible's
// setup against pgplay's setup module, the module's one gather script sent through the lab's own
// ssh helper (pgplay's SSH connection is another branch's work; when it lands, the same comparison
// runs end to end through `pgplay run`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { registry } from '@pgplay/modules';
import { quote, type HostConnection, type ModuleContext } from '@pgplay/engine/module-api';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { compareFacts } from '../../conformance/facts/compare-facts.js';
import { venvBin } from '../../conformance/playbooks/harness/paths.js';
import { record, recordTemplate } from './timings.js';

const run = promisify(execFile);
type Facts = Record<string, unknown>;

describe('hosts/lab: setup facts on a lab host, pgplay against ansible', function () {
  this.timeout(300_000);
  useLabTemplate(recordTemplate);
  const lab = useLab({ suite: 'facts', hosts: 1 });
  const setup = registry.modules.find((m) => m.name === 'ansible.builtin.setup')!;

  function hostOverLabSsh(): HostConnection {
    const l = lab();
    const unsupported = () => Promise.reject(new Error('not used by setup'));
    return {
      name: 'h1',
      async exec(cmd, opts) {
        const line = Array.isArray(cmd) ? cmd.map((a: string) => quote(a)).join(' ') : (cmd as { text: string }).text;
        const r = await l.exec('h1', line, { timeoutMs: opts?.timeoutMs ?? 120_000 });
        return { rc: r.exitCode, stdout: r.stdout, stderr: r.stderr };
      },
      put: unsupported, fetch: unsupported, stat: unsupported, readFile: unsupported,
    };
  }

  async function pgplayFacts(subset: string[]): Promise<{ facts: Facts; ms: number }> {
    const ctx = { host: hostOverLabSsh(), check: false, diff: false, inventoryHostname: 'h1', env: {}, log: { warn() {}, debug() {} } } as unknown as ModuleContext;
    const t0 = Date.now();
    const plan = await setup.plan({ gather_subset: subset, gather_timeout: 30, filter: [], fact_path: '/etc/ansible/facts.d' }, ctx);
    return { facts: plan.result!.ansible_facts as Facts, ms: Date.now() - t0 };
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
      record(`setup ${JSON.stringify(subset)} over ssh: ansible ${a.ms} ms, pgplay gather script ${p.ms} ms`, p.ms);
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
