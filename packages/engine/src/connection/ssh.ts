/**
 * The SSH connection as modules see it (HostConnection): one task's view of the host's shared
 * SshTransport with that task's become settings. Commands go through the become conversation
 * (channel.ts); files go over SFTP to a temp file in the destination directory and are renamed
 * into place (posix-rename), or, under become, are streamed through the become'd command's input
 * into the same temp-and-rename, so no file readable by others ever holds them.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import type { ExecOptions, ExecResult, HostConnection, StatResult } from '../module-api.js';
import { ModuleFailure } from '../module-api.js';
import { sh, asWord, verbatim, type ShellCommand } from './sh.js';
import { buildBecome, becomeKey, type BecomeSpec } from './become.js';
import { runOnChannel, type RawResult } from './channel.js';
import { commandText, programNotFound } from './command-text.js';
import type { SshTransport } from './ssh-transport.js';
import type { Duplex } from 'node:stream';
import { openForwardedTcp, type OpenTcpOptions } from './open-tcp.js';
import { nativeProbesEnabled, type NativeOp } from './native-coprocess.js';
import { nativeBecome } from './native-become.js';
import { type CommandRunner, withPrivateTempDir, moduleFailure, putViaCommand, readViaCommand, statViaCommand } from './remote-files.js';

const CHUNK = 64 * 1024;
/** `/bin/sh -c` and one word as quote() writes it: bare safe characters, or '…' with '\'' for quotes. */
const SH_C_ONE_WORD = /^\/bin\/sh -c (?:[A-Za-z0-9_@%+=:,./-]+|'(?:[^']|'\\'')*')$/;
const IN_FLIGHT = 16;

export class SshConnection implements HostConnection {
  constructor(
    readonly name: string,
    private readonly transport: SshTransport,
    private readonly becomeSpec: BecomeSpec | null,
    private readonly signal?: AbortSignal,
  ) {}

  /** What modules may know of the become (never its password). */
  get become(): { method: 'sudo' | 'su'; user: string } | null {
    return this.becomeSpec ? { method: this.becomeSpec.method, user: this.becomeSpec.user } : null;
  }

  private readonly runner: CommandRunner = { run: (cmd, o) => this.runWithRetries(cmd, o) };

  private async run(cmd: ShellCommand, opts: { stdin?: string | Buffer; become: boolean; pty?: boolean; timeoutMs?: number; resident?: boolean }): Promise<RawResult> {
    const spec = opts.become && this.becomeSpec ? this.becomeSpec : undefined;
    const resident = opts.resident === true && !opts.pty && (opts.stdin === undefined || opts.stdin.length === 0) && (!spec || spec.method === 'sudo');
    const key = spec ? becomeKey(spec) : '';
    // A resident shell under sudo runs the command itself: no become conversation per command.
    if (resident && spec) {
      const one = SH_C_ONE_WORD.test(cmd.text) ? cmd.text : sh`/bin/sh -c ${asWord(cmd)}`.text;
      const promptTimeoutMs = (this.transport.spec.connectTimeoutS + 2) * 1000;
      const ch = await this.transport.openResident(one, { key, command: () => buildBecome(sh`exec /bin/sh`, spec), promptTimeoutMs });
      if (ch) {
        return runOnChannel(async () => ch, cmd, {
          ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(this.signal ? { signal: this.signal } : {}),
        });
      }
    }
    const b = spec ? buildBecome(cmd, spec) : undefined;
    // As ansible (allow_executable): the whole command, become included, runs under /bin/sh -c,
    // whatever the login shell is. A command that already is exactly `/bin/sh -c <one word>`
    // (every ShellCommand without env or cwd) is sent as it is: the login shell parses the same
    // one-word form either way, and the host spares a shell (dash forks for a -c command).
    // The resident shell (dash) parses that one-word form the same way too.
    const open = async (text: string, o: { pty: boolean }) => {
      const one = SH_C_ONE_WORD.test(text) ? text : sh`/bin/sh -c ${asWord(verbatim(text))}`.text;
      return (resident && !b ? await this.transport.openResident(one) : undefined) ?? this.transport.openExec(one, o);
    };
    const go = (pty: boolean) => runOnChannel(open, cmd, {
      become: b, stdin: opts.stdin, pty, promptTimeoutMs: (this.transport.spec.connectTimeoutS + 2) * 1000,
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(this.signal ? { signal: this.signal } : {}),
    });
    const r = await go(opts.pty ?? false);
    // sudoers `requiretty`: ansible never meets it (its modules run under ssh -tt); run again with a tty.
    if (r.becomeFailed && !opts.pty && r.stderr.toString('utf8').includes('you must have a tty to run sudo')) return go(true);
    if (b && !r.becomeFailed && !opts.pty) this.transport.noteBecomeWorks(key);
    return r;
  }

  private async runWithRetries(cmd: ShellCommand, opts: Parameters<SshConnection['run']>[1]): Promise<RawResult> {
    // ansible_ssh_retries: a command whose connection failed (ssh's rc 255) is run again.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.run(cmd, opts);
      } catch (e) {
        if (attempt >= this.transport.spec.retries || (e as Error).name !== 'UnreachableError') throw e;
      }
    }
  }

  async exec(cmd: ShellCommand | readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    // ansible runs raw commands with a tty (ssh -tt): their output has \r\n line ends, stderr merged.
    const pty = opts.raw === true && opts.stdin === undefined;
    const r = await this.runWithRetries(commandText(cmd, opts), {
      become: opts.become ?? true, pty, resident: opts.resident === true, ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    if (r.becomeFailed && !opts.raw) throw moduleFailure(ttyLike(r, this.transport.spec.host));
    const stderr = r.stderr.toString('utf8');
    if (Array.isArray(cmd)) {
      const missing = programNotFound(r.rc, stderr, cmd[0] as string);
      if (missing) throw missing;
    }
    // With ssh -tt, OpenSSH's own goodbye ends up in a raw command's stderr; ansible reports it.
    return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: pty ? `${stderr}Shared connection to ${this.transport.spec.host} closed.\r\n` : stderr };
  }

  /**
   * The host's resident Python file probe (native-coprocess.ts). Under sudo a server of its own
   * started through the become conversation (native-become.ts), so it answers as the become user;
   * under su the probes keep the sh path (su's commands never get a resident shell either).
   */
  async native(op: NativeOp, request: Record<string, unknown>): Promise<string | null> {
    const become = this.becomeSpec ? nativeBecome(this.becomeSpec, (this.transport.spec.connectTimeoutS + 2) * 1000) : undefined;
    if ((this.becomeSpec && !become) || !nativeProbesEnabled()) return null;
    // A connection problem is the sh probe's to report, in its words.
    return this.transport.native(op, request, become).catch(() => null);
  }

  async put(content: string | Buffer, remotePath: string, opts: { mode?: string } = {}): Promise<void> {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const tmp = posix.join(posix.dirname(remotePath), `.${posix.basename(remotePath)}.pgplay-${randomBytes(6).toString('hex')}`);
    const mode = opts.mode ?? '0600';
    if (this.become || this.transport.filesByCommand) {
      return putViaCommand(this.runner, data, remotePath, tmp, mode);
    }
    const sftp = await this.transport.sftp();
    try {
      await writeAll(sftp, tmp, data, parseInt(mode, 8), this.signal);
      await call((cb) => sftp.ext_openssh_rename(tmp, remotePath, cb));
    } catch (e) {
      await call((cb) => sftp.unlink(tmp, cb)).catch(() => undefined);
      throw e instanceof Error && !(e instanceof ModuleFailure) && (e as Error).name !== 'UnreachableError' && (e as Error).name !== 'AbortError'
        ? new ModuleFailure(`cannot write ${remotePath}: ${(e as Error).message}`) : e;
    }
  }

  async fetch(remotePath: string): Promise<Buffer> {
    const data = await this.readFile(remotePath);
    if (data === null) throw new ModuleFailure(`file not found: ${remotePath}`);
    return data;
  }

  async readFile(path: string): Promise<Buffer | null> {
    if (this.become || this.transport.filesByCommand) return readViaCommand(this.runner, path);
    const sftp = await this.transport.sftp();
    return new Promise((resolve, reject) => {
      sftp.readFile(path, (err: Error & { code?: number } | null | undefined, data: Buffer) => {
        if (!err) return resolve(data);
        if (err.code === 2) return resolve(null);
        reject(new ModuleFailure(`cannot read ${path}: ${err.message}`));
      });
    });
  }

  stat(path: string): Promise<StatResult> {
    return statViaCommand(this.runner, path);
  }

  openTcp(host: string, port: number, opts: OpenTcpOptions = {}): Promise<Duplex> {
    return openForwardedTcp({
      forward: (address, p) => this.transport.forward(address, p),
      hostLabel: this.transport.spec.host,
      // Names are resolved where ansible resolves them: on the target (only when the guard is on).
      resolveOnTarget: async (name) => {
        const r = await this.exec(sh`getent ahosts ${name}`, { become: false });
        return [...new Set(r.stdout.split('\n').map((l) => l.split(/\s+/)[0] ?? '').filter((a) => a !== ''))];
      },
    }, host, port, { ...opts, ...(this.signal && !opts.signal ? { signal: this.signal } : {}) });
  }

  withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const login = this.transport.spec.user;
    const b = this.becomeSpec;
    const unprivileged = b && b.user !== 'root' && b.user !== login ? { unprivilegedBecome: b.user } : {};
    return withPrivateTempDir((cmd) => this.exec(cmd, { become: false }), { loginUser: login, ...unprivileged }, fn);
  }
}

/**
 * ansible runs modules over `ssh -tt`: a become that failed before the module ran shows its output
 * with \r\n line ends in module_stdout, and OpenSSH's goodbye as module_stderr.
 */
function ttyLike(r: RawResult, host: string): RawResult {
  const merged = Buffer.concat([r.stdout, r.stderr]).toString('utf8').replace(/\r?\n/g, '\r\n');
  return { ...r, stdout: Buffer.from(merged), stderr: Buffer.from(`Shared connection to ${host} closed.\r\n`) };
}

function call(f: (cb: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => f((err) => (err ? reject(err) : resolve())));
}

/** Writes `data` to a new file (O_EXCL) with pipelined SFTP writes, stopping at `signal`. */
async function writeAll(sftp: SFTPWrapper, path: string, data: Buffer, mode: number, signal?: AbortSignal): Promise<void> {
  const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(path, 'wx', { mode }, (err, h) => (err ? reject(err) : resolve(h))));
  try {
    let next = 0;
    const worker = async () => {
      while (next < data.length) {
        if (signal?.aborted) throw Object.assign(new Error('interrupted'), { name: 'AbortError' });
        const at = next;
        const len = Math.min(CHUNK, data.length - at);
        next += len;
        await call((cb) => sftp.write(handle, data, at, len, at, cb));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await call((cb) => sftp.fchmod(handle, mode, cb));
  } finally {
    await call((cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}
