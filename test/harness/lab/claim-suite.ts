// Claims a suite's state directory for this process. Two processes (two sessions, or a test run
// beside a person's `scripts/lab up`) asking for the same suite name must not share or tear down
// each other's hosts: a name held by a live process, or by a detached CLI suite, makes the caller
// take NAME-2, NAME-3, … instead. A name whose owner died is a leftover and is removed first.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadState, suiteDir, suitesDir } from './state.js';
import { teardownSuite } from './teardown.js';
import { isAlive, safeRemove } from './util.js';

const OWNER = 'owner.pid';
/** A directory this young without an owner file is still being created by someone. */
const CREATING_MS = 60_000;

function owner(dir: string): number | undefined {
  try { return Number(readFileSync(join(dir, OWNER), 'utf8')); } catch { return undefined; }
}

/** The pid of a live process (not this one) that owns the suite directory, if any. */
export function liveOwner(dir: string): number | undefined {
  const pid = owner(dir);
  return pid && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/** Marks the suite as detached (owner 0): it stays up after this process exits. */
export function markDetached(dir: string): void {
  writeFileSync(join(dir, OWNER), '0');
}

function inUse(dir: string, replaceDetached: boolean): boolean {
  const pid = owner(dir);
  if (pid === undefined) {
    try { return Date.now() - statSync(dir).mtimeMs < CREATING_MS; } catch { return false; }
  }
  if (pid === 0) return !replaceDetached;
  return pid === process.pid || isAlive(pid);
}

export async function claimSuite(base: string, replaceDetached: boolean, log: (l: string) => void): Promise<string> {
  mkdirSync(suitesDir(), { recursive: true });
  for (let n = 1; n <= 50; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    const dir = suiteDir(name);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        mkdirSync(dir);
        writeFileSync(join(dir, OWNER), String(process.pid));
        return name;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (inUse(dir, replaceDetached)) break;
      log(`lab: removing leftovers of suite ${name}`);
      const old = loadState(name);
      if (old) await teardownSuite(old, log); else await safeRemove(dir);
    }
  }
  throw new Error(`lab: suite names ${base}, ${base}-2 … ${base}-50 are all in use`);
}
