/** Every builtin filter, test, global and statement the templating knows has at least one case. */
import assert from 'node:assert/strict';
import { BUILTIN_FILTER_NAMES, BUILTIN_TEST_NAMES, GLOBAL_NAMES, STATEMENT_NAMES } from '@pgplay/engine';
import { loadAreas } from './support.js';

function texts(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => texts(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => texts(x, out));
  return out;
}

describe('conformance: coverage of the builtin names', () => {
  const all: string[] = [];
  for (const a of loadAreas()) for (const c of Object.values(a.inputs)) texts([c.template, c.files ?? {}], all);
  const corpus = all.join('\n');
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const missing = (names: readonly string[], re: (n: string) => RegExp): string[] => names.filter((n) => !re(n).test(corpus));

  it('every filter has a case', () => {
    assert.deepEqual(missing(BUILTIN_FILTER_NAMES, (n) => new RegExp(`\\|\\s*${esc(n)}\\b|map\\(['"]${esc(n)}['"]`)), []);
  });
  it('every test has a case', () => {
    assert.deepEqual(missing(BUILTIN_TEST_NAMES, (n) => new RegExp(`\\bis\\s+(not\\s+)?${esc(n)}(?![\\w=<>!])|select(attr)?\\([^)]*['"]${esc(n)}['"]|reject(attr)?\\([^)]*['"]${esc(n)}['"]`)), []);
  });
  it('every global has a case', () => {
    assert.deepEqual(missing(GLOBAL_NAMES, (n) => new RegExp(`\\b${esc(n)}\\(`)), []);
  });
  it('every statement has a case', () => {
    assert.deepEqual(missing(STATEMENT_NAMES, (n) => new RegExp(`\\{%[-+]?\\s*${esc(n)}\\b`)), []);
  });
});
