/**
 * One command on a channel (an SSH session channel or a local process), with ansible's become
 * conversation: wait for the password prompt and answer it, wait for the success marker and
 * strip it, and only then send the command's own input. The same code serves the SSH and the
 * local connection, so both fail with the same texts ('Incorrect sudo password', 'Missing sudo
 * password', 'Timeout (12s) waiting for privilege escalation prompt: …').
 */
import type { ShellCommand } from './sh.js';
import { maskSecrets } from './sh.js';
import type { BecomeCommand } from './become.js';
import { BecomeError } from './errors.js';
export { BecomeError } from './errors.js';

export interface Channel {
  onStdout(cb: (b: Buffer) => void): void;
  onStderr(cb: (b: Buffer) => void): void;
  write(b: Buffer | string): void;
  end(): void;
  kill(): void;
  /** Settles when the command has exited and its output is read. */
  done: Promise<{ rc: number }>;
}

export type OpenChannel = (text: string, opts: { pty: boolean }) => Promise<Channel>;


export interface RunOptions {
  become?: BecomeCommand | undefined;
  stdin?: string | Buffer | undefined;
  pty?: boolean;
  /** How long to wait for the become prompt or success marker (ansible: timeout + 2 s). */
  promptTimeoutMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RawResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  /** True when become ended before its success marker (sudo missing, refused…). */
  becomeFailed?: boolean;
}

function stripSuccess(out: Buffer, success: string): Buffer {
  const text = out.toString('latin1');
  const at = text.indexOf(success);
  if (at < 0) return out;
  const eol = text.indexOf('\n', at);
  return out.subarray(eol < 0 ? text.length : eol + 1);
}

export async function runOnChannel(open: OpenChannel, cmd: ShellCommand, opts: RunOptions): Promise<RawResult> {
  const become = opts.become;
  const text = become ? become.command.text : cmd.text;
  const ch = await open(text, { pty: opts.pty ?? false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let started = !become;
  let answered = false;
  let failure: BecomeError | undefined;
  const sendInput = () => {
    if (opts.stdin !== undefined && opts.stdin !== '') ch.write(opts.stdin);
    ch.end();
  };
  const fail = (e: BecomeError) => {
    failure ??= e;
    ch.kill();
  };
  const masked = (b: Buffer[]) => maskSecrets(Buffer.concat(b).toString('utf8'), become?.password ? [become.password] : []);
  // The conversation reads everything seen so far, as ansible's _examine_output does.
  const examine = () => {
    if (started || !become || failure) return;
    const seenOut = Buffer.concat(out).toString('utf8');
    const seen = seenOut + Buffer.concat(err).toString('utf8');
    if (seenOut.split('\n').some((l) => l.trimEnd().endsWith(become.success))) {
      started = true;
      clearTimeout(promptTimer);
      const rest = stripSuccess(Buffer.concat(out), become.success);
      out.length = 0;
      if (rest.length) out.push(rest);
      err.length = 0; // the prompt and its answer are not the command's output
      sendInput();
      return;
    }
    if (become.isIncorrect(seen)) return fail(new BecomeError(`Incorrect ${become.method} password`));
    if (become.isMissing(seen)) return fail(new BecomeError(`Missing ${become.method} password`));
    if (become.isPrompt(seen)) {
      if (answered) return fail(new BecomeError(`Incorrect ${become.method} password`));
      answered = true;
      out.length = 0;
      err.length = 0;
      ch.write(`${become.password}\n`);
    }
  };
  // Armed before the listeners: output already buffered on the channel is delivered as soon as a
  // listener attaches, and examine() may clear the timer then.
  const promptMs = opts.promptTimeoutMs ?? 12_000;
  const promptTimer = become
    ? setTimeout(() => fail(new BecomeError(`Timeout (${Math.round(promptMs / 1000)}s) waiting for privilege escalation prompt: ${masked(out)}`)), promptMs)
    : undefined;
  ch.onStdout((b) => {
    out.push(b);
    examine();
  });
  ch.onStderr((b) => {
    err.push(b);
    examine();
  });
  const timer = opts.timeoutMs ? setTimeout(() => ch.kill(), opts.timeoutMs) : undefined;
  const onAbort = () => ch.kill();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (!become) sendInput();
  try {
    const { rc } = await ch.done;
    if (failure) throw failure;
    if (!started && become) {
      const seen = masked(out) + masked(err);
      if (become.isIncorrect(seen) || (answered && become.method === 'su')) throw new BecomeError(`Incorrect ${become.method} password`);
      if (become.isMissing(seen)) throw new BecomeError(`Missing ${become.method} password`);
      return { rc, stdout: Buffer.from(masked(out)), stderr: Buffer.from(masked(err)), becomeFailed: true };
    }
    return { rc, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
  } finally {
    clearTimeout(promptTimer);
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
