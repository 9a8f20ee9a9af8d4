// Helpers of the SSH suites: run the pgplay CLI on a playbook text against a lab, and make SSH
// transports for one lab host from the same variables an inventory would give.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSshSpec, SshTransport, SshConnection, type BecomeSpec } from '@pgplay/engine';
import type { Lab } from '../../harness/lab/index.js';
import { ansiblePlaybook } from '../../conformance/playbooks/harness/paths.js';
import { pgplayBin } from '../../harness/cli-path.js';

export const cli = pgplayBin();

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A line with the host's name made `hX` where it stands as a name: not inside base64 text (an
 * armored key a task prints may hold "h1" by chance, which only one side would then rewrite).
 */
export function sameHostName(line: string, host: string): string {
  return line.replace(new RegExp(`(?<![A-Za-z0-9+/])${host}(?![A-Za-z0-9+/])`, 'g'), 'hX');
}

export function workDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `pgplay-${label}-`));
}

/** Starts pgplay on `playbook` (a YAML text) with the lab's inventory; `onStdout` sees output as it comes. */
export function startPgplay(lab: Lab, dir: string, playbook: string, opts: { args?: string[]; env?: Record<string, string>; onStdout?: (all: string, child: ChildProcess) => void } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const file = join(dir, `play-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, playbook);
  const child = spawn(process.execPath, [cli, 'run', file, '-i', lab.inventoryPath, ...(opts.args ?? [])], {
    cwd: dir, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => {
    stdout += b.toString('utf8');
    opts.onStdout?.(stdout, child);
  });
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runPgplay(lab: Lab, dir: string, playbook: string, opts: { args?: string[]; env?: Record<string, string> } = {}): Promise<CliResult> {
  return startPgplay(lab, dir, playbook, opts).done;
}

/** A transport to lab host `name` as `user` (by the suite's key unless a password is given). */
export function transportFor(lab: Lab, name: string, vars: Record<string, unknown> = {}): SshTransport {
  const host = lab.hosts.find((h) => h.name === name)!;
  const all: Record<string, unknown> = {
    ansible_host: host.address, ansible_user: 'root', ansible_ssh_private_key_file: lab.keyPath,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${lab.knownHostsPath} -o StrictHostKeyChecking=yes`, ...vars,
  };
  return new SshTransport(readSshSpec(name, (n) => all[n], {}));
}

export function connectionFor(t: SshTransport, become: BecomeSpec | null = null, signal?: AbortSignal): SshConnection {
  return new SshConnection(t.spec.name, t, become, signal);
}

/** Waits for `cond` (polled), failing after `ms`: tests wait on conditions, never on time alone. */
export async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the pinned ansible-playbook on a playbook text against the lab's inventory, with a clean environment. */
export function runAnsible(lab: Lab, dir: string, text: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  const file = join(dir, `ansible-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, text);
  return new Promise((resolve) => {
    const child = spawn(ansiblePlaybook, ['-i', lab.inventoryPath, file, ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_LOCALHOST_WARNING: '0', ANSIBLE_DEPRECATION_WARNINGS: '0', ANSIBLE_RETRY_FILES_ENABLED: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
