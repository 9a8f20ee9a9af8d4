/**
 * Every inventory in cases/ is read by pgplay and by ansible-inventory (live); --list,
 * --graph --vars, --host and the optional --graph GROUP / --list --limit outputs must be equal
 * byte for byte. Sources Ansible cannot parse must give pgplay error diagnostics at the
 * positions case.json names.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inventoryGraph, inventoryHost, inventoryList, inventoryYaml, loadInventory } from '@pgplay/engine';
import type { Diagnostic, LoadInventoryResult } from '@pgplay/engine';
import { HERE, normaliseWarning, oraclePython, oracleWarnings, requireVenv, runOracleBatch } from './oracle.js';
import type { OracleJob, OracleRun } from './oracle.js';

interface CaseSpec {
  description: string;
  sources: string[];
  playbookDir?: string;
  hosts?: string[];
  graphs?: string[];
  limits?: string[];
  /** Checks where pgplay is known to differ, with the reason; the test asserts they still differ. */
  knownDifferences?: Record<string, string>;
  diagnostics?: { severity: 'error' | 'warning'; file: string; line?: number; column?: number; code?: string }[];
}

interface Check {
  name: string;
  args: string[];
  pgplay: (r: LoadInventoryResult) => string;
}

const CASES = join(HERE, 'cases');
const spec = (name: string): CaseSpec => JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as CaseSpec;
const names = readdirSync(CASES).filter((n) => existsSync(join(CASES, n, 'case.json'))).sort();

function sourceArg(dir: string, s: string): string {
  return s.includes(',') && !existsSync(join(dir, s)) ? s : join(dir, s);
}

function checksFor(spec: CaseSpec, hosts: string[]): Check[] {
  const checks: Check[] = [
    { name: '--list', args: ['--list'], pgplay: (r) => inventoryList(r.inventory) },
    { name: '--graph --vars', args: ['--graph', '--vars'], pgplay: (r) => inventoryGraph(r.inventory, { vars: true }) },
    { name: '--graph', args: ['--graph'], pgplay: (r) => inventoryGraph(r.inventory) },
    { name: '--list --yaml', args: ['--list', '--yaml'], pgplay: (r) => inventoryYaml(r.inventory) },
  ];
  for (const h of hosts) checks.push({ name: `--host ${h}`, args: ['--host', h], pgplay: (r) => inventoryHost(r.inventory, h) });
  for (const g of spec.graphs ?? []) {
    checks.push({ name: `--graph ${g} --vars`, args: ['--graph', g, '--vars'], pgplay: (r) => inventoryGraph(r.inventory, { group: g, vars: true }) });
  }
  for (const l of spec.limits ?? []) {
    checks.push({ name: `--list --limit ${l}`, args: ['--list', '--limit', l], pgplay: (r) => inventoryList(r.inventory, { limit: l }) });
  }
  return checks;
}

/** pgplay's text for a check, or the error it raised (Ansible exits non-zero there). */
function pgplayOutput(check: Check, r: LoadInventoryResult): { text: string; error?: string } {
  try {
    // The output functions leave out the newline Ansible's display() adds; the CLI prints it.
    return { text: check.pgplay(r) + '\n' };
  } catch (e) {
    return { text: '', error: (e as Error).message };
  }
}

describe('inventory conformance with ansible-inventory 2.16 (live oracle)', function () {
  this.timeout(900_000);
  const oracle = new Map<string, OracleRun>();
  const loaded = new Map<string, LoadInventoryResult>();
  const plans = new Map<string, Check[]>();

  before(async function () {
    requireVenv();
    const jobs: OracleJob[] = [];
    const keys: string[] = [];
    for (const name of names) {
      const dir = join(CASES, name);
      const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseSpec;
      const sources = spec.sources.map((s) => sourceArg(dir, s));
      const playbookDir = spec.playbookDir === undefined ? undefined : join(dir, spec.playbookDir);
      const r = await loadInventory({ sources, playbookDir, localPython: oraclePython() });
      loaded.set(name, r);
      const hosts = spec.hosts ?? [...r.inventory.hosts.map((h) => h.name), 'localhost'];
      const checks = checksFor(spec, hosts);
      plans.set(name, checks);
      const base = [...sources.flatMap((s) => ['-i', s]), ...(playbookDir ? ['--playbook-dir', playbookDir] : [])];
      for (const c of checks) {
        jobs.push({ tool: 'ansible-inventory', args: [...base, ...c.args], cwd: dir });
        keys.push(`${name}\0${c.name}`);
      }
    }
    const runs = await runOracleBatch(jobs);
    runs.forEach((run, i) => oracle.set(keys[i]!, run));
  });

  for (const name of names) {
    describe(name, () => {
      it('matches ansible-inventory on every output', () => {
        const r = loaded.get(name)!;
        const failures: string[] = [];
        for (const c of plans.get(name)!) {
          const o = oracle.get(`${name}\0${c.name}`)!;
          const mine = pgplayOutput(c, r);
          const known = spec(name).knownDifferences?.[c.name];
          if (known !== undefined) {
            if (o.rc === 0 && mine.text === o.stdout) failures.push(`${c.name}: now matches; remove it from knownDifferences (${known})`);
            continue;
          }
          if (o.rc !== 0 && mine.error === undefined && !hasErrors(r.diagnostics)) {
            failures.push(`${c.name}: ansible failed (rc ${o.rc}: ${o.stderr.trim()}) but pgplay did not`);
          } else if (o.rc === 0 && mine.text !== o.stdout) {
            failures.push(`${c.name}:\n--- ansible\n${o.stdout}--- pgplay\n${mine.error ?? mine.text}`);
          }
        }
        assert.deepEqual(failures, []);
      });

      it("prints Ansible's warnings", () => {
        const o = oracle.get(`${name}\0--list`)!;
        const want = [...new Set(oracleWarnings(o.stderr))].sort();
        const got = [...new Set(loaded.get(name)!.warnings.map(normaliseWarning))].sort();
        assert.deepEqual(got, want);
      });

      it('reports diagnostics where Ansible cannot parse a source', () => {
        const dir = join(CASES, name);
        const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseSpec;
        const r = loaded.get(name)!;
        const o = oracle.get(`${name}\0--list`)!;
        const ansibleFailed = oracleWarnings(o.stderr).some((w) => /^Unable to parse|Failed to parse/.test(w)) || o.rc !== 0;
        assert.equal(hasErrors(r.diagnostics), ansibleFailed, `errors: ${JSON.stringify(r.diagnostics)}\nansible stderr: ${o.stderr}`);
        for (const want of spec.diagnostics ?? []) {
          const file = want.file.includes(',') ? want.file : join(dir, want.file);
          const got = r.diagnostics.find((d) => d.severity === want.severity && d.file === file
            && (want.line === undefined || d.line === want.line) && (want.column === undefined || d.column === want.column)
            && (want.code === undefined || d.code === want.code));
          assert.ok(got, `expected ${want.severity} at ${want.file}:${want.line}:${want.column}, got ${JSON.stringify(r.diagnostics.map((d) => ({ ...d, file: relative(dir, d.file) })))}`);
        }
      });
    });
  }
});

function hasErrors(ds: Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
