// One lab host: an overlay on the template, given its own identity, booted by systemd-nspawn
// as PID 1 inside its network namespace. Flags as proven in test-hosts.md: --register=no and
// --keep-unit because this machine runs no systemd/machined; --private-network for net caps.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PROXY_PORT } from './config.js';
import { assertLabAddress } from './guard.js';
import { keygen } from './ssh.js';
import { isAlive, runningAs, waitFor } from './util.js';
import { $, $nothrow } from './vendor.js';

export interface HostState {
  name: string;
  index: number;
  address: string;
  dir: string;
  netnsPath: string;
  machine: string;
  hostKey: string;
  nspawnPid?: number;
}

export interface Identity { gateway: string; clientPubKey: string; passwords: Record<string, string>; etcHosts: string }

const rootOf = (h: HostState) => join(h.dir, 'root');

function put(root: string, path: string, text: string, mode = 0o644): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text, { mode });
}

/** Mounts the host's overlay and writes what makes it a distinct machine; returns its host public key. */
export async function prepareHost(h: HostState, template: string, id: Identity): Promise<string> {
  assertLabAddress(h.address);
  for (const d of ['upper', 'work', 'root']) mkdirSync(join(h.dir, d), { recursive: true });
  const root = rootOf(h);
  await $`mount -t overlay overlay -o ${`lowerdir=${template},upperdir=${join(h.dir, 'upper')},workdir=${join(h.dir, 'work')}`} ${root}`;
  put(root, 'etc/hostname', `${h.name}\n`);
  put(root, 'etc/hosts', `127.0.0.1 localhost\n127.0.1.1 ${h.name}\n${id.etcHosts}`);
  put(root, 'etc/machine-id', `${randomBytes(16).toString('hex')}\n`, 0o444);
  put(root, 'etc/apt/apt.conf.d/01pgplay-lab-proxy', `Acquire::http::Proxy "http://${id.gateway}:${PROXY_PORT}/";\n`);
  const hostKey = await keygen(join(root, 'etc/ssh/ssh_host_ed25519_key'), `root@${h.name}`);
  for (const [user, home] of [['root', 'root'], ['sudoer', 'home/sudoer'], ['sudopw', 'home/sudopw']] as const) {
    put(root, `${home}/.ssh/authorized_keys`, `${id.clientPubKey}\n`, 0o600);
    await $`chroot ${root} chown -R ${`${user}:`} ${`/${home}/.ssh`}`;
    await $`chmod 700 ${join(root, home, '.ssh')}`;
  }
  const lines = Object.entries(id.passwords).map(([u, p]) => `${u}:${p}`).join('\n');
  await $({ input: `${lines}\n` })`chroot ${root} chpasswd`;
  return hostKey;
}

/** Boots the host's systemd in the background; nspawn outlives this process (its own session). */
export function bootHost(h: HostState): number {
  const log = openSync(join(h.dir, 'console.log'), 'a');
  const child = spawn('systemd-nspawn', ['--quiet', '--register=no', '--keep-unit', '--boot', `--machine=${h.machine}`,
    `--hostname=${h.name}`, `--directory=${rootOf(h)}`, `--network-namespace-path=${h.netnsPath}`, '--private-network',
    '--console=pipe', '--link-journal=no', '--resolv-conf=off', '--timezone=off'],
  { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new Error(`lab: could not start systemd-nspawn for ${h.name}`);
  writeFileSync(join(h.dir, 'nspawn.pid'), String(child.pid));
  return child.pid;
}

/** The last lines nspawn and the container printed (for error messages). */
export function consoleTail(h: HostState, lines = 15): string {
  try { return readFileSync(join(h.dir, 'console.log'), 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/** The container's PID 1 (nspawn's child) as seen from this machine. */
export function containerInit(nspawnPid: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${nspawnPid}/task/${nspawnPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : undefined;
  } catch { return undefined; }
}

function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid && isAlive(pid)) { try { process.kill(pid, sig); } catch { /* already gone */ } }
}

/** The nspawn process of this host, if it runs (checked by its argv, not just the recorded pid). */
export function nspawnOf(h: HostState): number | undefined {
  return runningAs(h.nspawnPid, `--directory=${rootOf(h)}`) ? h.nspawnPid : undefined;
}

/** Crash: SIGKILL to the container's PID 1 ends every process in it at once, like pulling the plug. */
export async function killHost(h: HostState): Promise<void> {
  const pid = nspawnOf(h);
  if (!pid) return;
  signal(containerInit(pid), 'SIGKILL');
  try { await waitFor(`nspawn ${pid} to exit`, 10_000, () => !isAlive(pid)); } catch { signal(pid, 'SIGKILL'); }
  await waitFor(`nspawn ${pid} to exit`, 10_000, () => !isAlive(pid));
}

/** Appends the container's pending systemd jobs to console.log: what a halt that timed out waits for. */
async function noteStuckJobs(h: HostState, nspawnPid: number): Promise<void> {
  const init = containerInit(nspawnPid);
  if (!init) return;
  const jobs = await $nothrow({ timeout: 5000 })`nsenter --target ${init} --mount --pid systemctl list-jobs --no-pager`;
  appendFileSync(join(h.dir, 'console.log'), `pgplay lab: still running at the power-off deadline:\n${jobs.stdout}${jobs.stderr}`);
}

/** Clean power-off (nspawn asks systemd to halt on SIGTERM); a crash kill after `deadlineMs`. False if it had to kill. */
export async function stopHost(h: HostState, deadlineMs = 30_000): Promise<boolean> {
  const pid = nspawnOf(h);
  if (!pid) return true;
  const deadline = Date.now() + deadlineMs;
  const gone = (ms: number) => waitFor(`${h.name} to power off`, Math.max(0, ms), () => !isAlive(pid), 50).then(() => true, () => false);
  signal(pid, 'SIGTERM');
  if (await gone(Math.min(5000, deadlineMs))) return true;
  // Seen under load: nspawn said "Trying to halt container" yet systemd had no halt job queued.
  // Ask systemd itself (a second SIGTERM to nspawn would kill instead).
  const init = containerInit(pid);
  if (init) await $nothrow({ timeout: 5000 })`nsenter --target ${init} --mount --pid systemctl poweroff --no-block`;
  if (await gone(deadline - Date.now())) return true;
  await noteStuckJobs(h, pid);
  await killHost(h);
  return false;
}
