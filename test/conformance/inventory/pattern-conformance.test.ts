/**
 * Host patterns and --limit, compared live with `ansible PATTERN -i INV --list-hosts [--limit L]`
 * (which lists hosts without connecting): stdout byte for byte, the exit status, and the set of
 * [WARNING] messages.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listHosts, loadInventory } from '@pgplay/engine';
import type { LoadInventoryResult } from '@pgplay/engine';
import { HERE, normaliseWarning, oraclePython, oracleWarnings, requireVenv, runOracleBatch } from './oracle.js';
import type { OracleJob, OracleRun } from './oracle.js';

interface PatternCase {
  case: string;
  pattern: string;
  limit?: string;
}

const CASES = join(HERE, 'cases');
const patterns = JSON.parse(readFileSync(join(HERE, 'patterns.json'), 'utf8')) as PatternCase[];

function sources(dir: string): string[] {
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { sources: string[] };
  return spec.sources.map((s) => (s.includes(',') && !existsSync(join(dir, s)) ? s : join(dir, s)));
}

/** `@file` limits name files relative to the case directory. */
function limitArg(dir: string, limit: string | undefined): string | undefined {
  return limit?.startsWith('@') ? `@${join(dir, limit.slice(1))}` : limit;
}

const title = (p: PatternCase): string => `${p.case}: ${JSON.stringify(p.pattern)}${p.limit === undefined ? '' : ` --limit ${JSON.stringify(p.limit)}`}`;

describe('host patterns vs `ansible --list-hosts` 2.16 (live oracle)', function () {
  this.timeout(600_000);
  const runs: OracleRun[] = [];
  const loaded: LoadInventoryResult[] = [];

  before(async function () {
    requireVenv();
    const jobs: OracleJob[] = [];
    for (const p of patterns) {
      const dir = join(CASES, p.case);
      // A fresh inventory per command, as each `ansible` run is a fresh process (the implicit
      // localhost, once created, keeps the name it was first asked by).
      loaded.push(await loadInventory({ sources: sources(dir), localPython: oraclePython() }));
      const limit = limitArg(dir, p.limit);
      const args = [p.pattern, ...sources(dir).flatMap((s) => ['-i', s]), '--list-hosts', ...(limit === undefined ? [] : ['--limit', limit])];
      jobs.push({ tool: 'ansible', args, cwd: dir });
    }
    runs.push(...(await runOracleBatch(jobs)));
  });

  it('covers at least 40 patterns', () => assert.ok(patterns.length >= 40));

  patterns.forEach((p, i) => {
    it(title(p), () => {
      const o = runs[i]!;
      const r = loaded[i]!;
      const mine = listHosts(r.inventory, p.pattern, limitArg(join(CASES, p.case), p.limit));
      if (o.rc !== 0) {
        assert.ok(mine.error, `ansible failed (${o.stderr.trim()}) but pgplay listed ${JSON.stringify(mine.hosts)}`);
        assert.ok(o.stderr.includes(mine.error), `ansible: ${o.stderr.trim()}\npgplay: ${mine.error}`);
        return;
      }
      assert.equal(mine.error, undefined);
      assert.equal(mine.stdout, o.stdout);
      const want = [...new Set(oracleWarnings(o.stderr))].sort();
      const got = [...new Set([...r.warnings, ...mine.warnings].map(normaliseWarning))].sort();
      assert.deepEqual(got, want);
    });
  });
});
