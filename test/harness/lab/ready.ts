// Readiness on real conditions: sshd greets on port 22, then systemd reports the boot finished
// (`is-system-running --wait` returns running or degraded). Generous deadlines, no fixed sleeps.
import { consoleTail, type HostState } from './host.js';
import { sshBanner, sshExec } from './ssh.js';
import { GiveUp, isAlive, waitFor } from './util.js';

export interface ReadyPaths { keyPath: string; knownHostsPath: string }

type Target = { address: string; keyPath: string; knownHostsPath: string };

/**
 * Under load a boot-time oneshot (systemd-user-sessions, utmp) now and then fails and leaves the
 * host degraded: with user sessions not permitted, password logins are refused. Each failed unit
 * is logged with its journal and started once more; the host is ready only when the system then
 * reports `running`, so a unit that fails again still fails the start.
 */
async function retryFailedUnits(h: HostState, t: Target, log: (l: string) => void, deadlineMs: number): Promise<void> {
  const failed = (await sshExec(t, 'systemctl --failed --no-legend --plain')).stdout.trim();
  const units = failed.split('\n').map((l) => l.split(/\s+/)[0]!).filter((u) => /^[\w@.:-]+\.(service|socket|mount|target)$/.test(u));
  for (const u of units) {
    const journal = (await sshExec(t, `journalctl -b -u ${u} --no-pager -n 20`)).stdout.trim();
    log(`lab: ${h.name} is degraded: ${u} failed; starting it once more. Its journal:\n${journal}`);
    await sshExec(t, `systemctl reset-failed ${u} && systemctl start ${u}`, { timeoutMs: deadlineMs });
  }
  const again = (await sshExec(t, 'systemctl is-system-running --wait', { timeoutMs: deadlineMs })).stdout.trim();
  if (again !== 'running') throw new Error(`still ${again} after starting the failed units again: ${(await sshExec(t, 'systemctl --failed --no-legend --plain')).stdout.trim()}`);
}

export async function waitReady(h: HostState, p: ReadyPaths, log: (l: string) => void, deadlineMs = 120_000): Promise<void> {
  const t = { address: h.address, keyPath: p.keyPath, knownHostsPath: p.knownHostsPath };
  try {
    await waitFor(`sshd on ${h.name} (${h.address})`, deadlineMs, async () => {
      if (h.nspawnPid && !isAlive(h.nspawnPid)) throw new GiveUp('the container exited');
      return sshBanner(h.address);
    }, 100);
    const r = await sshExec(t, 'systemctl is-system-running --wait', { timeoutMs: deadlineMs });
    const state = r.stdout.trim();
    if (state !== 'running' && state !== 'degraded') throw new Error(`systemctl is-system-running: ${JSON.stringify(state)} ${r.stderr.trim()}`);
    if (state === 'degraded') await retryFailedUnits(h, t, log, deadlineMs);
  } catch (e) {
    throw new Error(`lab: ${h.name} did not become ready: ${(e as Error).message}\n--- console.log tail ---\n${consoleTail(h)}`);
  }
}
