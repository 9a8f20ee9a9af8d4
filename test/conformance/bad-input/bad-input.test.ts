/**
 * Broken playbooks, inventories and variable files: pgplay must print a coded diagnostic
 * (`ERROR [code] file:line:col: message`) on stderr and exit 4 before any task runs. Every
 * case's first task writes a sentinel file; the test proves it was never written. The oracle
 * runs the same input and must exit as recorded in expect.yaml (ansible_exit/ansible_phase).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makePool } from '../playbooks/harness/pool.js';
import { ansiblePlaybook, badInputDir, oracleConfig, pgplayCli, requireOracle, venvPython } from '../playbooks/harness/paths.js';
import { makeSandbox, removeSandbox, sandboxEnv } from '../playbooks/harness/sandbox.js';
import { run, type ProcResult } from '../playbooks/harness/spawn.js';
import { readYamlFiles } from '../playbooks/harness/yaml-meta.js';

interface Expect {
  code: string;
  /** Relative to the case dir; null for command-line problems (no file to point at). */
  file: string | null;
  line: number | null;
  column: number | null;
  message_contains: string | null;
  exit: number;
  args?: string[];
  inventory?: string;
  ansible_exit: number;
  ansible_phase: 'load' | 'runtime' | 'accepts';
}

const DIAG = /^ERROR \[([a-z-]+)\] (.*?):(\d+):(\d+): (.*)$/;

interface Side {
  proc: ProcResult;
  sentinel: boolean;
}

async function runSide(which: 'pgplay' | 'ansible', name: string, e: Expect): Promise<Side> {
  const p = makeSandbox(join(badInputDir, name), `bad-${name}-${which}`);
  const common = ['-i', e.inventory ?? 'inventory.ini', '-e', `work_dir=${p.work}`, ...(e.args ?? [])];
  const proc =
    which === 'pgplay'
      ? await run(process.execPath, [pgplayCli, 'run', 'playbook.yml', ...common], { cwd: p.caseDir, env: sandboxEnv(p) })
      : await run(ansiblePlaybook, [...common, 'playbook.yml'], {
          cwd: p.caseDir,
          env: sandboxEnv(p, { ANSIBLE_CONFIG: oracleConfig, ANSIBLE_PYTHON_INTERPRETER: venvPython, PGPLAY_ORACLE_EVENTS: join(p.root, 'events.jsonl') }),
        });
  const sentinel = existsSync(join(p.work, 'sentinel'));
  // stderr names the sandbox's case dir; make file paths relative to it for the comparison.
  proc.stderr = proc.stderr.split(`${p.caseDir}/`).join('');
  removeSandbox(p);
  return { proc, sentinel };
}

function checkPgplay(e: Expect, s: Side): string[] {
  const problems: string[] = [];
  if (s.sentinel) problems.push('the sentinel task ran: pgplay touched the host before rejecting the input');
  if (s.proc.exitCode !== e.exit) problems.push(`exit code ${s.proc.exitCode}, expected ${e.exit}`);
  const diags = s.proc.stderr.split('\n').map((l) => DIAG.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const want = `${e.code} ${e.file ?? '*'}:${e.line ?? '*'}:${e.column ?? '*'}${e.message_contains ? ` "…${e.message_contains}…"` : ''}`;
  const hit = diags.find(
    (m) =>
      m[1] === e.code &&
      (e.file === null || m[2] === e.file) &&
      (e.line === null || Number(m[3]) === e.line) &&
      (e.column === null || Number(m[4]) === e.column) &&
      (!e.message_contains || m[5]!.toLowerCase().includes(e.message_contains.toLowerCase())),
  );
  if (!hit) {
    const got = diags.map((m) => `${m[1]} ${m[2]}:${m[3]}:${m[4]} ${m[5]}`);
    const raw = s.proc.stderr.trim().split('\n').slice(0, 4).join(' | ');
    problems.push(`no diagnostic ${want}; got ${got.length ? got.join(' ; ') : `no ERROR [code] lines (stderr: ${raw || 'empty'})`}`);
  }
  return problems;
}

function checkAnsible(e: Expect, s: Side): string[] {
  const problems: string[] = [];
  if (s.proc.exitCode !== e.ansible_exit) problems.push(`ansible-playbook exited ${s.proc.exitCode}, expect.yaml records ${e.ansible_exit}`);
  if (e.ansible_phase === 'load' && s.sentinel) problems.push('ansible-playbook ran the sentinel task, but expect.yaml says it rejects at load time');
  if (e.ansible_phase === 'runtime' && !s.sentinel && e.ansible_exit !== 1) problems.push('expect.yaml says ansible finds this at run time, but the sentinel never ran');
  return problems;
}

describe('conformance: bad input is rejected before any task runs', function () {
  const names = readdirSync(badInputDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  // PGPLAY_BAD_CASES=a,b runs only these cases (the count check still sees them all).
  const only = process.env['PGPLAY_BAD_CASES']?.split(',');
  const selected = names.filter((n) => !only || only.includes(n));
  let expects = new Map<string, unknown>();
  const pool = makePool(Number(process.env['PGPLAY_DIFF_JOBS'] ?? 3));
  const pending = new Map<string, Promise<[Side, Side]>>();

  it('has at least 60 cases', function () {
    assert.ok(names.length >= 60, `only ${names.length}`);
  });

  before(function () {
    requireOracle(); // a missing oracle fails this hook, never a skip
    expects = readYamlFiles(selected.map((n) => join(badInputDir, n, 'expect.yaml')));
    for (const n of selected) {
      const e = expects.get(join(badInputDir, n, 'expect.yaml')) as Expect;
      const p = pool(() => Promise.all([runSide('pgplay', n, e), runSide('ansible', n, e)]));
      p.catch(() => undefined);
      pending.set(n, p);
    }
  });

  for (const n of selected) {
    it(n, async function () {
      this.timeout(400_000);
      const e = expects.get(join(badInputDir, n, 'expect.yaml')) as Expect;
      const [pg, an] = await pending.get(n)!;
      const problems = [...checkPgplay(e, pg), ...checkAnsible(e, an)];
      assert.ok(problems.length === 0, `${problems.join('\n  ')}`);
    });
  }
});
