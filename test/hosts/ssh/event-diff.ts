// One side of an SSH differential run: ansible-playbook (the pinned oracle, its events recorded by
// the conformance harness's callback) or pgplay (--output json) runs a case directory against
// chosen lab hosts, renamed h1, h2, … in the inventory so both sides name them alike. The events
// come back normalised (sandbox paths, host addresses) for compareEvents.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../../harness/lab/index.js';
import { makeSandbox, removeSandbox, sandboxEnv } from '../../conformance/playbooks/harness/sandbox.js';
import { normaliseValue, pathReplacer } from '../../conformance/playbooks/harness/normalise.js';
import { parseJsonLines } from '../../conformance/playbooks/harness/json-lines.js';
import { ansiblePlaybook, oracleConfig, pgplayCli } from '../../conformance/playbooks/harness/paths.js';
import { run } from '../../conformance/playbooks/harness/spawn.js';

export type Side = 'ansible' | 'pgplay';
export type Event = Record<string, unknown>;

/** The lab inventory with only `names`' hosts, renamed h1, h2, … in that order. */
export function renamedInventory(lab: Lab, names: readonly string[]): { text: string; addresses: string[] } {
  const addresses = names.map((n) => lab.hosts.find((h) => h.name === n)!.address);
  const lines = addresses.map((a, i) => `h${i + 1} ansible_host=${a}\n`).join('');
  const text = readFileSync(lab.inventoryPath, 'utf8').split('\n').filter((l) => !/^h\d+ ansible_host=/.test(l))
    .join('\n').replace('[lab]\n', `[lab]\n${lines}`);
  return { text, addresses };
}

export async function runSideEvents(side: Side, caseDir: string, label: string, lab: Lab, hosts: readonly string[], opts: { args?: readonly string[]; inspect?: (caseDir: string) => void; volatile?: ReadonlySet<string>; rewrite?: (s: string) => string; pgplayEnv?: Record<string, string> } = {}) {
  const args = opts.args ?? [];
  const p = makeSandbox(caseDir, `${label}-${side}`);
  const inv = renamedInventory(lab, hosts);
  writeFileSync(join(p.caseDir, 'inventory.ini'), inv.text);
  const paths = pathReplacer(p);
  const addr = (s: string) => inv.addresses.reduce((acc, a, i) => acc.split(a).join(`<h${i + 1}>`), s);
  const norm = (e: unknown) => normaliseValue(e, (s) => (opts.rewrite ?? ((x: string) => x))(addr(paths(s))), opts.volatile) as Event;
  // The remote temp dir is the remote user's ~/.ansible/tmp, not the sandbox's controller path.
  const env = sandboxEnv(p, { ANSIBLE_REMOTE_TEMP: '~/.ansible/tmp' });
  let events: Event[];
  let proc;
  try {
    if (side === 'ansible') {
      const eventsFile = join(p.root, 'ansible-events.jsonl');
      proc = await run(ansiblePlaybook, ['-i', 'inventory.ini', 'playbook.yml', ...args], { cwd: p.caseDir, env: { ...env, ANSIBLE_CONFIG: oracleConfig, PGPLAY_ORACLE_EVENTS: eventsFile } });
      events = (existsSync(eventsFile) ? parseJsonLines(readFileSync(eventsFile, 'utf-8')).values : []).map(norm);
      events.push({ kind: 'playbook-end', exitCode: proc.exitCode });
    } else {
      proc = await run(process.execPath, [pgplayCli, 'run', 'playbook.yml', '-i', 'inventory.ini', '--output', 'json', ...args], { cwd: p.caseDir, env: { ...env, ...opts.pgplayEnv } });
      const parsed = parseJsonLines(proc.stdout);
      assert.deepEqual(parsed.garbage, [], 'pgplay --output json prints only JSON lines');
      events = parsed.values.map(norm);
    }
    // What the run left in its sandbox (fetched files), looked at before the sandbox goes.
    opts.inspect?.(p.caseDir);
  } finally {
    removeSandbox(p);
  }
  return { proc, events };
}
