/**
 * The run's side of a kept connection (keeper.ts): an SshTransport whose commands, resident-shell
 * commands and Python-server requests go to the host's keeper over its Unix socket, starting the
 * keeper when there is none. The keeper's connection, resident shell and Python server outlive
 * the run, so the next run makes no SSH login and starts neither again.
 *
 * What stays here, per run: resident shells under become (started through the become
 * conversation on a kept channel and ended with the run: a password is never remembered by a
 * process that outlives the run), and forwarded TCP channels (uri, get_url), which use a
 * connection of the run's own, made only when a task needs one. Files are written and read with
 * commands on kept channels (as under become) instead of SFTP.
 * If the keeper cannot be started or goes away, the run goes on with a connection of its own.
 */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SshTransport } from '../ssh-transport.js';
import type { SshSpec } from '../ssh-spec.js';
import type { Channel } from '../channel.js';
import type { BecomeCommand } from '../become.js';
import type { NativeBecome } from '../native-become.js';
import { UnreachableError } from '../errors.js';
import { wireStats } from '../wire-stats.js';
import { encodeFrame, FrameReader, type Frame } from './frames.js';
import { socketPath, dial } from './control-path.js';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const KEEPER_SCRIPT = fileURLToPath(new URL('./keeper.js', import.meta.url));
/** How long a run waits for a keeper it started to listen. */
const START_GRACE_MS = 10_000;

interface Waiter {
  resolve: (h: Frame) => void;
}

interface KeptChannel {
  out: Buffer[];
  err: Buffer[];
  onOut?: (b: Buffer) => void;
  onErr?: (b: Buffer) => void;
  settle: (r: { rc: number } | Error) => void;
}

/** The keeper this build's runs use (in `dir`), started when there is none; shared by a run's hosts. */
const starting = new Map<string, Promise<void>>();

function keeperBuild(): string {
  try {
    return `${KEEPER_SCRIPT}@${statSync(KEEPER_SCRIPT).mtimeMs}`;
  } catch {
    return KEEPER_SCRIPT;
  }
}

function startKeeper(socket: string): Promise<void> {
  const env = { ...process.env };
  // The keeper outlives the run: it must not write the run's debug counters at its exit.
  delete env['PGPLAY_DEBUG_ROUNDTRIPS'];
  // The socket's path on the command line too: `ps` then tells which keeper serves which directory.
  const child = spawn(process.execPath, [KEEPER_SCRIPT, socket], { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env, cwd: '/' });
  child.stdin.end(JSON.stringify({ socket }));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => finish(new Error('the connection keeper did not start')), START_GRACE_MS);
    const finish = (e?: Error) => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.unref();
      if (e) reject(e);
      else resolve();
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const eol = out.indexOf('\n');
      if (eol < 0) return;
      const line = out.slice(0, eol);
      if (line === 'ready' || line === 'exists') return finish();
      finish(new Error(`the connection keeper said ${JSON.stringify(line)}`));
    });
    child.once('error', (e) => finish(e));
    child.once('exit', () => finish(new Error('the connection keeper ended before it was ready')));
  });
}

/** A session with the keeper at `path`, starting the keeper once for all the run's hosts. */
async function keeperSession(path: string): Promise<Socket> {
  const s = await dial(path);
  if (s) return s;
  let p = starting.get(path);
  if (!p) {
    p = startKeeper(path).finally(() => starting.delete(path));
    starting.set(path, p);
  }
  await p;
  const again = await dial(path);
  if (!again) throw new Error('the connection keeper is not listening');
  return again;
}

export class KeptTransport extends SshTransport {
  private session: Promise<Socket | null> | undefined;
  private socket: Socket | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private readonly open = new Map<number, KeptChannel>();

  /** Files through commands on kept channels: an SFTP session would need a connection of the run's own. */
  override readonly filesByCommand: boolean = true;

  constructor(spec: SshSpec) {
    super(spec);
  }

  /** The keeper's socket, started when missing; null when there is no keeper to be had (the run uses its own connection). */
  private keeper(): Promise<Socket | null> {
    this.session ??= this.attach().catch((e: unknown) => {
      if (e instanceof UnreachableError) {
        this.session = undefined;
        throw e;
      }
      return null;
    });
    return this.session;
  }

  private async attach(): Promise<Socket> {
    const socket = await keeperSession(socketPath(this.spec.controlDir!, keeperBuild()));
    this.socket = socket;
    const reader = new FrameReader((h, payload) => this.frame(h, payload));
    socket.on('data', (b: Buffer) => reader.push(b));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.lost();
    });
    // The keeper makes the host's connection when it has none: the answer is the login's outcome.
    const hello = await this.request({ t: 'hello', spec: this.spec });
    if (hello['ok'] !== true) {
      this.socket = undefined;
      socket.destroy();
      const message = String(hello['message']);
      throw hello['unreachable'] === true ? new UnreachableError(message) : new Error(message);
    }
    if (hello['connected'] === true) {
      // The keeper made the SSH connection for this run.
      this.connects++;
      if (wireStats) wireStats.connects++;
    }
    return socket;
  }

  private send(h: Frame, payload?: Buffer): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(encodeFrame(h, payload));
  }

  /** Sends the frame under `id` and resolves to the keeper's reply to it. */
  private request(h: Frame, id = this.nextId++): Promise<Frame> {
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve });
      this.send({ ...h, id });
    });
  }

  private frame(h: Frame, payload: Buffer): void {
    const id = h.id ?? 0;
    const ch = this.open.get(id);
    switch (h.t) {
      case 'o':
        if (!ch) return;
        return ch.onOut ? ch.onOut(Buffer.from(payload)) : void ch.out.push(Buffer.from(payload));
      case 'e':
        if (!ch) return;
        return ch.onErr ? ch.onErr(Buffer.from(payload)) : void ch.err.push(Buffer.from(payload));
      case 'done':
        this.open.delete(id);
        return ch?.settle({ rc: Number(h['rc']) });
      case 'lost':
        this.open.delete(id);
        return ch?.settle(new UnreachableError(String(h['message'])));
      default: {
        const w = this.waiting.get(id);
        this.waiting.delete(id);
        w?.resolve(h);
      }
    }
  }

  /** The keeper went away: what was in flight ends as on a dropped connection; the run goes on with its own. */
  private lost(): void {
    this.socket = undefined;
    this.session = Promise.resolve(null);
    const gone = `Failed to connect to the host via ssh: Connection to ${this.spec.host} closed by remote host.`;
    for (const ch of this.open.values()) ch.settle(new UnreachableError(gone));
    this.open.clear();
    for (const w of this.waiting.values()) w.resolve({ t: 'fail', message: gone, unreachable: true });
    this.waiting.clear();
  }

  /** A channel on the keeper's connection for the request (exec or resident), or undefined (resident busy). */
  private async keptChannel(h: Frame): Promise<Channel | undefined> {
    const id = this.nextId++;
    let settle!: (r: { rc: number } | Error) => void;
    const done = new Promise<{ rc: number }>((resolve, reject) => {
      settle = (r) => (r instanceof Error ? reject(r) : resolve(r));
    });
    done.catch(() => undefined);
    const kc: KeptChannel = { out: [], err: [], settle };
    this.open.set(id, kc);
    const reply = await this.request(h, id);
    if (reply.t === 'open') {
      return {
        onStdout: (cb) => {
          kc.onOut = cb;
          for (const b of kc.out.splice(0)) cb(b);
        },
        onStderr: (cb) => {
          kc.onErr = cb;
          for (const b of kc.err.splice(0)) cb(b);
        },
        write: (b) => this.send({ t: 'w', id }, Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8')),
        end: () => this.send({ t: 'eof', id }),
        kill: () => this.send({ t: 'kill', id }),
        done,
      };
    }
    this.open.delete(id);
    if (reply.t === 'none') return undefined;
    const message = String(reply['message']);
    throw reply['unreachable'] === true ? new UnreachableError(message) : new Error(message);
  }

  override async openExec(text: string, opts: { pty: boolean }): Promise<Channel> {
    if (!(await this.keeper())) return super.openExec(text, opts);
    if (wireStats) wireStats.execs++;
    return (await this.keptChannel({ t: 'exec', text, pty: opts.pty }))!;
  }

  /** Under become the base class's shell and server, on kept channels and for this run only (channelOwner). */
  override async openResident(text: string, become?: { key: string; command: () => BecomeCommand; promptTimeoutMs: number }): Promise<Channel | undefined> {
    if (!(await this.keeper()) || become) return super.openResident(text, become);
    const ch = await this.keptChannel({ t: 'resident', text });
    if (ch && wireStats) wireStats.residentCommands++;
    return ch;
  }

  override async native(op: string, body: Record<string, unknown>, become?: NativeBecome): Promise<string | null> {
    if (!(await this.keeper()) || become) return super.native(op, body, become);
    const reply = await this.request({ t: 'native', op, body });
    const text = reply.t === 'answer' && typeof reply['text'] === 'string' ? reply['text'] : null;
    if (text !== null && wireStats) {
      wireStats.nativeRequests++;
      wireStats.nativeAnswers[op] = (wireStats.nativeAnswers[op] ?? 0) + 1;
    }
    return text;
  }

  /**
   * Shells and servers under become run on the keeper session's channels: a new session (the
   * keeper went away) needs new ones, and they never outlive the run (the keeper never holds a
   * become password). Without a keeper, the run's own connection.
   */
  protected override async channelOwner(): Promise<unknown> {
    return (await this.keeper()) ?? super.channelOwner();
  }

  protected override isCurrent(owner: unknown): boolean {
    return (this.socket !== undefined && owner === this.socket) || super.isCurrent(owner);
  }

  override close(): void {
    this.endResidents();
    this.socket?.end();
    this.socket = undefined;
    super.close();
  }
}

/**
 * Stops the keepers whose sockets are in `dir` (as `ssh -O exit` stops a master): their kept
 * connections close and runs in flight on them lose them. Resolves to how many were asked.
 */
export async function stopKeepers(dir: string): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith('pgplay-') && n.endsWith('.sock'));
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const s = await dial(join(dir, name));
    if (!s) continue;
    n++;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.end(encodeFrame({ t: 'exit' }));
    });
  }
  return n;
}
