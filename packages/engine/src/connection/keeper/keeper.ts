/**
 * The connection keeper: pgplay's ControlPersist. Started detached by the first run that asks
 * for a host with ControlMaster/ControlPersist in its ssh arguments (kept-transport.ts), it holds
 * each such host's SshTransport — the SSH connection, its resident shell and its resident Python
 * server — and serves later runs over one Unix socket, until a host has had no run for its
 * ControlPersist seconds; with no host left it exits. Why: a warm run spent about 100 ms of each
 * host's CPU on the SSH login (key exchange, authentication, the PAM session), starting the
 * resident shell and the Python server, and the probes sent through sh while the server started;
 * ansible-playbook keeps OpenSSH master connections for 60 s by default. One process for all
 * hosts: starting Node costs about 0.3 s of CPU, which a keeper per host would pay per host.
 *
 * Started as `node keeper.js`; reads {socket} as JSON on stdin, answers one line on stdout —
 * `ready` or `exists` (another keeper has the socket) — and closes it. Each run opens one
 * session (socket connection) per host; its first frame is hello {spec}, answered hello {ok} once
 * the host's connection is up, or hello {message, unreachable} with the message a direct
 * connection would give. Then, run → keeper: exec {text, pty}, resident {text}, native {op, body},
 * w (input bytes), eof, kill; keeper → run: open, none, fail {message, unreachable}, o/e (output
 * bytes), done {rc}, lost {message}, answer {text}. `exit` (any session) stops the keeper.
 */
import { createServer, type Socket } from 'node:net';
import { unlinkSync } from 'node:fs';
import { SshTransport } from '../ssh-transport.js';
import type { SshSpec } from '../ssh-spec.js';
import type { Channel } from '../channel.js';
import { encodeFrame, FrameReader, type Frame } from './frames.js';
import { dial } from './control-path.js';

interface Kept {
  transport: SshTransport;
  sessions: number;
  idle?: NodeJS.Timeout;
  persistS: number;
}

function readStart(): Promise<{ socket: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => (text += d));
    process.stdin.on('end', () => {
      try {
        resolve(JSON.parse(text) as { socket: string });
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
  process.stdout.end();
}

/** Listens on the socket; false when a live keeper already has it (a stale socket is replaced). */
function listen(path: string, onClient: (s: Socket) => void): Promise<import('node:net').Server | false> {
  const attempt = () =>
    new Promise<import('node:net').Server | NodeJS.ErrnoException>((resolve) => {
      const server = createServer({ allowHalfOpen: false }, onClient);
      server.once('error', (e) => resolve(e as NodeJS.ErrnoException));
      server.listen(path, () => resolve(server));
    });
  return (async () => {
    const first = await attempt();
    if (!(first instanceof Error)) return first;
    if (first.code !== 'EADDRINUSE') throw first;
    const live = await dial(path);
    if (live) {
      live.destroy();
      return false;
    }
    unlinkSync(path);
    const second = await attempt();
    if (second instanceof Error) {
      if (second.code === 'EADDRINUSE') return false;
      throw second;
    }
    return second;
  })();
}

async function main(): Promise<void> {
  const { socket } = await readStart();
  const kept = new Map<string, Kept>();
  let sessions = 0;
  let server: import('node:net').Server | undefined;
  const stop = () => {
    for (const k of kept.values()) k.transport.close();
    server?.close();
    try {
      unlinkSync(socket);
    } catch {
      // Already gone.
    }
    process.exit(0);
  };
  const release = (key: string, k: Kept) => {
    k.sessions--;
    if (k.sessions > 0 || k.persistS === 0) return;
    k.idle = setTimeout(() => {
      k.transport.close();
      kept.delete(key);
      if (kept.size === 0 && sessions === 0) stop();
    }, k.persistS * 1000);
  };
  const got = await listen(socket, (s) => serve(s));
  if (got === false) return say('exists');
  server = got;
  say('ready');
  // A run that started the keeper and died before its first session leaves it nothing to keep.
  setTimeout(() => {
    if (sessions === 0 && kept.size === 0) stop();
  }, 30_000).unref();

  function serve(s: Socket): void {
    sessions++;
    let bound: { key: string; k: Kept } | undefined;
    const channels = new Map<number, Channel>();
    const send = (h: Frame, payload?: Buffer) => {
      if (!s.destroyed) s.write(encodeFrame(h, payload));
    };
    const attach = (id: number, ch: Channel) => {
      channels.set(id, ch);
      send({ t: 'open', id });
      ch.onStdout((b) => send({ t: 'o', id }, b));
      ch.onStderr((b) => send({ t: 'e', id }, b));
      ch.done.then(
        ({ rc }) => send({ t: 'done', id, rc }),
        (e: Error) => send({ t: 'lost', id, message: e.message }),
      ).finally(() => channels.delete(id));
    };
    const failed = (id: number, e: unknown) => send({ t: 'fail', id, message: (e as Error).message, unreachable: (e as Error).name === 'UnreachableError' });
    const hello = (id: number, spec: SshSpec) => {
      const key = JSON.stringify(spec);
      let k = kept.get(key);
      if (!k) kept.set(key, (k = { transport: new SshTransport(spec), sessions: 0, persistS: spec.persistS ?? 0 }));
      if (k.idle) clearTimeout(k.idle);
      k.idle = undefined;
      k.sessions++;
      bound = { key, k };
      const before = k.transport.connects;
      const t = k.transport;
      t.connection().then(
        () => send({ t: 'hello', id, ok: true, connected: t.connects > before }),
        (e: Error) => send({ t: 'hello', id, message: e.message, unreachable: e.name === 'UnreachableError' }),
      );
    };
    const reader = new FrameReader((h, payload) => {
      const id = h.id ?? 0;
      if (h.t === 'hello' && !bound) return hello(id, h['spec'] as SshSpec);
      if (h.t === 'exit') return stop();
      const t = bound?.k.transport;
      if (!t) return s.destroy();
      switch (h.t) {
        case 'exec':
          t.openExec(String(h['text']), { pty: h['pty'] === true }).then((ch) => attach(id, ch), (e) => failed(id, e));
          return;
        case 'resident':
          t.openResident(String(h['text'])).then((ch) => (ch ? attach(id, ch) : send({ t: 'none', id })), (e) => failed(id, e));
          return;
        case 'native':
          t.native(String(h['op']), h['body'] as Record<string, unknown>).then((text) => send({ t: 'answer', id, text }), () => send({ t: 'answer', id, text: null }));
          return;
        case 'w':
          return channels.get(id)?.write(Buffer.from(payload));
        case 'eof':
          return channels.get(id)?.end();
        case 'kill':
          return channels.get(id)?.kill();
        default:
          return undefined;
      }
    });
    s.on('data', (b: Buffer) => reader.push(b));
    s.on('error', () => undefined);
    s.on('close', () => {
      // A run that went away leaves nothing running for it (as a dropped SSH connection would).
      for (const ch of channels.values()) ch.kill();
      channels.clear();
      sessions--;
      if (bound) release(bound.key, bound.k);
      else if (kept.size === 0 && sessions === 0) stop();
    });
  }
}

main().catch(() => process.exit(1));
