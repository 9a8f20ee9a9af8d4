// Talking to lab hosts the way a person would: the system ssh client with the suite's key and
// known_hosts, host key checking on. Passwords go through sshpass (from its env, never argv).
import { Socket } from 'node:net';
import { assertLabAddress } from './guard.js';
import { $, $nothrow, type ProcessOutput } from './vendor.js';

export interface SshTarget { address: string; keyPath: string; knownHostsPath: string }
export interface ExecOptions { user?: string; input?: string; timeoutMs?: number; password?: string }
export interface ExecResult { stdout: string; stderr: string; exitCode: number }

export function sshOptions(t: SshTarget): string[] {
  return ['-o', `UserKnownHostsFile=${t.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'ConnectTimeout=60',
    '-o', 'LogLevel=ERROR', '-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=6'];
}

/** Runs `cmd` (one remote shell string) as `user`: by key, or by password when `password` is given. */
export async function sshExec(t: SshTarget, cmd: string, opts: ExecOptions = {}): Promise<ExecResult> {
  assertLabAddress(t.address);
  const user = opts.user ?? 'root';
  const common = [...sshOptions(t), `${user}@${t.address}`, cmd];
  const run = opts.password === undefined
    ? $nothrow({ input: opts.input ?? '', timeout: opts.timeoutMs ?? 120_000 })`ssh -i ${t.keyPath} -o IdentitiesOnly=yes -o BatchMode=yes ${common}`
    : $nothrow({ input: opts.input ?? '', timeout: opts.timeoutMs ?? 120_000, env: { ...process.env, SSHPASS: opts.password } })`sshpass -e ssh -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 ${common}`;
  const out: ProcessOutput = await run;
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode ?? -1 };
}

/** Resolves true once something at address:port greets like an SSH server. */
export function sshBanner(address: string, port = 22, timeoutMs = 2000): Promise<boolean> {
  assertLabAddress(address);
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('error', () => done(false));
    s.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
    s.connect(port, address);
  });
}

export async function keygen(path: string, comment: string): Promise<string> {
  await $`ssh-keygen -q -t ed25519 -N ${''} -C ${comment} -f ${path}`;
  return (await $`cat ${`${path}.pub`}`).stdout.trim();
}
