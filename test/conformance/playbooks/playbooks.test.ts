/**
 * The differential suite: every case under cases/ runs through ansible-playbook (the oracle,
 * live from .venv) and through pgplay's CLI (`--output json` and the default text), and must
 * agree per host and task. See README.md for the normalisation list and the artefacts.
 */
import { strict as assert } from 'node:assert';
import { keepArtefacts, discard } from './harness/artefacts.js';
import { listCases, type CaseSpec } from './harness/cases.js';
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
  return { runs: [ansible, json, text], problems: compareRuns(ansible, json, text) };
}

describe('conformance: playbooks against ansible-playbook 2.16', function () {
  requireOracle();
  const cases = listCases();
  const filter = process.env['PGPLAY_DIFF_CASES']?.split(',');
  const selected = filter ? cases.filter((c) => filter.includes(c.name)) : cases;
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
    // Start every case now (bounded by the pool); each it() awaits its own.
    for (const c of selected) {
      const p = pool(() => runCase(c));
      p.catch(() => undefined); // reported by its it(); avoids an unhandled rejection meanwhile
      pending.set(c.name, p);
    }
  });

  for (const c of selected) {
    it(`${c.name}${c.description ? ` — ${c.description}` : ''}`, async function () {
      this.timeout(180_000);
      const { runs, problems } = await pending.get(c.name)!;
      timings.push([c.name, runs[0]!.proc.ms, Math.max(runs[1]!.proc.ms, runs[2]!.proc.ms)]);
      if (problems.length === 0) {
        discard(runs);
        return;
      }
      const kept = keepArtefacts(c.name, runs, problems);
      assert.fail(`${problems.length} difference(s):\n  - ${problems.join('\n  - ')}\n  artefacts: ${kept}`);
    });
  }
});
