/**
 * Where the connection keeper's socket is: `<controlDir>/pgplay-<hash>.sock`, the hash an HMAC
 * (keyed by a random secret kept in the directory) of what must match for a run to use a keeper:
 * the network guard's setting (the keeper checks addresses with the guard it was started with)
 * and pgplay's build. The directory must be the user's own and closed to others (as OpenSSH
 * demands of a ControlPath's): whoever can open the socket can run commands on the hosts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';

function secret(dir: string): Buffer {
  const file = join(dir, '.secret');
  try {
    return readFileSync(file);
  } catch {
    // Made once, beside, and linked into place: two runs starting together agree on one secret.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, randomBytes(32), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch {
      // The other run's link won.
    }
    unlinkSync(tmp);
    return readFileSync(file);
  }
}

/** The control directory, made 0700 when missing; refused when others could reach into it. */
export function controlDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  const uid = process.getuid?.();
  // Not an unreachable host: the run goes on with connections of its own (kept-transport.ts).
  if (uid !== undefined && st.uid !== uid) throw new Error(`the control path directory ${dir} belongs to another user: pgplay keeps no connection there`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

/**
 * The keeper's socket: one keeper per user, control directory, network guard setting and build of
 * pgplay (`build` tells builds apart: a keeper left by another build may speak another protocol).
 */
export function socketPath(dirName: string, build: string): string {
  const dir = controlDir(dirName);
  const what = JSON.stringify([process.env['PGPLAY_ALLOWED_NETS'] ?? null, build]);
  const hash = createHmac('sha256', secret(dir)).update(what).digest('hex').slice(0, 24);
  return join(dir, `pgplay-${hash}.sock`);
}

/** A connection to the keeper listening at `path`, or null when none listens there (missing or stale socket). */
export function dial(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', () => resolve(null));
  });
}
