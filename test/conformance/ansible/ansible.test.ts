/**
 * Conformance of Ansible's filters, tests, lookups and Python regex semantics against the pinned
 * ansible-core (expected/*.json from generate.py). Same comparison as the jinja2 suite (its
 * support.ts), with ansibleRegistry in the options and the case's ansible_search_path as the lookup
 * search path, both relative to the repository root as they are for the generator.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TemplateError, ansibleRegistry, evaluateExpression, pyRepr, pyTypeName, templateValue, renderTemplate } from '@pgplay/engine';
import { type CaseInput, type Expected, checkSkipTable, decode, keyPart, loadAreas, ROOT } from '../jinja2/support.js';

const HERE = join(ROOT, 'test', 'conformance', 'ansible');

function run(c: CaseInput): unknown {
  const vars = decode(c.vars ?? {}) as Record<string, unknown>;
  const sp = Array.isArray(vars.ansible_search_path) ? (vars.ansible_search_path as string[]).map((p) => resolve(ROOT, p)) : [ROOT];
  const options = { registry: ansibleRegistry, searchPath: sp, cwd: ROOT };
  const template = decode(c.template);
  if (c.mode === 'render') return { text: renderTemplate(template as string, vars, options) };
  if (c.mode === 'value') return templateValue(template, vars, options);
  return evaluateExpression(template, vars, options);
}

function check(c: CaseInput, exp: Expected): void {
  let got: unknown;
  try {
    got = run(c);
  } catch (err) {
    if ('error' in exp) {
      assert.ok(err instanceof TemplateError, `expected a TemplateError, got ${String(err)}`);
      const key = keyPart(exp.error.message);
      assert.ok(err.message.includes(key), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(key)}`);
      return;
    }
    throw err;
  }
  if ('error' in exp) assert.fail(`expected ${exp.error.class}: ${exp.error.message}; got ${pyRepr((got as { text?: unknown }).text ?? got)}`);
  if ('text' in exp) assert.equal((got as { text: string }).text, exp.text);
  else assert.deepEqual({ type: pyTypeName(got), repr: pyRepr(got) }, { type: exp.type, repr: exp.repr });
}

function loadSkips(): Map<string, string> {
  const skips = new Map<string, string>();
  for (const line of readFileSync(join(HERE, 'skip.yaml'), 'utf8').split('\n')) {
    const m = /^([\w.-]+):\s*(.*)$/.exec(line);
    if (m) skips.set(m[1]!, m[2]!.replace(/^["']|["']$/g, ''));
  }
  return skips;
}

describe('conformance: Ansible filters, tests, lookups and regex against ansible-core 2.16', () => {
  const skips = loadSkips();
  const areas = loadAreas(join(HERE, 'expected'));
  let total = 0;
  for (const { area, inputs, expected } of areas) {
    describe(area, () => {
      for (const [id, c] of Object.entries(inputs)) {
        total++;
        const reason = skips.get(id);
        it(`${id} (${c.mode})`, () => {
          if (!reason) return check(c, expected[id]!);
          let passes = true;
          try {
            check(c, expected[id]!);
          } catch {
            passes = false;
          }
          assert.ok(!passes, `${id} is listed in skip.yaml (${reason}) but now passes: remove it`);
        });
      }
    });
  }
  it('skips at most 2% of the cases, each with a reason and an existing id', () => checkSkipTable(areas, skips, total));
});
