/**
 * Writing a file the way ansible's atomic_move does, in one round trip: the content streams on
 * stdin into a temp file created in the destination directory, gets the replaced file's mode and
 * owner (or 0666 & ~umask when new), then the requested attributes, and is renamed over the
 * destination. An interrupted write leaves at most the temp file (removed by the trap), never a
 * half-written destination.
 */
import { sh, ModuleFailure, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';
import { randomBytes } from 'node:crypto';
import { formatMode } from './file-mode.js';
import { shlexSplit } from './py-shlex.js';
import { parseStatLines, statLines, type FileState } from './file-state.js';

export interface WriteOptions {
  /** Final permission bits (after the replaced file's bits are copied). */
  mode?: number | null;
  owner?: string | null;
  group?: string | null;
  /** Keep a timestamped copy of the replaced file (ansible's backup_local name). */
  backup?: boolean;
  /** A command with %s for the temp file; a non-zero exit aborts the write (ansible's validate). */
  validate?: string | null;
  env?: Record<string, string>;
  /** The temp file to use (default: a fresh name beside dest); results report it as `src`. */
  tmp?: string;
  /** Copy this remote file instead of streaming content (copy's remote_src). */
  fromRemote?: string;
}

export interface WriteResult {
  backupFile?: string;
  /** What validate printed (assemble reports it). */
  validation?: { rc: number; stdout: string; stderr: string };
  /** The destination after the write (lstat, and its target when it is a link). */
  after: FileState;
}

/** A fresh temp name beside dest (same file system, so the final rename is atomic). */
export function tempPathFor(dest: string): string {
  const slash = dest.lastIndexOf('/');
  const dir = slash < 0 ? '.' : slash === 0 ? '' : dest.slice(0, slash);
  return `${dir}/.${dest.slice(slash + 1)}.pgplay-${randomBytes(6).toString('hex')}`;
}

/** The shell lines that create the temp file $t (mode 0600, never an existing file) and remove it on any exit. */
export function tempFileIn(tmp: string): ShellCommand {
  return sh`t=${tmp}; trap 'rm -f "$t"' EXIT; trap 'exit 130' INT TERM HUP; ( umask 077; set -C; : > "$t" ) || exit 70; `;
}

/** chmod/chown "$t" like atomic_move, then the requested attributes. */
export function settleAttributes(dest: string, o: WriteOptions): ShellCommand {
  const inherit = sh`if [ -e ${dest} ] && [ ! -L ${dest} ]; then chmod --reference=${dest} "$t" && chown --reference=${dest} "$t" 2>/dev/null; else chmod "$(printf '%o' $(( 0666 & ~0$(umask) )))" "$t"; fi; `;
  const mode = o.mode != null ? sh`chmod ${formatMode(o.mode)} "$t" || exit 71; ` : sh``;
  const owner = o.owner != null ? sh`chown ${o.owner} "$t" || exit 72; ` : sh``;
  const group = o.group != null ? sh`chgrp ${o.group} "$t" || exit 73; ` : sh``;
  // chown may clear set-id bits, so the mode goes last.
  return sh`${inherit}${owner}${group}${mode}`;
}

/** ansible's backup_local: `<dest>.<pid>.<YYYY-MM-DD@HH:MM:SS>~`, a preserving copy. */
export function backupCommand(dest: string): ShellCommand {
  return sh`if [ -f ${dest} ]; then b=${dest}.$$.$(date +%Y-%m-%d@%H:%M:%S~); cp -p -- ${dest} "$b" || exit 74; printf 'B %s\\n' "$b"; fi; `;
}

const FAILURES: Record<number, string> = { 70: 'could not create a temp file', 71: 'chmod failed', 72: 'chown failed', 73: 'chgrp failed', 74: 'backup failed' };

/** The one shell script of a write: content on stdin (or a remote file) → temp file → rename. */
export function writeScript(dest: string, o: WriteOptions = {}): { script: ShellCommand; tmp: string } {
  const tmp = o.tmp ?? tempPathFor(dest);
  const validate = o.validate
    ? sh`${validateCommand(o.validate, tmp)} >"$t.out" 2>"$t.err"; rc=$?; printf 'V %s\\n' $rc; cat "$t.out"; printf '\\036'; cat "$t.err"; printf '\\037'; rm -f "$t.out" "$t.err"; [ $rc = 0 ] || exit 75; `
    : sh``;
  const script = sh`${tempFileIn(tmp)}${o.fromRemote !== undefined ? sh`cat -- ${o.fromRemote} > "$t"` : sh`cat > "$t"`} || exit 70; ${validate}${o.backup ? backupCommand(dest) : sh``}${settleAttributes(dest, o)}mv -f -- "$t" ${dest} || exit 76; trap - EXIT; ${statLines(dest)}`;
  return { script, tmp };
}

/** Writes `content` to `dest` atomically with the given attributes. */
export async function writeFileAtomic(host: HostConnection, dest: string, content: string | Buffer, o: WriteOptions = {}): Promise<WriteResult> {
  const { script } = writeScript(dest, o);
  const r = await host.exec(script, { stdin: o.fromRemote !== undefined ? '' : content, ...(o.env ? { env: o.env } : {}) });
  const validation = o.validate ? validationOutput(r.stdout) : undefined;
  if (r.rc === 75) throw new ModuleFailure('failed to validate', { exit_status: validation!.rc, stdout: validation!.stdout, stderr: validation!.stderr });
  if (r.rc !== 0) throw new ModuleFailure(`${FAILURES[r.rc] ?? 'could not write'} ${dest}: ${r.stderr.trim()}`);
  // Validate's own output comes first, up to \x1f; our B/S/T/F lines follow it.
  const tail = r.stdout.slice(r.stdout.indexOf('\u001f') + 1);
  const b = /^B (.*)$/m.exec(tail);
  const after = parseStatLines(dest, tail);
  return { after, ...(b ? { backupFile: b[1]! } : {}), ...(validation ? { validation } : {}) };
}

function validationOutput(stdout: string): { rc: number; stdout: string; stderr: string } {
  const start = stdout.indexOf('V ');
  const nl = stdout.indexOf('\n', start);
  const body = stdout.slice(nl + 1, stdout.indexOf('\u001f', nl));
  const [out, err] = body.split('\u001e');
  return { rc: Number(stdout.slice(start + 2, nl)), stdout: out ?? '', stderr: err ?? '' };
}

/** `validate % tmp` split like run_command does (no shell); ansible requires the %s. */
export function validateCommand(validate: string, tmp: string): ShellCommand {
  if (!validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`);
  const words = shlexSplit(validate.replace(/%(s|%)/g, (m) => (m === '%s' ? '\u0000' : '%'))).map((w) => w.split('\u0000').join(tmp));
  return sh`${words}`;
}
