/**
 * The host's resident shell: one session channel running /bin/sh that reads commands from its
 * input, for the short commands pgplay writes itself (module probes, ExecOptions.resident).
 *
 * Why: a command on a channel of its own costs three round trips (channel open, exec request,
 * exit status and close) and, on the host, sshd's session child and the login shell before the
 * command starts: about 2.4 ms of CPU per command on the lab against 0.4 ms here (measured with
 * `true`; 6.9 ms against 4.0 ms for a file probe). With ten hosts sharing a machine's cores, or
 * a link with real latency, that is most of a warm run.
 *
 * The shell's own variables are named `__pgplay_*` so commands never meet them by chance.
 * `__pgplay_id` (exported) holds `id`'s line, read once when the shell starts (a process's ids do
 * not change): probes print `${__pgplay_id:-$(id)}` (IDENTITY_LINE), so `id` starts only for a
 * command on a channel of its own (about a millisecond of the host's CPU per probe on the lab).
 * Commands still run as `/bin/sh -c '<script>'`, not in a subshell of this shell: the shell's own
 * messages ("/bin/sh: 1: x: not found") then read the same wherever a command ran.
 *
 * Each command is written as `<command> </dev/null; __pgplay_rc=$?; printf …` and its end is a marker with
 * a random nonce on stdout (with the exit status) and on stderr: the output before the marker is
 * the command's. Only commands pgplay wrote run here: a user's command could leave a process
 * behind holding its output, which would then write into the next command's output (over a
 * channel of its own, ssh waits for it instead, as ansible does). One command at a time: a
 * command that finds the shell busy takes a channel of its own.
 *
 * Under sudo the shell itself is started through the become conversation (becomeShell), once,
 * so its commands run as the become user without a sudo (PAM, sudoers, a log line) each.
 */
import { randomBytes } from 'node:crypto';
import type { Channel } from './channel.js';
import { verbatim, type ShellCommand } from './sh.js';
import type { BecomeCommand } from './become.js';
import { UnreachableError } from './errors.js';

interface Pending {
  out: Buffer[];
  err: Buffer[];
  outTail: string;
  errTail: string;
  rc: number | undefined;
  errDone: boolean;
  onOut?: (b: Buffer) => void;
  onErr?: (b: Buffer) => void;
  resolve: (v: { rc: number }) => void;
  reject: (e: Error) => void;
}

/** The resident shell's variable holding `id`'s output (see IDENTITY_LINE). */
const ID_VAR = '__pgplay_id';

/**
 * Prints `id`'s line ("uid=0(root) gid=0(root) groups=…"): from the resident shell's variable when
 * the command runs there, else from `id` itself (a channel of its own).
 */
export const IDENTITY_LINE: ShellCommand = verbatim(`printf '%s\\n' "\${${ID_VAR}:-$(id)}"`);

/** Long enough to hold a marker split across reads. */
const TAIL = 256;

export class ResidentShell {
  private pending: Pending | undefined;
  private dead = false;
  private killedByUs = false;
  private readonly nonce = `pgplay-${randomBytes(12).toString('hex')}`;
  private readonly outEnd: RegExp;
  private readonly errEnd: RegExp;

  /** `owner` is the SSH connection the channel belongs to: a new connection needs a new shell. */
  constructor(private readonly ch: Channel, readonly owner: unknown, private readonly lostText: string) {
    this.outEnd = new RegExp(`\\n${this.nonce} (\\d+)\\n`);
    this.errEnd = new RegExp(`\\n${this.nonce}\\n`);
    ch.onStdout((b) => this.data(b, 'out'));
    ch.onStderr((b) => this.data(b, 'err'));
    ch.done.then(() => this.die(), () => this.die());
    ch.write(`${ID_VAR}=$(id 2>/dev/null) </dev/null; export ${ID_VAR}\n`);
  }

  /** Free for a command now. */
  get idle(): boolean {
    return !this.dead && !this.pending;
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Runs `text` (a complete shell command) with no input; the caller checks `idle` first. */
  run(text: string): Channel {
    if (!this.idle) throw new Error('resident shell is busy');
    let resolve!: Pending['resolve'];
    let reject!: Pending['reject'];
    const done = new Promise<{ rc: number }>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined);
    const p: Pending = { out: [], err: [], outTail: '', errTail: '', rc: undefined, errDone: false, resolve, reject };
    this.pending = p;
    // $? is read before anything else runs; the leading newline lets a marker follow output
    // that does not end in one (it is taken off again with the marker).
    this.ch.write(`${text} </dev/null; __pgplay_rc=$?; printf '\\n%s %d\\n' ${this.nonce} "$__pgplay_rc"; printf '\\n%s\\n' ${this.nonce} >&2\n`);
    return {
      onStdout: (cb) => {
        p.onOut = cb;
      },
      onStderr: (cb) => {
        p.onErr = cb;
      },
      write: (b) => {
        if (b.length) throw new Error('a resident-shell command reads no input');
      },
      end: () => undefined,
      kill: () => this.kill(),
      done,
    };
  }

  /**
   * Ends the shell (a command's timeout or an interrupted run): the next command starts a new one.
   * The command's result is settled at once (rc -9, as for a killed channel): the channel itself
   * closes only when the command, which the shell's death does not stop, lets go of its output.
   */
  kill(): void {
    if (this.dead) return;
    this.killedByUs = true;
    this.die();
    this.ch.kill();
  }

  private data(b: Buffer, which: 'out' | 'err'): void {
    const p = this.pending;
    // Output with no command running can only come from a process a command left behind: the
    // shell is no longer trustworthy, so it goes (its commands were pgplay's, so this is a bug).
    if (!p) return this.kill();
    const tail = (which === 'out' ? p.outTail : p.errTail) + b.toString('latin1');
    (which === 'out' ? p.out : p.err).push(b);
    const m = (which === 'out' ? this.outEnd : this.errEnd).exec(tail);
    if (which === 'out') p.outTail = tail.slice(-TAIL);
    else p.errTail = tail.slice(-TAIL);
    if (!m) return;
    if (m.index + m[0].length !== tail.length) this.killedByUs = true; // something wrote after the marker
    if (which === 'out') p.rc = Number(m[1]);
    else p.errDone = true;
    if (p.rc === undefined || !p.errDone) return;
    this.pending = undefined;
    const body = (parts: Buffer[], re: RegExp) => {
      const all = Buffer.concat(parts);
      const text = all.toString('latin1');
      const at = text.search(re);
      return all.subarray(0, at < 0 ? all.length : at);
    };
    const out = body(p.out, this.outEnd);
    const err = body(p.err, this.errEnd);
    if (out.length) p.onOut?.(out);
    if (err.length) p.onErr?.(err);
    p.resolve({ rc: p.rc });
    if (this.killedByUs) this.kill();
  }

  private die(): void {
    this.dead = true;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    // A command we ended reads as a killed process (as on a channel of its own); otherwise the
    // connection went away under it.
    if (this.killedByUs) p.resolve({ rc: -9 });
    else p.reject(new UnreachableError(this.lostText));
  }
}

/**
 * The become conversation for a resident shell started as `sudo … /bin/sh -c 'echo <marker>;
 * exec /bin/sh'`: the password when the prompt shows, then the success marker. True when the
 * shell is ready; false (the channel ended) on anything else, and the caller's commands go back
 * to channels of their own, whose conversation reports the problem in ansible's words.
 */
export function becomeShell(ch: Channel, become: BecomeCommand, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let answered = false;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!ok) ch.kill();
      resolve(ok);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    const look = () => {
      if (out.split('\n').some((l) => l.trimEnd().endsWith(become.success))) return settle(true);
      const seen = out + err;
      if (become.isIncorrect(seen) || become.isMissing(seen)) return settle(false);
      if (become.isPrompt(seen)) {
        if (answered || become.password === undefined) return settle(false);
        answered = true;
        out = '';
        err = '';
        ch.write(`${become.password}\n`);
      }
    };
    ch.onStdout((b) => {
      out += b.toString('utf8');
      look();
    });
    ch.onStderr((b) => {
      err += b.toString('utf8');
      look();
    });
    ch.done.then(() => settle(false), () => settle(false));
  });
}
