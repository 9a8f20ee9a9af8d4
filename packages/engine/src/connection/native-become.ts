/**
 * The resident Python file probe (native-coprocess.ts) under sudo: the server started as
 * `sudo … /bin/sh -c 'echo <marker> ; exec python3 …'` and the become conversation held on its
 * channel (becomeShell, as for the resident sudo shell: the password answered once at the prompt,
 * never shown), so its answers are the become user's view (uid, gid, umask, `id`'s line) exactly
 * as the sh probe in the resident sudo shell prints them.
 *
 * The callers start it only after a command went through the same conversation (the transport's
 * `verified` rule): a wrong password is then never tried more often than ansible would try it.
 * `su` is not started this way (its probes keep the sh path, as its commands keep channels).
 */
import type { Channel } from './channel.js';
import { buildBecome, becomeKey, type BecomeCommand, type BecomeSpec } from './become.js';
import type { ShellCommand } from './sh.js';
import { becomeShell } from './resident-shell.js';

/** How a connection starts its server under sudo. */
export interface NativeBecome {
  /** Tells apart servers under different become settings (become.ts becomeKey). */
  key: string;
  /** The server's start command wrapped by the become method. */
  command: (inner: ShellCommand) => BecomeCommand;
  promptTimeoutMs: number;
}

/** The server's start under a task's become: sudo only (under su the probes keep the sh path: undefined). */
export function nativeBecome(spec: BecomeSpec, promptTimeoutMs: number): NativeBecome | undefined {
  if (spec.method !== 'sudo') return undefined;
  return { key: becomeKey(spec), command: (inner) => buildBecome(inner, spec), promptTimeoutMs };
}

/**
 * The channel to hand to NativeCoprocess once the conversation went through, or null (a wrong
 * password, requiretty, a timeout: the channel is ended and the probes keep the sh path).
 * Only what the server wrote after the success marker reaches the co-process: a prompt, sudo's
 * lecture or a login script's output is never read as its ready line or an answer.
 */
export async function becomeNativeChannel(ch: Channel, b: BecomeCommand, promptTimeoutMs: number): Promise<Channel | null> {
  let phase: 'talk' | 'held' | 'open' = 'talk';
  let seen: Buffer = Buffer.alloc(0);
  let out: ((d: Buffer) => void) | undefined;
  let err: ((d: Buffer) => void) | undefined;
  // One listener each on the real channel for its whole life (a local process's streams add
  // listeners rather than replace them): the conversation's first, then the co-process's.
  ch.onStdout((d) => {
    if (phase !== 'open') seen = seen.length ? Buffer.concat([seen, d]) : d;
    if (phase !== 'held') out?.(d);
  });
  ch.onStderr((d) => err?.(d));
  const talk: Channel = { ...ch, onStdout: (cb) => void (out = cb), onStderr: (cb) => void (err = cb) };
  if (!(await becomeShell(talk, b, promptTimeoutMs))) return null;
  // becomeShell took the marker from a line's end (perhaps before its newline came): what follows it is the server's.
  phase = 'held';
  out = undefined;
  err = undefined;
  const at = seen.indexOf(b.success);
  seen = at < 0 ? Buffer.alloc(0) : seen.subarray(at + b.success.length);
  return {
    ...ch,
    onStdout: (cb) => {
      out = cb;
      phase = 'open';
      const rest = seen;
      seen = Buffer.alloc(0);
      if (rest.length) cb(rest);
    },
    onStderr: (cb) => void (err = cb),
  };
}
