/**
 * Several commands in one round trip. Ansible's service modules run a command, look at it, run the
 * next; pgplay sends the probes a task needs as one script and gets each command's exit status,
 * stdout and stderr back separately (base64 on one line each, so no output can fake a boundary).
 * Each command runs in a subshell (its `exit` ends only itself); the prelude's exports reach all.
 */
import { sh, ModuleFailure, type ExecResult, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';

/**
 * `guarded`: the first so many commands are actions whose failure ends the batch (the result list
 * is then shorter); the rest run whatever happened before them.
 */
export async function execBatch(host: HostConnection, cmds: readonly ShellCommand[], prelude: ShellCommand = sh``, opts: { guarded?: number } = {}): Promise<ExecResult[]> {
  if (cmds.length === 0) return [];
  const guarded = opts.guarded ?? 0;
  const each = cmds.map((c, i) => {
    const one = sh`( ${c} ) >"$d/o" 2>"$d/e" </dev/null; r=$?; printf '%s %s %s\\n' "$r" "$(base64 -w0 <"$d/o")" "$(base64 -w0 <"$d/e")"`;
    return i < guarded ? sh`${one}; [ "$r" = 0 ] || exit 0` : one;
  });
  let script = sh`d=$(mktemp -d) || exit 97; trap 'rm -rf "$d"' EXIT; ${prelude}`;
  for (const c of each) script = sh`${script}
${c}`;
  const r = await host.exec(script);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  if (r.rc !== 0 || lines.length > cmds.length || (lines.length < cmds.length && !lines.some((l, i) => i < guarded && !l.startsWith('0 ')))) {
    throw new ModuleFailure(`probe commands failed on the host (rc ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  return lines.map((l) => {
    const [rc = '', out = '', err = ''] = l.split(' ');
    return { rc: Number(rc), stdout: Buffer.from(out, 'base64').toString('utf8'), stderr: Buffer.from(err, 'base64').toString('utf8') };
  });
}
