// Readiness on real conditions: sshd greets on port 22, then systemd reports the boot finished
// (`is-system-running --wait` returns running or degraded). Generous deadlines, no fixed sleeps.
import { consoleTail, type HostState } from './host.js';
import { sshBanner, sshExec } from './ssh.js';
import { GiveUp, isAlive, waitFor } from './util.js';

export interface ReadyPaths { keyPath: string; knownHostsPath: string }

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
    if (state === 'degraded') {
      const failed = await sshExec(t, 'systemctl --failed --no-legend --plain');
      log(`lab: ${h.name} is degraded; failed units: ${failed.stdout.trim()}`);
    }
  } catch (e) {
    throw new Error(`lab: ${h.name} did not become ready: ${(e as Error).message}\n--- console.log tail ---\n${consoleTail(h)}`);
  }
}
