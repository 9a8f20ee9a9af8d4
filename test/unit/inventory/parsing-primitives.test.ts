/**
 * Range expansion, shlex splitting and INI value typing against expectations produced by Python
 * itself (fixtures/gen-python-expected.py: ansible's expand_hostname_range, shlex.split,
 * ast.literal_eval).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandHostnameRange, isTuple, parseIniValue, pyRepr, PyFloat, shlexSplit } from '@pgplay/engine';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../unit/inventory/fixtures');
type Tagged = { int?: number; float?: string; str?: string; bool?: boolean; none?: true; list?: Tagged[]; tuple?: Tagged[]; dict?: [string, Tagged][] };
interface Expected {
  ranges: { in: string; out?: string[]; error?: string }[];
  shlex: { in: string; out?: string[]; error?: string }[];
  literals: { in: string; out?: Tagged; skip?: string }[];
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'python-expected.json'), 'utf8')) as Expected;

/** The fixture's tagged Python value in a form comparable with normalise()'s output. */
function untag(t: Tagged): unknown {
  if (t.int !== undefined) return t.int;
  if (t.float !== undefined) return `float:${t.float}`;
  if (t.str !== undefined) return t.str;
  if (t.bool !== undefined) return t.bool;
  if (t.none) return null;
  if (t.list) return t.list.map(untag);
  if (t.tuple) return { tuple: t.tuple.map(untag) };
  return Object.fromEntries(t.dict!.map(([k, v]) => [k, untag(v)]));
}

function normalise(v: unknown): unknown {
  if (v instanceof PyFloat) return `float:${pyRepr(v)}`;
  if (isTuple(v)) return { tuple: Array.from(v, normalise) };
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

describe('inventory parsing primitives (expectations from Python)', () => {
  describe('expand_hostname_range', () => {
    for (const c of expected.ranges) {
      it(c.in, () => {
        if (c.error) assert.throws(() => expandHostnameRange(c.in), { message: c.error });
        else assert.deepEqual(expandHostnameRange(c.in), c.out);
      });
    }
  });

  describe('shlex.split(comments=True)', () => {
    for (const c of expected.shlex) {
      it(JSON.stringify(c.in), () => {
        if (c.error) assert.throws(() => shlexSplit(c.in), { message: c.error });
        else assert.deepEqual(shlexSplit(c.in), c.out);
      });
    }
  });

  describe('INI values through ast.literal_eval', () => {
    for (const c of expected.literals) {
      // Complex numbers and sets have no place in the value model; INI typing keeps their text.
      if (c.skip) {
        it(`${JSON.stringify(c.in)} (not representable) stays text`, () => assert.equal(parseIniValue(c.in), c.in));
        continue;
      }
      it(JSON.stringify(c.in), () => assert.deepEqual(normalise(parseIniValue(c.in)), untag(c.out!)));
    }
  });
});
