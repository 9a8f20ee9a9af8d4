/**
 * Several commands in one round trip. Ansible's service modules run a command, look at it, run the
 * next; pgplay sends the probes a task needs as one script and gets each command's exit status,
 * stdout and stderr back separately. After each command the script writes a marker line with a
 * random nonce to stdout (with the exit status) and to stderr, and the output is split at them:
 * no command knows the nonce, so none can fake a boundary, and no process is spent on framing
 * (temp files and base64 per command were half of a systemd task's cost on the host).
 * Each command runs in a subshell (its `exit` ends only itself); the prelude's exports reach all.
 */
import { randomBytes } from 'node:crypto';
import { sh, ModuleFailure, type ExecResult, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';

/**
 * `guarded`: the first so many commands are actions whose failure ends the batch (the result list
 * is then shorter); the rest run whatever happened before them. `resident`: read-only probes that
 * may run on the connection's resident shell (ExecOptions.resident).
 */
export async function execBatch(host: HostConnection, cmds: readonly ShellCommand[], prelude: ShellCommand = sh``, opts: { guarded?: number; resident?: boolean } = {}): Promise<ExecResult[]> {
  if (cmds.length === 0) return [];
  const guarded = opts.guarded ?? 0;
  const nonce = `pgplay-batch-${randomBytes(12).toString('hex')}`;
  const each = cmds.map((c, i) => {
    // The marker's leading newline lets it follow output that does not end in one.
    const one = sh`( ${c} ) </dev/null; r=$?; printf '\\n%s R %s\\n' ${nonce} "$r"; printf '\\n%s E\\n' ${nonce} >&2`;
    return i < guarded ? sh`${one}; [ "$r" = 0 ] || exit 0` : one;
  });
  // The start markers cut off anything the prelude printed.
  let script = sh`${prelude}
printf '%s S\\n' ${nonce}; printf '%s S\\n' ${nonce} >&2`;
  for (const c of each) script = sh`${script}
${c}`;
  const r = await host.exec(script, opts.resident ? { resident: true } : {});
  const outs = afterStart(r.stdout, nonce).split(new RegExp(`\\n${nonce} R (\\d+)\\n`));
  const errs = afterStart(r.stderr, nonce).split(`\n${nonce} E\n`);
  // split() with one capture group: [out0, rc0, out1, rc1, …, rest].
  const n = (outs.length - 1) / 2;
  if (r.rc !== 0 || n > cmds.length || errs.length !== n + 1 || (n < cmds.length && !outs.some((v, i) => i % 2 === 1 && (i - 1) / 2 < guarded && v !== '0'))) {
    throw new ModuleFailure(`probe commands failed on the host (rc ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  return Array.from({ length: n }, (_, i) => ({ rc: Number(outs[2 * i + 1]), stdout: outs[2 * i]!, stderr: errs[i]! }));
}

function afterStart(text: string, nonce: string): string {
  const start = `${nonce} S\n`;
  const at = text.indexOf(start);
  return at < 0 ? text : text.slice(at + start.length);
}
