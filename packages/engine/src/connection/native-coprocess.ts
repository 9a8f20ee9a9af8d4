/**
 * A resident Python process on the host answering pgplay's file probes with system calls
 * (native-files-server.ts), so a warm file task starts no process on the host. One per
 * connection, started lazily; where python3 is missing or fails to start the connection
 * remembers it and every probe runs through sh as before.
 *
 * The rule is "an answer exactly as the sh probe would print it, or none": any doubt (busy, dead,
 * an answer not framed as expected, a request the server declines) gives null, and the caller
 * runs the sh probe. One request at a time: a second probe while one is out goes the sh way.
 */
import { randomBytes } from 'node:crypto';
import type { Channel } from './channel.js';
import { sh } from './sh.js';
import { NATIVE_FILES_SERVER } from './native-files-server.js';

/** The server's ops: file-state.ts probeFiles ('files'), text-file.ts probeTextFile ('text'). */
export type NativeOp = 'files' | 'text';

/** How long the server may take to say it is ready before the connection gives up on it. */
const START_TIMEOUT_MS = 30_000;

/** PGPLAY_NATIVE_PROBES=0 turns the native probes off (every probe through sh, as before). */
export function nativeProbesEnabled(): boolean {
  return process.env['PGPLAY_NATIVE_PROBES'] !== '0';
}

export function newNativeToken(): string {
  return `pgplay-native-${randomBytes(12).toString('hex')}`;
}

/** The command that starts the server (through the login shell or /bin/sh, which find python3 on PATH). */
export function nativeStartCommand(token: string): string {
  // -I: no PYTHON* variables, user site or current directory on sys.path; -S: no site import
  // (faster start; the server needs the standard library only).
  return sh`exec python3 -I -S -c ${NATIVE_FILES_SERVER} ${token}`.text;
}

/** A NUL byte cannot reach sh's argument as it reaches the server: such requests go the sh way. */
const HAS_NUL = /\0/;

/**
 * One request line, in a form the server parses without Python's json and re modules (their
 * import would cost the host as much CPU as a dozen sh probes): "<id> TAB <op> (TAB key=value)*";
 * strings as the hex of their UTF-8 (as sh`…` writes them: a lone surrogate becomes U+FFFD in
 * both), lists as "x<hex>" items joined by commas, flags as "1", an object as the first letters
 * of its true keys. null when a value cannot be sent.
 */
export function encodeRequest(id: string, op: string, body: Record<string, unknown>): string | null {
  const hex = (s: string) => `x${Buffer.from(s, 'utf8').toString('hex')}`;
  const fields = [id, op];
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'string') {
      if (!/^[a-z0-9]+$/.test(v)) return null; // a name (the checksum algorithm), never a path
      fields.push(`${k}=${v}`);
    } else if (Array.isArray(v)) {
      if (v.some((x) => typeof x !== 'string' || HAS_NUL.test(x))) return null;
      fields.push(`${k}=${v.map((x) => hex(x as string)).join(',')}`);
    } else if (v === true) fields.push(`${k}=1`);
    else if (typeof v === 'object' && v !== null) fields.push(`${k}=${Object.entries(v).filter(([, on]) => on).map(([name]) => name[0]).join('')}`);
    else return null;
  }
  return fields.join('\t');
}

export class NativeCoprocess {
  private buf: Buffer = Buffer.alloc(0);
  private state: 'starting' | 'ready' | 'dead' = 'starting';
  private pending: { id: string; resolve: (v: string | null) => void } | undefined;
  private next = 0;
  private settleReady!: (ok: boolean) => void;
  /** True once the server said it is ready; false when it ended (or timed out) before that. */
  readonly ready: Promise<boolean>;

  /**
   * `owner`: the connection the channel belongs to (a new connection needs a new server).
   * `hold(busy)`: told when a request starts and ends (the local connection keeps Node's event
   * loop alive only while one is out).
   */
  constructor(private readonly ch: Channel, readonly owner: unknown, private readonly token: string, private readonly hold?: (busy: boolean) => void) {
    this.ready = new Promise((resolve) => {
      this.settleReady = resolve;
    });
    const timer = setTimeout(() => this.kill(), START_TIMEOUT_MS);
    timer.unref?.();
    void this.ready.then(() => clearTimeout(timer));
    ch.onStdout((b) => this.data(b));
    ch.onStderr(() => undefined);
    ch.done.then(() => this.die(), () => this.die());
  }

  get idle(): boolean {
    return this.state === 'ready' && !this.pending;
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  /** The server's answer text, or null (busy, dead, declined): the caller runs the sh probe. */
  request(op: string, body: Record<string, unknown>): Promise<string | null> {
    if (!this.idle) return Promise.resolve(null);
    const id = String(++this.next);
    const line = encodeRequest(id, op, body);
    if (line === null) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.pending = { id, resolve };
      this.hold?.(true);
      this.ch.write(`${line}\n`);
    });
  }

  kill(): void {
    if (this.state === 'dead') return;
    this.die();
    this.ch.kill();
  }

  private data(b: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, b]) : b;
    if (this.state === 'starting') {
      // Whatever a login script printed before the server started is not ours: skip to the token.
      const at = this.buf.indexOf(`${this.token}\n`);
      if (at < 0) return;
      this.buf = this.buf.subarray(at + this.token.length + 1);
      this.state = 'ready';
      this.settleReady(true);
    }
    if (this.state !== 'ready' || !this.buf.length) return;
    const p = this.pending;
    // Output with no request out cannot be an answer: the server is no longer trustworthy.
    if (!p) return this.kill();
    const eol = this.buf.indexOf('\n');
    if (eol < 0) return;
    const [id, lenText] = this.buf.subarray(0, eol).toString('latin1').split(' ');
    const len = Number(lenText);
    if (id !== p.id || !Number.isInteger(len) || len < -1) return this.kill();
    if (len === -1) return this.finish(eol + 1, null);
    if (this.buf.length < eol + 1 + len) return;
    this.finish(eol + 1 + len, this.buf.subarray(eol + 1, eol + 1 + len).toString('utf8'));
  }

  private finish(end: number, answer: string | null): void {
    const p = this.pending!;
    this.pending = undefined;
    const extra = this.buf.length > end;
    this.buf = Buffer.alloc(0);
    this.hold?.(false);
    p.resolve(answer);
    if (extra) this.kill();
  }

  private die(): void {
    const wasStarting = this.state === 'starting';
    this.state = 'dead';
    if (wasStarting) this.settleReady(false);
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      this.hold?.(false);
      p.resolve(null);
    }
  }
}
