/**
 * The inventory's magic variables, `groups` (with each group's host order) and every host's
 * `group_names`, `inventory_file` and `inventory_dir`, compared live with
 * `ansible all:localhost -m debug -a msg=… -o` (debug never connects).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInventory } from '@pgplay/engine';
import type { LoadInventoryResult } from '@pgplay/engine';
import { HERE, oraclePython, requireVenv, runOracleBatch } from './oracle.js';
import type { OracleJob, OracleRun } from './oracle.js';

const CASES = join(HERE, 'cases');
const names = readdirSync(CASES).filter((n) => existsSync(join(CASES, n, 'case.json'))).sort();

function sources(dir: string): string[] {
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { sources: string[] };
  return spec.sources.map((s) => (s.includes(',') && !existsSync(join(dir, s)) ? s : join(dir, s)));
}

/** `host | SUCCESS => {json}` lines of the one-line callback, by host. */
function perHost(run: OracleRun): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const line of run.stdout.split('\n')) {
    const m = /^(.+?) \| SUCCESS => (\{.*\})$/.exec(line);
    if (m) out.set(m[1]!, JSON.parse(m[2]!) as Record<string, unknown>);
  }
  return out;
}

describe('magic variables groups / group_names vs ansible 2.16 (live oracle)', function () {
  this.timeout(600_000);
  const loaded = new Map<string, LoadInventoryResult>();
  const runs = new Map<string, OracleRun>();

  before(async function () {
    requireVenv();
    const jobs: OracleJob[] = [];
    for (const name of names) {
      const dir = join(CASES, name);
      loaded.set(name, await loadInventory({ sources: sources(dir), localPython: oraclePython() }));
      const inv = sources(dir).flatMap((s) => ['-i', s]);
      // One run per case: `all` plus the implicit localhost, each printing its inventory magic vars.
      jobs.push({ tool: 'ansible', args: ['all:localhost', ...inv, '-m', 'debug', '-a', 'msg={{ [group_names, groups, inventory_file | default(None), inventory_dir | default(None)] }}', '-o'], cwd: dir });
    }
    (await runOracleBatch(jobs)).forEach((r, i) => runs.set(names[i]!, r));
  });

  for (const name of names) {
    it(`${name}: groups and group_names`, () => {
      const inv = loaded.get(name)!.inventory;
      const run = runs.get(name)!;
      if (run.rc !== 0) {
        // Ansible stops on a broken vars file; pgplay must have reported it as an error.
        assert.ok(loaded.get(name)!.diagnostics.some((d) => d.severity === 'error'), run.stderr);
        return;
      }
      const results = perHost(run);
      assert.deepEqual([...results.keys()].sort(), inv.selectHosts('all:localhost').sort(), run.stderr);
      for (const [host, result] of results) {
        const [groupNames, groups, file, dir] = result.msg as [string[], Record<string, string[]>, string | null, string | null];
        assert.deepEqual(inv.groupsOfHost(host), groupNames, host);
        assert.deepEqual(inv.groupsDict(), groups, host);
        // The first source a host was seen in (the implicit localhost has none).
        const vars = inv.hostVars(host);
        assert.deepEqual([vars.inventory_file ?? null, vars.inventory_dir ?? null], [file, dir], host);
      }
    });
  }
});
