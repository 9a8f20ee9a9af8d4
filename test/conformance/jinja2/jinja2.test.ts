/**
 * The differential conformance suite: every case in cases/*.yaml, run through pgplay's templating
 * and compared with what the pinned ansible-core computed (expected/*.json, from generate.py).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as engine from '@pgplay/engine';
import {
  TemplateError, evaluateExpression, pyRepr, pyTypeName, renderTemplate, templateValue,
} from '@pgplay/engine';
import type { TemplateRegistry } from '@pgplay/engine';

/**
 * Ansible's filters, tests and lookups, once the package exports them as `ansibleRegistry`
 * (they are written apart from the core); the builtins alone until then.
 */
const registry = (engine as Record<string, unknown>).ansibleRegistry as TemplateRegistry | undefined;
import { type CaseInput, type Expected, checkSkipTable, decode, keyPart, loadAreas, loadSkips } from './support.js';

function run(c: CaseInput, dir: string): unknown {
  const vars = (decode(c.vars ?? {}) as Record<string, unknown>);
  const template = decode(c.template);
  const options = { searchPath: [dir], registry };
  if (c.mode === 'render') return { text: renderTemplate(template as string, vars, options) };
  if (c.mode === 'value') return templateValue(template, vars, options);
  return evaluateExpression(template, vars, options);
}

function writeFiles(dir: string, files: Record<string, string> | undefined): void {
  for (const [name, text] of Object.entries(files ?? {})) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

function check(c: CaseInput, exp: Expected, dir: string, tmp: string): void {
  let got: unknown;
  try {
    got = run(c, dir);
    if (typeof got === 'object' && got !== null && 'text' in got) got = { text: (got as { text: string }).text.replaceAll(tmp, '<tmp>') };
  } catch (err) {
    if ('error' in exp) {
      assert.ok(err instanceof TemplateError, `expected a TemplateError, got ${String(err)}`);
      const key = keyPart(exp.error.message);
      const msg = err.message.replaceAll(tmp, '<tmp>');
      assert.ok(msg.includes(key), `message ${JSON.stringify(msg)} lacks ${JSON.stringify(key)}`);
      return;
    }
    throw err;
  }
  if ('error' in exp) assert.fail(`expected ${exp.error.class}: ${exp.error.message}; got ${pyRepr((got as { text?: unknown }).text ?? got)}`);
  if ('text' in exp) assert.equal((got as { text: string }).text, exp.text);
  else assert.deepEqual({ type: pyTypeName(got), repr: pyRepr(got) }, { type: exp.type, repr: exp.repr });
}

describe('conformance: Jinja2 templating against ansible-core 2.16', () => {
  const skips = loadSkips();
  const areas = loadAreas();
  const tmp = mkdtempSync(join(tmpdir(), 'pgplay-j2-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  let total = 0;
  for (const { area, inputs, expected } of areas) {
    describe(area, () => {
      for (const [id, c] of Object.entries(inputs)) {
        total++;
        const reason = skips.get(id);
        const exp = expected[id]!;
        it(`${id} (${c.mode})`, function () {
          if (reason) {
            // A listed deviation must still be a deviation: a skip that passes is stale.
            const dir = join(tmp, id);
            writeFiles(dir, c.files);
            let passes = true;
            try {
              check(c, exp, dir, tmp);
            } catch {
              passes = false;
            }
            assert.ok(!passes, `${id} is listed in skip.yaml (${reason}) but now passes: remove it`);
            return;
          }
          const dir = join(tmp, id);
          writeFiles(dir, c.files);
          check(c, exp, dir, tmp);
        });
      }
    });
  }
  it('skips at most 2% of the cases, each with a reason and an existing id', () => checkSkipTable(areas, skips, total));
});
