/**
 * The differential suite: every case under cases/ runs through ansible-playbook (the oracle,
 * live from .venv) and through pgplay's CLI (`--output json` and the default text), and must
 * agree per host and task. See README.md for the normalisation list and the artefacts.
 */
import { strict as assert } from 'node:assert';
import { keepArtefacts, discard } from './harness/artefacts.js';
import { caseNames, listCases, type CaseSpec } from './harness/cases.js';
import { compareRuns } from './harness/compare-case.js';
import { makePool } from './harness/pool.js';
import { requireOracle } from './harness/paths.js';
import { runAnsible, runPgplay, type SideRun } from './harness/sides.js';

// Two cases at a time fit a 2-core CI machine; each case's three runs also overlap.
const CONCURRENCY = Number(process.env['PGPLAY_DIFF_JOBS'] ?? 2);

interface Outcome {
  runs: SideRun[];
  problems: string[];
}

async function runCase(c: CaseSpec): Promise<Outcome> {
  const [ansible, json, text] = await Promise.all([runAnsible(c), runPgplay(c, 'json'), runPgplay(c, 'text')]);
  return { runs: [ansible, json, text], problems: compareRuns(ansible, json, text, c.compare, c.compareErrors) };
}

describe('conformance: playbooks against ansible-playbook 2.16', function () {
  // Only the file system at load time: a missing oracle fails this suite's hook (never a skip)
  // instead of aborting every other suite in the same mocha run.
  const filter = process.env['PGPLAY_DIFF_CASES']?.split(',');
  const selected = caseNames().filter((n) => !filter || filter.includes(n));
  const pool = makePool(CONCURRENCY);
  const pending = new Map<string, Promise<Outcome>>();

  const timings: Array<[string, number, number]> = [];
  after(function () {
    // CI budget (README): the oracle dominates; name the slowest cases when it grows.
    const total = timings.reduce((n, [, a]) => n + a, 0);
    const slow = [...timings].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([n, a, p]) => `${n} ${a}/${p} ms`);
    if (timings.length) console.log(`  ansible-playbook ${total} ms over ${timings.length} cases; slowest (ansible/pgplay): ${slow.join(', ')}`);
  });

  before(function () {
    requireOracle();
    // Start every case now (bounded by the pool); each it() awaits its own.
    for (const c of listCases().filter((x) => selected.includes(x.name))) {
      const p = pool(() => runCase(c));
      p.catch(() => undefined); // reported by its it(); avoids an unhandled rejection meanwhile
      pending.set(c.name, p);
    }
  });

  for (const name of selected) {
    it(name, async function () {
      this.timeout(400_000);
      const { runs, problems } = await pending.get(name)!;
      timings.push([name, runs[0]!.proc.ms, Math.max(runs[1]!.proc.ms, runs[2]!.proc.ms)]);
      if (problems.length === 0) {
        discard(runs);
        return;
      }
      const kept = keepArtefacts(name, runs, problems);
      assert.fail(`${problems.length} difference(s):\n  - ${problems.join('\n  - ')}\n  artefacts: ${kept}`);
    });
  }
});
