/** Runs one case on each side in its own sandbox and returns what the comparison needs. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseSpec } from './cases.js';
import { parseJsonLines } from './json-lines.js';
import { normaliseText, normaliseValue, pathReplacer, secretMasker, type SandboxPaths } from './normalise.js';
import { ansiblePlaybook, oracleConfig, pgplayCli, requireOracle, venvPython } from './paths.js';
import { expandArgs, makeSandbox, sandboxEnv } from './sandbox.js';
import { run, type ProcResult } from './spawn.js';
import { snapshot } from './end-state.js';

export interface SideRun {
  side: string;
  paths: SandboxPaths;
  argv: string[];
  proc: ProcResult;
  /** Normalised events (with playbook-end appended for ansible, whose callbacks never see rc). */
  events?: Record<string, unknown>[];
  /** Lines of stdout that were not JSON in a `--output json` run. */
  garbage?: string[];
  text?: string[];
  /** The case's secrets found in this side's raw stdout or stderr (pgplay must have none). */
  leaks?: string[];
  /** The work dir's files after the run (end-state.ts). */
  state: string[];
}

/** The case's own environment variables, sandbox paths expanded. */
function caseEnv(c: CaseSpec, p: SandboxPaths): Record<string, string> {
  return Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, expandArgs([v], p)[0]!]));
}

function commonArgs(c: CaseSpec, p: SandboxPaths): string[] {
  return [...c.inventories.flatMap((i) => ['-i', i]), '-e', `work_dir=${p.work}`, ...expandArgs(c.args, p)];
}

export async function runAnsible(c: CaseSpec): Promise<SideRun> {
  requireOracle();
  const p = makeSandbox(c.dir, `${c.name}-ansible`);
  const eventsFile = join(p.root, 'ansible-events.jsonl');
  const env = sandboxEnv(p, {
    ...caseEnv(c, p),
    ANSIBLE_CONFIG: oracleConfig,
    ANSIBLE_PYTHON_INTERPRETER: venvPython,
    PGPLAY_ORACLE_EVENTS: eventsFile,
    ...caseEnv(c, p),
  });
  const argv = [...commonArgs(c, p), 'playbook.yml'];
  const proc = await run(ansiblePlaybook, argv, { cwd: p.caseDir, env });
  const paths = secretMasker(pathReplacer(p), c.secrets);
  const raw = existsSync(eventsFile) ? parseJsonLines(readFileSync(eventsFile, 'utf-8')).values : [];
  const volatile = new Set(c.volatileKeys);
  const events = raw.map((e) => normaliseValue(e, paths, volatile) as Record<string, unknown>);
  events.push({ kind: 'playbook-end', exitCode: proc.exitCode });
  return { side: 'ansible', paths: p, argv: [ansiblePlaybook, ...argv], proc, events, text: normaliseText(proc.stdout, paths, volatile), state: snapshot(p.work, p) };
}

/** `mode` json: `--output json` events; text: the default-callback text. Separate sandboxes,
 * because a case that changes files must start both runs from the same state. */
export async function runPgplay(c: CaseSpec, mode: 'json' | 'text'): Promise<SideRun> {
  // Self-test of the corpus and the normalisation: PGPLAY_DIFF_AGAINST=ansible compares
  // ansible-playbook with itself, so every case must pass (proves the cases are deterministic).
  if (process.env['PGPLAY_DIFF_AGAINST'] === 'ansible') return { ...(await runAnsible(c)), side: `ansible-as-pgplay-${mode}` };
  const p = makeSandbox(c.dir, `${c.name}-pgplay-${mode}`);
  const argv = [pgplayCli, 'run', 'playbook.yml', ...commonArgs(c, p), ...(mode === 'json' ? ['--output', 'json'] : [])];
  const proc = await run(process.execPath, argv, { cwd: p.caseDir, env: sandboxEnv(p, caseEnv(c, p)) });
  const paths = pathReplacer(p);
  const side = `pgplay-${mode}`;
  const leaks = c.secrets.filter((s) => proc.stdout.includes(s) || proc.stderr.includes(s));
  const volatile = new Set(c.volatileKeys);
  const state = snapshot(p.work, p);
  if (mode === 'text') return { side, paths: p, argv: [process.execPath, ...argv], proc, leaks, text: normaliseText(proc.stdout, paths, volatile), state };
  const parsed = parseJsonLines(proc.stdout);
  const events = parsed.values.map((e) => normaliseValue(e, paths, volatile) as Record<string, unknown>);
  return { side, paths: p, argv: [process.execPath, ...argv], proc, leaks, events, garbage: parsed.garbage, state };
}
