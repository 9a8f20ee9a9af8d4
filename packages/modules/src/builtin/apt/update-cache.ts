// apt's cache update with ansible's retries (exponential backoff plus a random fraction, capped),
// waiting for apt's lock up to lock_timeout meanwhile; shared by apt and apt_repository.
import { ModuleFailure, type ModuleContext } from '@pgplay/engine/module-api';
import { APT_GET, run } from './commands.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LOCKED = /Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock/;

/** cache.update() with ansible's retries (exponential backoff, capped) and lock_timeout's wait for apt's lock. */
export async function updateCache(ctx: ModuleContext, o: { retries: number; maxDelay: number; lockTimeout: number; args?: string[] }): Promise<void> {
  const deadline = Date.now() + o.lockTimeout * 1000;
  const { retries, maxDelay } = o;
  const randomize = Math.floor(Math.random() * 1001) / 1000;
  let err = '';
  for (let retry = 0; retry < retries; retry++) {
    const r = await run(ctx, [APT_GET, 'update', ...(o.args ?? [])]);
    if (r.rc === 0) return;
    err = r.stderr.trim();
    if (LOCKED.test(err) && Date.now() < deadline) { retry--; await wait(1000); continue; }
    let delay = 2 ** retry + randomize;
    if (delay > maxDelay) delay = maxDelay + randomize;
    await wait(delay * 1000);
  }
  if (LOCKED.test(err)) throw new ModuleFailure(`Failed to lock apt for exclusive operation: ${err}`);
  throw new ModuleFailure(`Failed to update apt cache: ${err || 'unknown reason'}`);
}

