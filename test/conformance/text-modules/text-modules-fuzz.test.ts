/**
 * Differential fuzz test of lineinfile, blockinfile, replace and ini_file: the same generated file
 * and arguments go through ansible's own module code (text_modules_oracle.py, in-process in the
 * pinned .venv) and through pgplay's module (plan, then apply unless checking, on the local
 * connection); the results (changed, msg, diff, found, warnings, rc, path info) and the file's
 * content afterwards must be equal. Failures must fail on both sides; their messages are compared
 * unless ansible's module crashed (a traceback: pgplay fails cleanly instead).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnection, ModuleFailure, validateArgsRuntime, type ModuleContext, type ModuleResult, type AnyModuleDefinition } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
import { generateCases, type TextCase } from './generate-cases.js';
import { repoRoot, venvPython } from '../playbooks/harness/paths.js';

const SEED = 20261122;
const PER_MODULE = Number(process.env['PGPLAY_TEXT_FUZZ'] ?? 100);

interface Outcome {
  result: ModuleResult;
  after: string | null;
}

function moduleNamed(name: string): AnyModuleDefinition {
  const def = registry.modules.find((m) => m.name.endsWith(`.${name}`));
  assert.ok(def, `no module ${name}`);
  return def;
}

function context(check: boolean, diff: boolean): ModuleContext {
  return {
    host: new LocalConnection('localhost'), check, diff, inventoryHostname: 'localhost', env: {},
    controller: { playbookDir: '/', findFile: () => null, renderTemplate: (s) => s, readFile: () => { throw new Error('the text modules read no controller file'); } },
    clients: { get: (_k, make) => make() },
    log: { debug: () => undefined, warn: () => undefined },
    signal: new AbortController().signal,
  };
}

async function runPgplay(c: TextCase, root: string): Promise<Outcome> {
  const dir = mkdtempSync(join(root, 'c-'));
  const path = join(dir, 'f.txt');
  if (c.content !== null) writeFileSync(path, c.content);
  const def = moduleNamed(c.module);
  let result: ModuleResult;
  const checked = validateArgsRuntime(def.name, def.args, { ...c.args, path });
  if (!checked.ok) result = { failed: true, msg: checked.errors.join('; ') };
  else {
    const ctx = context(c.check, c.diff);
    try {
      const plan = await def.plan(checked.args, ctx);
      result = c.check || !plan.changed ? { ...(plan.result ?? {}), changed: plan.changed } : { changed: true, ...(await def.apply(plan, ctx)) };
    } catch (e) {
      if (!(e instanceof ModuleFailure)) throw e;
      result = { ...e.result, failed: true, msg: e.message };
    }
  }
  const after = existsSync(path) && !statSync(path).isDirectory() ? readFileSync(path, 'utf8') : null;
  return { result: JSON.parse(JSON.stringify(result).split(path).join('<PATH>')) as ModuleResult, after };
}

function differences(c: TextCase, ans: Outcome, pg: Outcome): string[] {
  const a = ans.result;
  const p = pg.result;
  if (a.failed || p.failed) {
    if (!a.failed || !p.failed) return [`failed: ansible ${JSON.stringify(a)}, pgplay ${JSON.stringify(p)}`];
    const crashed = typeof a.msg === 'string' && a.msg.startsWith('exception: ');
    return crashed || a.msg === p.msg ? [] : [`msg: ansible ${JSON.stringify(a.msg)}, pgplay ${JSON.stringify(p.msg)}`];
  }
  const out: string[] = [];
  if (JSON.stringify(sortKeys(a)) !== JSON.stringify(sortKeys(p))) out.push(`result: ansible ${JSON.stringify(sortKeys(a))}, pgplay ${JSON.stringify(sortKeys(p))}`);
  if (ans.after !== pg.after) out.push(`file after: ansible ${JSON.stringify(ans.after)}, pgplay ${JSON.stringify(pg.after)}`);
  void c;
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

describe('conformance: text-editing modules against ansible\'s own code (random inputs)', function () {
  this.timeout(600_000);
  it(`agrees on ${PER_MODULE} generated cases per module (lineinfile, blockinfile, replace, ini_file)`, async function () {
    assert.ok(existsSync(venvPython), `${venvPython} is missing: run scripts/setup-venv.sh`);
    const cases = generateCases(SEED, PER_MODULE);
    const oracle = spawnSync(venvPython, [join(repoRoot, 'test/conformance/text-modules/text_modules_oracle.py')], { input: JSON.stringify(cases), maxBuffer: 256 << 20 });
    assert.equal(oracle.status, 0, oracle.stderr.toString());
    const expected = JSON.parse(oracle.stdout.toString('utf8')) as Outcome[];
    const root = mkdtempSync(join(tmpdir(), 'pgplay-text-fuzz-'));
    const bad: string[] = [];
    const changed = new Map<string, number>();
    try {
      for (let i = 0; i < cases.length; i++) {
        const c = cases[i]!;
        const pg = await runPgplay(c, root);
        if (pg.result.changed) changed.set(c.module, (changed.get(c.module) ?? 0) + 1);
        for (const d of differences(c, expected[i]!, pg)) bad.push(`#${i} ${c.module} ${JSON.stringify(c.args)} check=${c.check} diff=${c.diff} on ${JSON.stringify(c.content)}: ${d}`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    assert.deepEqual(bad.slice(0, 8), [], `${bad.length} differences`);
    // The generator must exercise real edits, or agreement would mean little.
    for (const m of ['lineinfile', 'blockinfile', 'replace', 'ini_file']) assert.ok((changed.get(m) ?? 0) > PER_MODULE / 8, `${m}: only ${changed.get(m) ?? 0} changes`);
  });
});
