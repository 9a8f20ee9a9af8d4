// Small process, polling and filesystem helpers the lab shares.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { $nothrow } from './vendor.js';

/** True while `pid` runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch { return false; }
}

/**
 * True while `pid` runs and its argv contains `marker`. A pid in a state file may be stale (the
 * machine rebooted, the pid was reused), so the lab signals only processes that show they are its own.
 */
export function runningAs(pid: number | undefined, marker: string): pid is number {
  if (!pid || !isAlive(pid)) return false;
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker); } catch { return false; }
}

/** Thrown inside a waitFor check to stop polling at once (the condition can no longer come true). */
export class GiveUp extends Error {}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false> | T | undefined | false, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`lab: timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Mount points at or below `dir`, deepest first (so they can be unmounted in order). */
export function mountsUnder(dir: string): string[] {
  const base = dir.replace(/\/+$/, '');
  const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => p === base || p.startsWith(`${base}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

export async function unmountAllUnder(dir: string): Promise<void> {
  for (const p of mountsUnder(dir)) {
    const r = await $nothrow`umount ${p}`;
    // A mount still busy (a dying container) is detached lazily rather than left behind.
    if (r.exitCode !== 0) await $nothrow`umount -l ${p}`;
  }
}

/** Removes a directory tree only after everything mounted inside it is gone, never crossing a mount. */
export async function safeRemove(dir: string): Promise<void> {
  await unmountAllUnder(dir);
  if (mountsUnder(dir).length > 0) throw new Error(`lab: ${dir} still has mounts; not removing it`);
  await $nothrow`rm -rf --one-file-system ${dir}`;
}

/** An exclusive lock directory holding the owner's pid; a lock whose owner died is taken over. */
export async function withLock<T>(lockDir: string, timeoutMs: number, body: () => Promise<T>): Promise<T> {
  await waitFor(`lock ${lockDir}`, timeoutMs, () => {
    try {
      mkdirSync(lockDir);
      writeFileSync(`${lockDir}/pid`, String(process.pid));
      return true;
    } catch {
      let owner = NaN;
      try { owner = Number(readFileSync(`${lockDir}/pid`, 'utf8')); } catch { /* being created or removed */ }
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      return false;
    }
  }, 250);
  try { return await body(); } finally { rmSync(lockDir, { recursive: true, force: true }); }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
