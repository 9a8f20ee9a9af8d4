/**
 * Runs one AWS playbook against a moto server, through ansible-playbook (the pinned amazon.aws
 * collection with boto3, from .venv) or through pgplay's CLI, and returns the per-task results.
 * Both sides get the same environment: the conformance sandbox's (nothing from the user) plus the
 * emulator's (fake credentials, temporary AWS files, metadata disabled, AWS_ENDPOINT_URL).
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonLines } from '../../conformance/playbooks/harness/json-lines.js';
import { ansiblePlaybook, oracleConfig, pgplayCli, requireOracle, venvPython } from '../../conformance/playbooks/harness/paths.js';
import { sandboxEnv } from '../../conformance/playbooks/harness/sandbox.js';
import { run, type ProcResult } from '../../conformance/playbooks/harness/spawn.js';
import type { Moto } from '../../harness/moto/moto.js';

export type Side = 'ansible' | 'pgplay';

export interface TaskRun {
  task: string;
  status: string;
  result: Record<string, unknown>;
}

export interface PlaybookRun {
  side: Side;
  exitCode: number;
  tasks: TaskRun[];
  proc: ProcResult;
}

/** Writes `playbook` (YAML text) and `files` into a fresh directory and runs it on `side`. */
export interface RunAwsOptions {
  args?: string[];
  files?: Record<string, string>;
  /** Run this checked-in playbook (absolute path) with this inventory instead of `playbook` text. */
  checkedIn?: { playbook: string; inventory: string };
  /** How long one run may take (default 300 s: ansible-playbook with boto3 is slow on a busy machine). */
  timeoutMs?: number;
}

export async function runAws(side: Side, moto: Moto, playbook: string, opts: RunAwsOptions = {}): Promise<PlaybookRun> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `pgplay-aws-${side}-`)));
  const home = join(root, 'home');
  mkdirSync(join(home, 'tmp'), { recursive: true });
  if (!opts.checkedIn) {
    writeFileSync(join(root, 'playbook.yml'), playbook);
    writeFileSync(join(root, 'inventory.ini'), 'localhost ansible_connection=local\n');
  }
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(root, name), text);
  const paths = { root, caseDir: root, work: root, home };
  const args = opts.checkedIn
    ? ['-i', opts.checkedIn.inventory, ...(opts.args ?? []), opts.checkedIn.playbook]
    : ['-i', 'inventory.ini', ...(opts.args ?? []), 'playbook.yml'];
  if (side === 'ansible') {
    requireOracle();
    const events = join(root, 'events.jsonl');
    const env = sandboxEnv(paths, { ...moto.env, ANSIBLE_CONFIG: oracleConfig, ANSIBLE_PYTHON_INTERPRETER: venvPython, PGPLAY_ORACLE_EVENTS: events });
    const proc = await run(ansiblePlaybook, args, { cwd: root, env, timeoutMs: opts.timeoutMs ?? 300_000 });
    const raw = existsSync(events) ? parseJsonLines(readFileSync(events, 'utf8')).values : [];
    return { side, exitCode: proc.exitCode, tasks: hostResults(raw), proc };
  }
  const proc = await run(process.execPath, [pgplayCli, 'run', ...args, '--output', 'json'], { cwd: root, env: sandboxEnv(paths, moto.env), timeoutMs: opts.timeoutMs ?? 300_000 });
  const parsed = parseJsonLines(proc.stdout);
  if (parsed.garbage.length) throw new Error(`pgplay printed non-JSON lines:\n${parsed.garbage.join('\n')}\n${proc.stderr}`);
  return { side, exitCode: proc.exitCode, tasks: hostResults(parsed.values), proc };
}

function hostResults(events: unknown[]): TaskRun[] {
  return events
    .map((e) => e as { kind?: string; task?: { name?: string }; status?: string; result?: Record<string, unknown> })
    .filter((e) => e.kind === 'host-result')
    .map((e) => ({ task: e.task?.name ?? '', status: e.status ?? '', result: e.result ?? {} }));
}

/** A failed run's story, for assertion messages. */
export function explain(r: PlaybookRun): string {
  return `${r.side} exit ${r.exitCode}\n--- stdout\n${r.proc.stdout.slice(-6000)}\n--- stderr\n${r.proc.stderr.slice(-3000)}`;
}
