/**
 * One persistent SSH connection to one host (ssh2), shared by every task of the run: session
 * channels capped below sshd's MaxSessions (10), one SFTP session, keepalives, a connect timeout,
 * ProxyJump through forwarded channels of the jump hosts' own connections, host keys checked
 * against known_hosts, agent forwarding off. A connection that drops is made again on next use;
 * failures carry the messages ansible's ssh plug-in gives (OpenSSH's own texts after
 * "Failed to connect to the host via ssh: "), so an unreachable host reads the same.
 */
import { Client, type ClientChannel, type SFTPWrapper, type ConnectConfig, type AnyAuthMethod, type AuthenticationType } from 'ssh2';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { SshSpec, JumpSpec } from './ssh-spec.js';
import { checkKnownHost, hostKeyName } from './known-hosts.js';
import { resolveAllowed, NetworkGuardError } from './net-guard.js';
import type { Channel } from './channel.js';
import { countSftp, wireStats } from './wire-stats.js';
import { ResidentShell, becomeShell } from './resident-shell.js';
import { NativeCoprocess, nativeStartCommand, newNativeToken } from './native-coprocess.js';
import { becomeNativeChannel, type NativeBecome } from './native-become.js';
import type { BecomeCommand } from './become.js';
import { sh, asWord, verbatim } from './sh.js';

import { UnreachableError } from './errors.js';
export { UnreachableError } from './errors.js';

const PREFIX = 'Failed to connect to the host via ssh: ';
/** sshd's MaxSessions is 10: eight command channels, one SFTP session, one to spare. */
export const MAX_CHANNELS = 8;

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

function keyTypeName(t: string): string {
  if (t === 'ssh-ed25519') return 'ED25519';
  if (t.startsWith('ecdsa-')) return 'ECDSA';
  if (t === 'ssh-rsa') return 'RSA';
  return t.toUpperCase();
}

function connectErrorText(e: NodeJS.ErrnoException, host: string, port: number): string {
  const why: Record<string, string> = {
    ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable',
    ETIMEDOUT: 'Connection timed out', ECONNRESET: 'Connection reset by peer', ENOTFOUND: 'Name or service not known',
  };
  if (e.code === 'ENOTFOUND') return `ssh: ${e.message}`;
  return `ssh: connect to host ${host} port ${port}: ${why[e.code ?? ''] ?? e.message}`;
}

interface Hop {
  host: string;
  port: number;
  user: string;
}

export class SshTransport {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private readonly jumpClients: Client[] = [];
  private readonly channels = new Semaphore(MAX_CHANNELS);
  private closed = false;
  /** Resident shells by who they run as: '' for the login user, else the become spec's key. */
  private readonly residents = new Map<string, { shell?: ResidentShell; starting: boolean; starts: number; refused: boolean; verified?: boolean }>();
  /** Resident Python file probes (native-coprocess.ts) by who they run as, keyed as `residents`. */
  private readonly natives = new Map<string, { proc?: NativeCoprocess; starting: boolean; starts: number; unavailable: boolean }>();
  /** How many times an SSH connection was made (tests count reuse with it). */
  connects = 0;
  /** Files go through commands (cat) rather than SFTP: a kept connection (keeper/) has no SFTP session to lend. */
  readonly filesByCommand: boolean = false;

  constructor(readonly spec: SshSpec) {}

  /** The live connection, made (again) when there is none. */
  async connection(): Promise<Client> {
    if (this.client) return this.client;
    if (this.closed) throw new UnreachableError(`${PREFIX}the connection to ${this.spec.host} was closed by pgplay`);
    this.connecting ??= this.connectWithRetries().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connectWithRetries(): Promise<Client> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.connectChain();
      } catch (e) {
        // ansible retries only ssh's own failures (rc 255), and never a refused host key or guard.
        if (!(e instanceof UnreachableError) || /Host key verification failed|Permission denied/.test(e.message)) throw e;
        // A connection the server closed before the handshake finished (seen once on a loaded
        // machine, with nothing in sshd's log) gets one more try of its own: OpenSSH's master
        // connection is as rarely made afresh, so ansible seldom meets it.
        const closedEarly = /Connection closed by \S+ port \d+$|kex_exchange_identification/.test(e.message) && attempt === 0;
        if (attempt >= this.spec.retries && !closedEarly) throw e;
      }
    }
  }

  private async connectChain(): Promise<Client> {
    const hops: Hop[] = [...this.spec.jumps.map((j: JumpSpec) => ({ host: j.host, port: j.port, user: j.user })), { host: this.spec.host, port: this.spec.port, user: this.spec.user }];
    let prev: Client | undefined;
    const made: Client[] = [];
    try {
      for (const hop of hops) {
        const c: Client = await this.connectHop(hop, prev, hop === hops[hops.length - 1]);
        made.push(c);
        prev = c;
      }
    } catch (e) {
      for (const c of made) c.end();
      throw e;
    }
    const target = made.pop()!;
    this.jumpClients.push(...made);
    this.connects++;
    if (wireStats) wireStats.connects++;
    this.client = target;
    const lost = () => {
      if (this.client === target) {
        this.client = undefined;
        this.sftpSession = undefined;
      }
    };
    target.on('close', lost);
    target.on('end', lost);
    return target;
  }

  private async openSocket(hop: Hop, via: Client | undefined, what: string): Promise<Duplex> {
    let address: string;
    try {
      address = await resolveAllowed(hop.host, what);
    } catch (e) {
      if (e instanceof NetworkGuardError) throw e;
      throw new UnreachableError(`${PREFIX}ssh: ${(e as Error).message}`);
    }
    const timeoutMs = this.spec.connectTimeoutS * 1000;
    if (via) {
      return new Promise((resolve, reject) => {
        via.forwardOut('127.0.0.1', 0, address, hop.port, (err, stream) => {
          if (err) reject(new UnreachableError(`${PREFIX}channel 0: open failed: connect failed: ${err.message}\nstdio forwarding failed\nConnection closed by UNKNOWN port 65535`));
          else resolve(stream);
        });
      });
    }
    return new Promise((resolve, reject) => {
      const sock: Socket = netConnect({ host: address, port: hop.port });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new UnreachableError(`${PREFIX}ssh: connect to host ${hop.host} port ${hop.port}: Connection timed out`));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.setKeepAlive(true);
        sock.setNoDelay(true);
        resolve(sock);
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(new UnreachableError(PREFIX + connectErrorText(e, hop.host, hop.port)));
      });
    });
  }

  private keys(): { file: string; key: Buffer }[] {
    const out: { file: string; key: Buffer }[] = [];
    for (const f of this.spec.privateKeyFiles) {
      try {
        out.push({ file: f, key: readFileSync(f) });
      } catch {
        // OpenSSH warns "Identity file … not accessible" and goes on with the other methods.
      }
    }
    return out;
  }

  private async connectHop(hop: Hop, via: Client | undefined, isTarget: boolean): Promise<Client> {
    const sock = await this.openSocket(hop, via, `ssh to ${this.spec.name} (${isTarget ? 'ansible_host' : 'ProxyJump'} ${hop.host})`);
    const client = new Client();
    let hostKeyProblem: string | undefined;
    let serverMethods: string[] | undefined;
    const keys = this.keys();
    const tried = new Set<string>();
    const authHandler = (left: AuthenticationType[] | null, _partial: boolean | null, next: (m: AnyAuthMethod | false) => void): void => {
      if (left) serverMethods = left;
      const allowed = (m: string) => !left || left.includes(m as AuthenticationType);
      for (const k of keys) {
        if (tried.has(k.file) || !allowed('publickey')) continue;
        tried.add(k.file);
        return next({ type: 'publickey', username: hop.user, key: k.key });
      }
      if (isTarget && this.spec.password !== undefined && !tried.has('password') && allowed('password')) {
        tried.add('password');
        return next({ type: 'password', username: hop.user, password: this.spec.password });
      }
      if (!left && tried.size === 0) {
        tried.add('none');
        return next({ type: 'none', username: hop.user });
      }
      next(false);
    };
    const config: ConnectConfig = {
      sock: sock as ConnectConfig['sock'],
      username: hop.user,
      readyTimeout: this.spec.connectTimeoutS * 1000,
      keepaliveInterval: this.spec.keepaliveIntervalS * 1000,
      keepaliveCountMax: this.spec.keepaliveCountMax,
      agentForward: false,
      tryKeyboard: false,
      authHandler: authHandler as unknown as ConnectConfig['authHandler'],
      hostVerifier: (key: Buffer) => {
        if (!this.spec.hostKeyChecking) return true;
        const typeLen = key.readUInt32BE(0);
        const keyType = key.subarray(4, 4 + typeLen).toString('latin1');
        const name = hostKeyName(hop.host, hop.port);
        const v = checkKnownHost(this.spec.knownHostsFiles, [name], keyType, key.toString('base64'));
        if (v.status === 'ok') return true;
        const kt = keyTypeName(keyType);
        if (v.status === 'changed') {
          // OpenSSH's text: its error lines end in \r\n, the fingerprint line (printed otherwise) in \n.
          const [file, line] = [v.where!.replace(/:\d+$/, ''), v.where!];
          hostKeyProblem = [
            '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@', '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @', '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
            'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!', 'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
            'It is also possible that a host key has just been changed.', `The fingerprint for the ${kt} key sent by the remote host is\n${fingerprint(key)}.`,
            'Please contact your system administrator.', `Add correct host key in ${this.spec.knownHostsFiles[0]} to get rid of this message.`,
            `Offending ${kt} key in ${line}`, '  remove with:', `  ssh-keygen -f "${file}" -R "${name}"`,
            `Host key for ${name} has changed and you have requested strict checking.`, 'Host key verification failed.',
          ].join('\r\n');
        } else if (v.status === 'revoked') {
          hostKeyProblem = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n@       WARNING: REVOKED HOST KEY DETECTED!               @\r\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\nThe ${kt} host key for ${name} is marked as revoked.\r\nHost key verification failed.`;
        } else {
          hostKeyProblem = `No ${kt} host key is known for ${name} and you have requested strict checking.\r\nHost key verification failed.`;
        }
        return false;
      },
    };
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      client.once('ready', () => {
        settled = true;
        resolve(client);
      });
      client.on('error', (e: Error & { level?: string }) => {
        if (settled) return; // a later error ends the connection: 'close' handles it
        settled = true;
        client.end();
        sock.destroy();
        if (hostKeyProblem) return reject(new UnreachableError(PREFIX + hostKeyProblem));
        if (e.level === 'client-authentication') {
          return reject(new UnreachableError(`${PREFIX}${hop.user}@${hop.host}: Permission denied (${(serverMethods ?? ['publickey']).join(',')}).`));
        }
        if (e.level === 'client-timeout') return reject(new UnreachableError(`${PREFIX}Connection timed out during banner exchange\nConnection to ${hop.host} port ${hop.port} timed out`));
        reject(new UnreachableError(`${PREFIX}${e.message.includes('ECONNRESET') || /reset/i.test(e.message) ? `kex_exchange_identification: read: Connection reset by peer\nConnection reset by ${hop.host} port ${hop.port}` : e.message}`));
      });
      client.once('close', () => {
        if (settled) return;
        settled = true;
        reject(new UnreachableError(hostKeyProblem ? PREFIX + hostKeyProblem : `${PREFIX}Connection closed by ${hop.host} port ${hop.port}`));
      });
      client.connect(config);
    });
  }

  /** Opens a session channel running `text` (under the user's login shell, as sshd does). */
  async openExec(text: string, opts: { pty: boolean }): Promise<Channel> {
    const release = await this.channels.acquire();
    // sshd frees a session slot a moment after the channel closed: a refused open while other
    // channels are busy is tried again (briefly), not reported as a broken connection.
    for (let attempt = 0; ; attempt++) {
      let client: Client;
      try {
        client = await this.connection();
      } catch (e) {
        release();
        throw e;
      }
      const r = await new Promise<Channel | Error>((resolve) => {
        if (wireStats) wireStats.execs++;
        client.exec(text, opts.pty ? { pty: { term: 'xterm', rows: 24, cols: 80 } } : {}, (err, stream) => {
          if (err) return resolve(err);
          // Listeners go on here, in the callback: a quick command's output, exit status and close
          // can arrive in the same read as the channel's confirmation, before any later tick.
          resolve(this.wrapChannel(stream, release));
        });
      });
      if (!(r instanceof Error)) return r;
      if (this.client === client && /open failed/.test(r.message) && attempt < 50) {
        await new Promise((res) => setTimeout(res, 20 + attempt * 10));
        continue;
      }
      release();
      throw this.client === client ? new UnreachableError(`${PREFIX}${r.message}`) : new UnreachableError(`${PREFIX}Connection to ${this.spec.host} closed by remote host.`);
    }
  }

  /**
   * The command on the connection's resident shell (resident-shell.ts) when that shell is free,
   * else undefined: the caller opens a channel of its own. The first call starts the shell (in
   * the background: that command does not wait for it). `become`: a shell under sudo, started
   * once through the become conversation (`key` tells such shells apart); if that start fails
   * (a wrong password, requiretty…), commands keep their own channels, which report it.
   */
  async openResident(text: string, become?: { key: string; command: () => BecomeCommand; promptTimeoutMs: number }): Promise<Channel | undefined> {
    const client = await this.channelOwner();
    const key = become?.key ?? '';
    const entry = this.residentEntry(key);
    const r = entry.shell;
    if (r && r.alive && r.owner === client) {
      if (!r.idle) return undefined;
      if (wireStats) wireStats.residentCommands++;
      return r.run(text);
    }
    // A login shell that cannot start sh (nologin) or commands that keep timing out: give up on
    // the resident shell for this connection and use channels, as before.
    // Under become, only once a command went through the conversation: a wrong password is then
    // never tried more often than ansible would try it.
    if (entry.starting || entry.refused || entry.starts >= 5 || (become && !entry.verified)) return undefined;
    const e = entry;
    e.starting = true;
    e.starts++;
    const lost = `${PREFIX}Connection to ${this.spec.host} closed by remote host.`;
    const start = async (): Promise<ResidentShell | undefined> => {
      if (!become) return new ResidentShell(await this.openExec('/bin/sh', { pty: false }), client, lost);
      const b = become.command();
      const ch = await this.openExec(sh`/bin/sh -c ${asWord(b.command)}`.text, { pty: false });
      if (await becomeShell(ch, b, become.promptTimeoutMs)) return new ResidentShell(ch, client, lost);
      e.refused = true;
      return undefined;
    };
    start()
      .then((shell) => {
        if (!shell) return;
        if (this.isCurrent(client)) e.shell = shell;
        else shell.kill();
      }, () => undefined)
      .finally(() => {
        e.starting = false;
      });
    return undefined;
  }

  /**
   * A request to the connection's resident Python server: its answer, or null when there is none
   * to ask (not started yet, busy, python3 missing): the caller then runs its sh command. The
   * first call starts the server in the background, as openResident does the shell. `become`:
   * a server under sudo (native-become.ts), started as openResident starts its shell: only once a
   * command went through the conversation, and never again for that key once the start failed.
   */
  async native(op: string, body: Record<string, unknown>, become?: NativeBecome): Promise<string | null> {
    const client = await this.channelOwner();
    const key = become?.key ?? '';
    let e = this.natives.get(key);
    if (!e) this.natives.set(key, (e = { starting: false, starts: 0, unavailable: false }));
    const p = e.proc;
    if (p && p.alive && p.owner === client) {
      if (!p.idle) return null;
      if (!wireStats) return p.request(op, body);
      wireStats.nativeRequests++;
      const answer = await p.request(op, body);
      if (answer !== null) wireStats.nativeAnswers[op] = (wireStats.nativeAnswers[op] ?? 0) + 1;
      return answer;
    }
    // python3 missing (or too old to parse the server), or a server that keeps dying: sh from now on.
    if (e.starting || e.unavailable || e.starts >= 3 || (become && !this.residentEntry(key).verified)) return null;
    const s = e;
    s.starting = true;
    s.starts++;
    const token = newNativeToken();
    const open = async (): Promise<Channel | null> => {
      if (!become) return this.openExec(nativeStartCommand(token), { pty: false });
      const b = become.command(verbatim(nativeStartCommand(token)));
      return becomeNativeChannel(await this.openExec(sh`/bin/sh -c ${asWord(b.command)}`.text, { pty: false }), b, become.promptTimeoutMs);
    };
    open()
      .then(async (ch) => {
        // A refused become (wrong password, requiretty) or a server that never said it is ready.
        const proc = ch && new NativeCoprocess(ch, client, token);
        if (!proc || !(await proc.ready)) {
          s.unavailable = true;
          return;
        }
        if (this.isCurrent(client)) s.proc = proc;
        else proc.kill();
      }, () => undefined)
      .finally(() => {
        s.starting = false;
      });
    return null;
  }

  /**
   * What the channels of openResident's shells and native's servers belong to: a shell or server
   * of another owner is stale (a new connection needs new ones). Here the SSH connection; a kept
   * transport's channels belong to its keeper session.
   */
  protected async channelOwner(): Promise<unknown> {
    return this.connection();
  }

  /** Whether channels of `owner` (channelOwner's) are still this transport's to use. */
  protected isCurrent(owner: unknown): boolean {
    return this.client === owner && !this.closed;
  }

  /** Ends the resident shells and servers: with a connection of its own they end with it, a keeper's channels do not. */
  protected endResidents(): void {
    for (const e of this.residents.values()) e.shell?.kill();
    for (const e of this.natives.values()) e.proc?.kill();
    this.residents.clear();
    this.natives.clear();
  }

  /** A command under this become (openResident's `key`) went through the conversation. */
  noteBecomeWorks(key: string): void {
    this.residentEntry(key).verified = true;
  }

  private residentEntry(key: string) {
    let entry = this.residents.get(key);
    if (!entry) this.residents.set(key, (entry = { starting: false, starts: 0, refused: false }));
    return entry;
  }

  private wrapChannel(stream: ClientChannel, release: () => void): Channel {
    let exit: number | undefined;
    let signal: string | undefined;
    let killed = false;
    const early = { out: [] as Buffer[], err: [] as Buffer[] };
    let onOut: ((b: Buffer) => void) | undefined;
    let onErr: ((b: Buffer) => void) | undefined;
    stream.on('data', (b: Buffer) => (onOut ? onOut(b) : early.out.push(b)));
    stream.stderr.on('data', (b: Buffer) => (onErr ? onErr(b) : early.err.push(b)));
    stream.on('exit', (code: number | null, sig?: string) => {
      exit = code ?? undefined;
      signal = sig;
    });
    const done = new Promise<{ rc: number }>((resolve, reject) => {
      stream.on('close', () => {
        release();
        if (exit !== undefined) return resolve({ rc: exit });
        if (signal) return resolve({ rc: -(SIGNALS[signal] ?? 0) });
        // We ended it (timeout, interrupt, a failed become): Python's view of a killed process.
        if (killed) return resolve({ rc: -9 });
        // No exit status: the connection went away under the command.
        reject(new UnreachableError(`${PREFIX}Connection to ${this.spec.host} closed by remote host.`));
      });
    });
    done.catch(() => undefined);
    return {
      onStdout: (cb) => {
        onOut = cb;
        for (const b of early.out.splice(0)) cb(b);
      },
      onStderr: (cb) => {
        onErr = cb;
        for (const b of early.err.splice(0)) cb(b);
      },
      write: (b) => {
        stream.write(b);
      },
      end: () => {
        stream.end();
      },
      kill: () => {
        killed = true;
        stream.signal('KILL');
        stream.close();
      },
      done,
    };
  }

  /**
   * A direct-tcpip channel: the target's sshd connects to address:port and the channel carries the
   * bytes (network modules speak HTTP/TLS over it). Not a session channel, so not counted against
   * MaxSessions. Rejects with ssh2's open-failure error (its `reason` is the SSH reason code).
   */
  async forward(address: string, port: number): Promise<Duplex> {
    const client = await this.connection();
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, address, port, (err, stream) => (err ? reject(err) : resolve(stream)));
    });
  }

  /** The connection's SFTP session, opened once. */
  async sftp(): Promise<SFTPWrapper> {
    const client = await this.connection();
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      client.sftp((err, s) => {
        if (err) {
          this.sftpSession = undefined;
          reject(new UnreachableError(`${PREFIX}${err.message}`));
        } else resolve(countSftp(s));
      });
    });
    return this.sftpSession;
  }

  /** Ends the connection (and its jump connections) for good. */
  close(): void {
    this.closed = true;
    this.client?.end();
    this.client = undefined;
    for (const j of this.jumpClients) j.end();
    this.jumpClients.length = 0;
  }
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15, PIPE: 13, ALRM: 14 };

function fingerprint(key: Buffer): string {
  // OpenSSH: SHA256:<unpadded base64 of the key blob's sha256>.
  return `SHA256:${createHashB64(key)}`;
}

function createHashB64(b: Buffer): string {
  return createHash('sha256').update(b).digest('base64').replace(/=+$/, '');
}
