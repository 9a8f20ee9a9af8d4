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
import type { ExecOptions, ExecResult, HostConnection, StatResult } from '../module-api.js';
import type { ShellCommand } from './sh.js';

export class LocalConnection implements HostConnection {
  constructor(
    readonly name: string,
    private readonly baseEnv: Record<string, string> = {},
  ) {}

  exec(cmd: ShellCommand | readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
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
    try {
      await fs.writeFile(tmp, content, { mode: opts.mode ? parseInt(opts.mode, 8) : 0o600, flag: 'wx' });
      if (opts.mode) await fs.chmod(tmp, parseInt(opts.mode, 8));
      await fs.rename(tmp, remotePath);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  fetch(remotePath: string): Promise<Buffer> {
    return fs.readFile(remotePath);
  }

  async readFile(path: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async stat(path: string): Promise<StatResult> {
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
