/**
 * The resident Python file probe (native-coprocess.ts) on the local connection: one server per
 * environment (PATH decides which python3, if any), shared by every task of the run. The process
 * keeps Node's event loop alive only while a request is out, so a run ends as it did without it
 * (the server then reads end of input and exits).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { NativeCoprocess, nativeStartCommand, newNativeToken } from './native-coprocess.js';
import type { Channel } from './channel.js';
import { verbatim } from './sh.js';
import { becomeNativeChannel, type NativeBecome } from './native-become.js';

const servers = new Map<string, { proc?: NativeCoprocess; starting?: Promise<void>; unavailable: boolean; starts: number }>();
/** Environments and become keys under which a command went through the become conversation. */
const becomeWorks = new Set<string>();

/** A command under this become (and environment) went through the conversation. */
export function noteLocalBecomeWorks(env: Record<string, string>, becomeKey: string): void {
  becomeWorks.add(JSON.stringify([env, becomeKey]));
}

/** The answer, or null (python3 missing, busy, declined): the caller runs the sh probe. */
export async function localNative(env: Record<string, string>, op: string, body: Record<string, unknown>, become?: NativeBecome): Promise<string | null> {
  const key = become ? JSON.stringify([env, become.key]) : JSON.stringify(env);
  // Under become only after a command went through the conversation: a wrong password is then
  // never tried more often than ansible would try it.
  if (become && !becomeWorks.has(key)) return null;
  let e = servers.get(key);
  if (!e) servers.set(key, (e = { unavailable: false, starts: 0 }));
  // Locally a start costs no round trip: the first request waits for it rather than going the sh way.
  if (!e.proc?.alive && !e.unavailable && e.starts < 3) e.starting ??= start(e, env, become).finally(() => (e.starting = undefined));
  await e.starting;
  return e.proc?.alive ? e.proc.request(op, body) : null;
}

async function start(e: { proc?: NativeCoprocess; unavailable: boolean; starts: number }, env: Record<string, string>, become?: NativeBecome): Promise<void> {
  e.starts++;
  const token = newNativeToken();
  const b = become?.command(verbatim(nativeStartCommand(token)));
  const child = spawn('/bin/sh', ['-c', b ? b.command.text : nativeStartCommand(token)], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  const streams = [child.stdin, child.stdout, child.stderr] as unknown as Socket[];
  const hold = (busy: boolean) => {
    for (const s of streams) {
      if (busy) s.ref();
      else s.unref();
    }
    if (busy) child.ref();
    else child.unref();
  };
  // Held while starting: the first request waits on it.
  hold(true);
  const ch = b ? await becomeNativeChannel(processChannel(child), b, become!.promptTimeoutMs) : processChannel(child);
  const proc = ch && new NativeCoprocess(ch, null, token, hold);
  const ok = proc ? await proc.ready : false;
  hold(false);
  if (ok) e.proc = proc!;
  else e.unavailable = true;
}

/** A local process seen as a channel (what the co-process reads and writes over SSH). */
export function processChannel(child: ChildProcessWithoutNullStreams): Channel {
  return {
    onStdout: (cb) => child.stdout.on('data', cb),
    onStderr: (cb) => child.stderr.on('data', cb),
    write: (b) => {
      child.stdin.write(b);
    },
    end: () => child.stdin.end(),
    kill: () => {
      child.kill('SIGKILL');
    },
    done: new Promise((resolve) => {
      child.on('error', () => resolve({ rc: -1 }));
      child.on('close', (code) => resolve({ rc: code ?? -1 }));
    }),
  };
}
