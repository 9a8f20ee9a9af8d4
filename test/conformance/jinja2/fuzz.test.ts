/**
 * Differential fuzzing: reproducible random expressions and statement mixes, run through pgplay and
 * through the pinned ansible-core (fuzz_oracle.py) in the same test, compared like the cases are
 * (errors: both fail; values: type and repr; renders: exact text).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PyFloat, TemplateError, pyRepr, pyTypeName, renderTemplate, templateValue } from '@pgplay/engine';
import { HERE, ROOT } from './support.js';
import { expressions, statementMixes } from './fuzz-gen.js';

type Result = { type: string; repr: string } | { text: string } | { error: string };

const PLAIN = { x: 5, d: { a: [1, { b: 2 }], k: 'v' }, l: [3, 1, 2], s: 'Hello World', f: 2.5, n: null, e: [] };

function ours(t: string, mode: 'value' | 'render'): Result {
  const vars = { ...PLAIN, f: new PyFloat(2.5) };
  try {
    if (mode === 'render') return { text: renderTemplate(t, vars) };
    const v = templateValue(t, vars);
    return { type: pyTypeName(v), repr: pyRepr(v) };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { error: e.message };
  }
}

const same = (a: Result, b: Result): boolean =>
  'error' in a ? 'error' in b : !('error' in b) && JSON.stringify(a) === JSON.stringify(b);

describe('conformance: differential fuzzing against ansible-core', function () {
  this.timeout(300_000);
  const value = [...expressions(7, 1000), ...expressions(99, 1000)];
  const render = [...statementMixes(1, 600), ...statementMixes(2, 600)];
  let oracle: { value: Result[]; render: Result[] };
  before(() => {
    const python = join(ROOT, '.venv', 'bin', 'python');
    assert.ok(existsSync(python), `${python} is missing: run scripts/setup-venv.sh`);
    const out = execFileSync(python, [join(HERE, 'fuzz_oracle.py')], {
      input: JSON.stringify({ vars: PLAIN, value, render }), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8',
    });
    oracle = JSON.parse(out);
  });
  for (const mode of ['value', 'render'] as const) {
    it(`${mode}: every random template gives ansible-core's result`, () => {
      const list = mode === 'value' ? value : render;
      const diffs = list.flatMap((t, i) => {
        const got = ours(t, mode);
        const exp = oracle[mode][i]!;
        return same(exp, got) ? [] : [`${t}\n  ansible: ${JSON.stringify(exp)}\n  pgplay:  ${JSON.stringify(got)}`];
      });
      assert.equal(diffs.length, 0, diffs.slice(0, 10).join('\n'));
    });
  }
});
