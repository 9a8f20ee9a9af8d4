/**
 * The local connection (`connection: local`, implicit localhost): commands run on the controller
 * under /bin/sh, files are written atomically with a temp file and a rename in the same directory.
 * Processes are spawned directly (node:child_process): the command text is already quoted by
 * sh`…`, so a second quoting layer (zx's) would only get in the way.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import type { ExecOptions, ExecResult, HostConnection, StatResult } from '../module-api.js';
import type { ShellCommand } from './sh.js';
import type { Duplex } from 'node:stream';
import { openLocalTcp, type OpenTcpOptions } from './open-tcp.js';
import { nativeProbesEnabled, type NativeOp } from './native-coprocess.js';
import { localNative, noteLocalBecomeWorks } from './local-native.js';
import { nativeBecome } from './native-become.js';
import type { BecomeSpec } from './become.js';
import { buildBecome, becomeKey } from './become.js';
import { runOnChannel, type Channel, type RawResult } from './channel.js';
import { commandText, programNotFound } from './command-text.js';
import { type CommandRunner, moduleFailure, putViaCommand, readViaCommand, statViaCommand, withPrivateTempDir } from './remote-files.js';

/** A local process as a channel for the become conversation (no tty: sudo -S reads its input). */
function spawnChannel(text: string, env: NodeJS.ProcessEnv): Promise<Channel> {
  const child = spawn('/bin/sh', ['-c', text], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  const done = new Promise<{ rc: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ rc: code ?? (sig ? -signalNumber(sig) : -1) }));
  });
  return Promise.resolve({
    onStdout: (cb) => child.stdout.on('data', cb),
    onStderr: (cb) => child.stderr.on('data', cb),
    write: (b) => {
      child.stdin.write(b);
    },
    end: () => {
      child.stdin.end();
    },
    kill: () => {
      child.kill('SIGKILL');
    },
    done,
  });
}

export class LocalConnection implements HostConnection {
  constructor(
    readonly name: string,
    private readonly baseEnv: Record<string, string> = {},
    /** The task's become (sudo/su on this machine), null without. */
    private readonly becomeSpec: BecomeSpec | null = null,
    private readonly signal?: AbortSignal,
  ) {}

  /** What modules may know of the become (never its password). */
  get become(): { method: 'sudo' | 'su'; user: string } | null {
    return this.becomeSpec ? { method: this.becomeSpec.method, user: this.becomeSpec.user } : null;
  }

  private readonly runner: CommandRunner = {
    run: (cmd, o) => this.runBecome(cmd, o),
  };

  private runBecome(cmd: ShellCommand, o: { stdin?: string | Buffer; become: boolean; timeoutMs?: number }): Promise<RawResult> {
    const b = o.become && this.becomeSpec ? buildBecome(cmd, this.becomeSpec) : undefined;
    const env = { ...process.env, ...this.baseEnv };
    const r = runOnChannel((text) => spawnChannel(text, env), cmd, {
      become: b, stdin: o.stdin, promptTimeoutMs: 12_000, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(this.signal ? { signal: this.signal } : {}),
    });
    // The become'd file probe server starts only after a command went through the conversation.
    if (b) void r.then((x) => !x.becomeFailed && noteLocalBecomeWorks(this.baseEnv, becomeKey(this.becomeSpec!)), () => undefined);
    return r;
  }

  async exec(cmd: ShellCommand | readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (this.become && opts.become !== false) {
      const r = await this.runBecome(commandText(cmd, opts), { become: true, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
      if (r.becomeFailed && !opts.raw) throw moduleFailure(r);
      if (Array.isArray(cmd)) {
        const missing = programNotFound(r.rc, r.stderr.toString('utf8'), cmd[0] as string);
        if (missing) throw missing;
      }
      return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
    }
    return this.execDirect(cmd, opts);
  }

  openTcp(host: string, port: number, opts: OpenTcpOptions = {}): Promise<Duplex> {
    return openLocalTcp(host, port, { ...opts, ...(this.signal && !opts.signal ? { signal: this.signal } : {}) });
  }

  /** The resident Python file probe (local-native.ts); under sudo started through the conversation, under su the sh probe, as on SSH. */
  async native(op: NativeOp, request: Record<string, unknown>): Promise<string | null> {
    const become = this.becomeSpec ? nativeBecome(this.becomeSpec, 12_000) : undefined;
    if ((this.becomeSpec && !become) || !nativeProbesEnabled()) return null;
    return localNative(this.baseEnv, op, request, become).catch(() => null);
  }

  withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const login = userInfo().username;
    const b = this.becomeSpec;
    const unprivileged = b && b.user !== 'root' && b.user !== login ? { unprivilegedBecome: b.user } : {};
    return withPrivateTempDir((cmd) => this.exec(cmd, { become: false }), { loginUser: login, ...unprivileged }, fn);
  }

  private execDirect(cmd: ShellCommand | readonly string[], opts: ExecOptions): Promise<ExecResult> {
    const [file, argv] = Array.isArray(cmd) ? [cmd[0] as string, cmd.slice(1) as string[]] : ['/bin/sh', ['-c', (cmd as ShellCommand).text]];
    return new Promise((resolve, reject) => {
      const child = spawn(file, argv, {
        cwd: opts.cwd,
        env: { ...process.env, ...this.baseEnv, ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      // An aborted command resolves like a killed one (its close event follows the abort error).
      child.on('error', (e) => (e.name === 'AbortError' ? undefined : reject(e)));
      child.on('close', (code, signal) => {
        resolve({ rc: code ?? (signal ? -signalNumber(signal) : -1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
      child.stdin.on('error', () => undefined); // a command that never reads stdin closes the pipe early
      child.stdin.end(opts.stdin ?? '');
    });
  }

  async put(content: string | Buffer, remotePath: string, opts: { mode?: string } = {}): Promise<void> {
    const tmp = join(dirname(remotePath), `.${basename(remotePath)}.pgplay-${randomBytes(6).toString('hex')}`);
    if (this.become) return putViaCommand(this.runner, typeof content === 'string' ? Buffer.from(content) : content, remotePath, tmp, opts.mode ?? '0600');
    try {
      await fs.writeFile(tmp, content, { mode: opts.mode ? parseInt(opts.mode, 8) : 0o600, flag: 'wx' });
      if (opts.mode) await fs.chmod(tmp, parseInt(opts.mode, 8));
      await fs.rename(tmp, remotePath);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async fetch(remotePath: string): Promise<Buffer> {
    if (!this.become) return fs.readFile(remotePath);
    const data = await readViaCommand(this.runner, remotePath);
    if (data === null) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${remotePath}'`), { code: 'ENOENT' });
    return data;
  }

  async readFile(path: string): Promise<Buffer | null> {
    if (this.become) return readViaCommand(this.runner, path);
    try {
      return await fs.readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async stat(path: string): Promise<StatResult> {
    if (this.become) return statViaCommand(this.runner, path);
    try {
      const st = await fs.lstat(path);
      const type = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
      return {
        exists: true, type, mode: (st.mode & 0o7777).toString(8).padStart(4, '0'), uid: st.uid, gid: st.gid, size: st.size,
        mtime: st.mtimeMs / 1000, ...(type === 'link' ? { linkTarget: await fs.readlink(path) } : {}),
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
      throw e;
    }
  }
}

// Python reports a command killed by signal N as rc -N; the module results carry that.
const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13, SIGALRM: 14 };
function signalNumber(s: NodeJS.Signals): number {
  return SIGNALS[s] ?? 0;
}
