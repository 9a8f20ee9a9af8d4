// Gives each suite its own /24 (10.99.<k>.0/24) and bridge pgl<k>. A claim is a file created
// with O_EXCL, so parallel suites and sessions on one machine never get the same k.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_ROOT, sha256 } from './config.js';
import { addressesInUse } from './net.js';

const ALLOC_DIR = join(STATE_ROOT, 'alloc');

function claimOwner(k: number): string | undefined {
  try { return readFileSync(join(ALLOC_DIR, String(k)), 'utf8').trim(); } catch { return undefined; }
}

/** The k already claimed by `suite`, if any. */
export function claimedBy(suite: string): number | undefined {
  let names: string[] = [];
  try { names = readdirSync(ALLOC_DIR); } catch { return undefined; }
  const k = names.find((n) => /^\d+$/.test(n) && claimOwner(Number(n)) === suite);
  return k === undefined ? undefined : Number(k);
}

/** Claims a free k for `suite`: first the one its name hashes to, then the next free ones. */
export async function claimSubnet(suite: string): Promise<number> {
  mkdirSync(ALLOC_DIR, { recursive: true });
  const inUse = new Set((await addressesInUse()).filter((a) => a.startsWith('10.99.')).map((a) => Number(a.split('.')[2])));
  const start = parseInt(sha256(suite).slice(0, 8), 16) % 254;
  for (let n = 0; n < 254; n++) {
    const k = ((start + n) % 254) + 1;
    if (inUse.has(k)) continue;
    try {
      writeFileSync(join(ALLOC_DIR, String(k)), `${suite}\n`, { flag: 'wx' });
      return k;
    } catch { /* taken: try the next */ }
  }
  throw new Error('lab: no free /24 left in 10.99.0.0/16');
}

export function releaseSubnet(k: number, suite: string): void {
  if (claimOwner(k) === suite) rmSync(join(ALLOC_DIR, String(k)), { force: true });
}

export function allClaims(): Array<{ k: number; suite: string }> {
  let names: string[] = [];
  try { names = readdirSync(ALLOC_DIR); } catch { return []; }
  return names.filter((n) => /^\d+$/.test(n)).map((n) => ({ k: Number(n), suite: claimOwner(Number(n)) ?? '' }));
}
