// Runs the package proxy as a detached process on the suite's gateway, so it outlives
// `scripts/lab up` and serves the hosts until `down`.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, PROXY_PORT } from './config.js';
import { assertLabAddress } from './guard.js';
import { GiveUp, isAlive, runningAs, waitFor } from './util.js';

function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => { s.destroy(); resolve(false); });
    s.connect(port, address);
  });
}

export async function spawnProxy(gateway: string, suiteDir: string): Promise<number> {
  assertLabAddress(gateway);
  const main = proxyMain();
  const log = openSync(join(suiteDir, 'proxy.log'), 'a');
  const child = spawn(process.execPath, [main, gateway, String(PROXY_PORT), CACHE_DIR], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error('lab: could not start the package proxy');
  await waitFor(`the package proxy on ${gateway}:${PROXY_PORT}`, 15_000, async () => {
    if (!isAlive(pid)) throw new GiveUp(`proxy exited; see ${join(suiteDir, 'proxy.log')}`);
    return listening(gateway, PROXY_PORT);
  });
  return pid;
}

export const proxyMain = () => fileURLToPath(new URL('./proxy-main.js', import.meta.url));

/** Stops a process the lab started, identified by `marker` in its argv (a stale pid is left alone). */
export async function stopProcess(pid: number | undefined, marker: string, deadlineMs = 5000): Promise<void> {
  if (!runningAs(pid, marker)) return;
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  try { await waitFor(`pid ${pid} to exit`, deadlineMs, () => !isAlive(pid), 50); } catch {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
