/** Every filter, test and lookup in ansibleRegistry has at least one conformance case. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ansibleRegistry } from '@pgplay/engine';
import { ROOT } from '../jinja2/support.js';

const CASES = join(ROOT, 'test', 'conformance', 'ansible', 'cases');

describe('conformance: coverage of the Ansible plug-ins', () => {
  const corpus = readdirSync(CASES).map((f) => readFileSync(join(CASES, f), 'utf8')).join('\n');
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = (t: Record<string, unknown> | undefined): string[] => Object.keys(t ?? {}).filter((n) => !n.startsWith('ansible.builtin.'));
  it('every filter has a case', () => {
    assert.deepEqual(names(ansibleRegistry.filters).filter((n) => !new RegExp(`\\|\\s*${esc(n)}\\b|map\\(['"]${esc(n)}['"]`).test(corpus)), []);
  });
  it('every test has a case', () => {
    assert.deepEqual(names(ansibleRegistry.tests).filter((n) => !new RegExp(`\\bis\\s+(not\\s+)?${esc(n)}\\b|['"]${esc(n)}['"]`).test(corpus)), []);
  });
  it('every lookup has a case', () => {
    assert.deepEqual(names(ansibleRegistry.lookups).filter((n) => !new RegExp(`(lookup|query)\\(['"]${esc(n)}['"]`).test(corpus)), []);
  });
});
