/**
 * The argument spec validator's type conversions and checks against ansible-core 2.16's own
 * functions: argspec/expected.json holds what check_type_* and ArgumentSpecValidator made of each
 * input (written by argspec/generate.py with the pinned .venv interpreter).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckTypeError, TYPE_CHECKERS, validateArgumentSpec, type ArgSpec, pyFloat, pyRepr, pyTypeName } from '@pgplay/engine';

/** test/dist/unit/engine → the source directory beside this file's TypeScript. */
const DATA = fileURLToPath(new URL('../../../unit/engine/argspec/expected.json', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface Expected {
  check_types: { type: string; value: unknown; expected: { type: string; repr: string } | { error: string } }[];
  validator: { spec: unknown; params: unknown; errors: string[]; validated: string }[];
}

/** generate.py's encoding: floats as {float: repr}, dicts as {dict: …} (so lists and dicts stay apart). */
function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('float' in o) return pyFloat(Number(String(o.float).replace('inf', 'Infinity').replace('nan', 'NaN')));
    return Object.fromEntries(Object.entries(o.dict as Record<string, unknown>).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}

const expected = JSON.parse(readFileSync(DATA, 'utf8')) as Expected;

describe('argument spec validator against ansible-core 2.16', () => {
  before(() => {
    process.env.HOME = '/home/pgplay-test';
  });

  it('expected.json is what the pinned ansible-core computes today', function () {
    this.timeout(60_000);
    const out = mkdtempSync(join(tmpdir(), 'pgplay-argspec-'));
    try {
      const file = join(out, 'expected.json');
      execFileSync(join(ROOT, '.venv', 'bin', 'python'), [join(ROOT, 'test/unit/engine/argspec/generate.py'), file], { stdio: ['ignore', 'ignore', 'pipe'] });
      assert.ok(readFileSync(file, 'utf8') === readFileSync(DATA, 'utf8'), 'argspec/expected.json is stale: run .venv/bin/python test/unit/engine/argspec/generate.py');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it(`converts ${expected.check_types.length} values with each check_type_* as ansible does`, () => {
    const bad: string[] = [];
    for (const c of expected.check_types) {
      const v = decode(c.value);
      let got: { type: string; repr: string } | { error: string };
      try {
        const r = TYPE_CHECKERS[c.type]!(v);
        got = { repr: pyRepr(r), type: pyTypeName(r) };
      } catch (e) {
        if (!(e instanceof CheckTypeError)) throw e;
        got = { error: e.message };
      }
      if (JSON.stringify(got) !== JSON.stringify(c.expected)) bad.push(`${c.type}(${pyRepr(v)}): ansible ${JSON.stringify(c.expected)}, pgplay ${JSON.stringify(got)}`);
    }
    assert.deepEqual(bad, []);
  });

  for (const [i, c] of expected.validator.entries()) {
    it(`validator case ${i}: ${c.errors[0] ?? 'passes'}`, () => {
      const r = validateArgumentSpec(decode(c.spec) as ArgSpec, decode(c.params) as Record<string, unknown>);
      assert.deepEqual(r.errors, c.errors);
      assert.equal(pyRepr(r.validated), c.validated);
    });
  }
});
