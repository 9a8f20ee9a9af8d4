/**
 * Differential test of the Python regex translation: random patterns (fixed seed) from a grammar of
 * the constructs where Python and JavaScript differ, run through re.findall / re.sub in Python and
 * through reFindall / reSub here. Patterns we reject as unsupported-regex are allowed (and counted),
 * silent differences are not.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError, reFindall, reSub } from '@pgplay/engine';
import { ROOT } from '../jinja2/support.js';

interface FuzzCase {
  pattern: string;
  flags: string;
  text: string;
  repl: string;
  findall: unknown;
  sub: unknown;
}

function attempt(fn: () => unknown): unknown {
  try {
    const v = fn();
    return Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? [...x] : x)) : v;
  } catch (e) {
    if (e instanceof TemplateError && e.code === 'unsupported-regex') return 'unsupported';
    return { error: (e as Error).message };
  }
}

const same = (a: unknown, b: unknown): boolean => {
  const isErr = (x: unknown): boolean => typeof x === 'object' && x !== null && 'error' in x;
  return isErr(a) && isErr(b) ? true : JSON.stringify(a) === JSON.stringify(b);
};

describe('conformance: Python regex translation against re (random patterns)', function () {
  this.timeout(120_000);
  it('matches re.findall and re.sub on 3000 random patterns, rejecting at most 10%', () => {
    const python = join(ROOT, '.venv', 'bin', 'python');
    assert.ok(existsSync(python), `${python} is missing: run scripts/setup-venv.sh`);
    const script = join(ROOT, 'test', 'conformance', 'ansible', 'regex_fuzz.py');
    const cases = JSON.parse(execFileSync(python, [script, '20261122', '3000'], { maxBuffer: 64 << 20 }).toString('utf8')) as FuzzCase[];
    let unsupported = 0;
    const bad: string[] = [];
    for (const c of cases) {
      const flags = { i: c.flags.includes('i'), m: c.flags.includes('m'), s: c.flags.includes('s'), x: c.flags.includes('x') };
      const fa = attempt(() => reFindall(c.pattern, c.text, flags));
      if (fa === 'unsupported') {
        unsupported++;
        continue;
      }
      const sb = attempt(() => reSub(c.pattern, c.repl, c.text, 0, flags));
      if (!same(fa, c.findall) || !same(sb, c.sub)) bad.push(`${JSON.stringify(c.pattern)} on ${JSON.stringify(c.text)}: findall ${JSON.stringify(fa)} vs ${JSON.stringify(c.findall)}, sub ${JSON.stringify(sb)} vs ${JSON.stringify(c.sub)}`);
    }
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} silent differences`);
    assert.ok(unsupported <= cases.length * 0.1, `${unsupported} patterns rejected as unsupported`);
  });
});
