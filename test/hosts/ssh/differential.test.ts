// Differential tests over SSH: ansible-playbook (the pinned oracle) and pgplay run the same
// playbook with the same inventory variables against two pairs of identical fresh lab hosts
// (h1, h2 for ansible; h3, h4 for pgplay, both named h1 and h2 in their inventories). Every
// event (per-task status and the full results) must agree after the conformance harness's
// normalisation, plus the host addresses, which differ by construction.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useLab, useLabTemplate, type Lab } from '../../harness/lab/index.js';
import { makeSandbox, removeSandbox, sandboxEnv } from '../../conformance/playbooks/harness/sandbox.js';
import { normaliseValue, pathReplacer } from '../../conformance/playbooks/harness/normalise.js';
import { parseJsonLines } from '../../conformance/playbooks/harness/json-lines.js';
import { compareEvents } from '../../conformance/playbooks/harness/compare-events.js';
import { ansiblePlaybook, oracleConfig, pgplayCli, requireOracle } from '../../conformance/playbooks/harness/paths.js';
import { run } from '../../conformance/playbooks/harness/spawn.js';

const casesDir = fileURLToPath(new URL('../../../../test/hosts/ssh/diff', import.meta.url));

/** The lab inventory with only `pair`'s hosts, renamed h1 and h2. */
function pairInventory(lab: Lab, pair: [string, string]): { text: string; addresses: string[] } {
  const addresses = pair.map((n) => lab.hosts.find((h) => h.name === n)!.address);
  const text = readFileSync(lab.inventoryPath, 'utf8').split('\n').filter((l) => !/^h\d+ ansible_host=/.test(l))
    .join('\n').replace('[lab]\n', `[lab]\nh1 ansible_host=${addresses[0]}\nh2 ansible_host=${addresses[1]}\n`);
  return { text, addresses };
}

async function runSide(side: 'ansible' | 'pgplay', caseName: string, lab: Lab, pair: [string, string]) {
  const p = makeSandbox(join(casesDir, caseName), `ssh-${caseName}-${side}`);
  const inv = pairInventory(lab, pair);
  writeFileSync(join(p.caseDir, 'inventory.ini'), inv.text);
  const paths = pathReplacer(p);
  const hosts = (s: string) => inv.addresses.reduce((acc, a, i) => acc.split(a).join(`<h${i + 1}>`), s);
  const norm = (e: unknown) => normaliseValue(e, (s) => hosts(paths(s))) as Record<string, unknown>;
  // The remote temp dir is the remote user's ~/.ansible/tmp, not the sandbox's controller path.
  const env = sandboxEnv(p, { ANSIBLE_REMOTE_TEMP: '~/.ansible/tmp' });
  let events: Record<string, unknown>[];
  let proc;
  if (side === 'ansible') {
    const eventsFile = join(p.root, 'ansible-events.jsonl');
    proc = await run(ansiblePlaybook, ['-i', 'inventory.ini', 'playbook.yml'], { cwd: p.caseDir, env: { ...env, ANSIBLE_CONFIG: oracleConfig, PGPLAY_ORACLE_EVENTS: eventsFile } });
    events = (existsSync(eventsFile) ? parseJsonLines(readFileSync(eventsFile, 'utf-8')).values : []).map(norm);
    events.push({ kind: 'playbook-end', exitCode: proc.exitCode });
  } else {
    proc = await run(process.execPath, [pgplayCli, 'run', 'playbook.yml', '-i', 'inventory.ini', '--output', 'json'], { cwd: p.caseDir, env });
    const parsed = parseJsonLines(proc.stdout);
    assert.deepEqual(parsed.garbage, [], 'pgplay --output json prints only JSON lines');
    events = parsed.values.map(norm);
  }
  removeSandbox(p);
  return { proc, events };
}

describe('hosts/ssh: ansible-playbook and pgplay over SSH on identical lab hosts', function () {
  this.timeout(600_000);
  useLabTemplate();
  const lab = useLab({ suite: 'sshdiff', hosts: 4 });
  before(requireOracle);

  for (const caseName of readdirSync(casesDir)) {
    it(`agrees on every event: ${caseName}`, async () => {
      // Both sides at once: the hosts are separate, and ansible's run is the slow one.
      const [a, p] = await Promise.all([runSide('ansible', caseName, lab(), ['h1', 'h2']), runSide('pgplay', caseName, lab(), ['h3', 'h4'])]);
      const problems = compareEvents(a.events, p.events);
      if (problems.some((x) => x.includes('unreachable'))) {
        for (const h of ['h3', 'h4']) console.log((await lab().exec(h, 'journalctl -u ssh --no-pager -o short-precise | tail -40')).stdout);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.equal(p.proc.exitCode, a.proc.exitCode, `exit codes: ansible ${a.proc.exitCode}, pgplay ${p.proc.exitCode}\n${p.proc.stderr}`);
      assert.ok(a.events.filter((e) => e['kind'] === 'host-result').length > 20, 'the oracle recorded the run');
    });
  }
});
