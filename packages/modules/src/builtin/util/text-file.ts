/**
 * Reading and writing a text file the way ansible's file-editing modules (lineinfile,
 * blockinfile, replace, ini_file) do, in as few round trips as possible: one command reads the
 * type, stat, real path, umask and content (and looks up owner/group names); a write is the shared
 * writeFileAtomic (one command: temp file beside the destination, validate, attributes, rename),
 * with backup and validate as ansible's write_changes/backup_local do them.
 */
import { sh, IDENTITY_LINE, ModuleFailure, type ModuleContext, type ShellCommand } from '@pgplay/engine/module-api';
import { backupCommand, writeFileAtomic, type WriteOptions } from './atomic-write.js';
import { statLines, parseStatLines } from './file-state.js';
import { pathInfo } from './path-info.js';

export interface TextFileState {
  /** The path as given (messages and diff headers use it). */
  path: string;
  kind: 'missing' | 'file' | 'directory';
  /** Symlinks resolved (writes go there, as os.path.realpath in the modules). */
  realPath: string;
  content: string;
  /** Permission bits, owner and group of the file (after following links). */
  mode: number;
  uid: number;
  gid: number;
  umask: number;
  /** Who we run as: the owner of files we create. */
  myUid: number;
  myGid: number;
  /** Looked-up ids for the `owner`/`group` options: null when the name does not exist. */
  ownerId?: number | null;
  groupId?: number | null;
  /** add_path_info's keys for the path as it is now (lstat), when it exists. */
  pathInfo?: PathInfo;
}

/** What AnsibleModule.add_path_info adds to a result that has `path` (uid, gid, owner, group, mode, state, size). */
export type PathInfo = Record<string, unknown>;

/** add_path_info for a path after the module acted (one command); {} when it does not exist. */
export async function readPathInfo(ctx: ModuleContext, path: string): Promise<PathInfo> {
  const r = await ctx.host.exec(statLines(path), { resident: true });
  return pathInfo(parseStatLines(path, r.stdout));
}

const SEP = '\0';

/**
 * r = realpath of the existing file $p. An absolute path with no empty, `.` or `..` component and no
 * symbolic link on the way is its own real path: the components are checked with the test builtin,
 * and `readlink -f` (a process) runs only when one is a link or the path is not in that plain shape.
 */
const REALPATH = sh`case $p in /*) case $p in *//*|*/./*|*/../*|*/.|*/..|*/) q=x;; *) q=;; esac;; *) q=x;; esac
  q1=; rest=\${p#/}; while [ -z "$q" ]; do c=\${rest%%/*}; q1=\${q1:-}/$c; if [ -L "$q1" ]; then q=x; break; fi; [ "$rest" = "$c" ] && break; rest=\${rest#*/}; done
  if [ -n "$q" ]; then r=$(readlink -f -- "$p") || exit 3; else r=$p; fi`;

/**
 * The sh probe: everything the modules need in one command (exported for the test comparing it
 * with the resident Python server's 'text' op, engine connection/native-text-op.ts). It runs once
 * per task per host when the server does not answer, so it spawns as few processes as it can: the
 * umask builtin and `id`'s line (read once by the resident shell: IDENTITY_LINE) print the first
 * field, and the followed stat (`stat -L`) is made only for a link: otherwise the lstat line
 * already holds its values; the stat lines are printed, not captured (a subshell less).
 */
export function textProbeScript(path: string, owner: string, group: string): ShellCommand {
  return sh`p=${path}; o=${owner}; g=${group}
ou=; if [ -n "$o" ]; then ou=$(id -u -- "$o" 2>/dev/null) || ou=x; fi
gg=; if [ -n "$g" ]; then gg=$(getent group -- "$g" 2>/dev/null | cut -d: -f3); [ -n "$gg" ] || gg=x; fi
if [ -d "$p" ]; then t=directory; elif [ -e "$p" ]; then t=file; else t=missing; fi
umask; ${IDENTITY_LINE}; printf '\\0%s\\0%s\\0%s\\0' "$t" "$ou" "$gg"
if [ "$t" = file ]; then
  s=; if [ -L "$p" ]; then s=$(stat -L -c '%a %u %g %s' -- "$p") || exit 3; fi
  ${REALPATH}
  printf '%s\\0%s\\0' "$s" "$r"; ${statLines(path)} || exit 3; printf '\\0'
  exec cat -- "$p"
fi`;
}

/** Reads everything the modules need in one command. `owner`/`group` are looked up when not numeric. */
export async function probeTextFile(ctx: ModuleContext, path: string, lookup: { owner?: string; group?: string } = {}): Promise<TextFileState> {
  const owner = lookup.owner ?? '';
  const group = lookup.group ?? '';
  // The host's resident Python server first (no process started on the host): it answers with
  // what this script prints when it succeeds, or not at all (it declines what would fail).
  const one = (v: string) => (v ? [v] : []);
  let stdout = ctx.host.native ? await ctx.host.native('text', { path: [path], owner: one(owner), group: one(group) }) : null;
  if (stdout === null) {
    const r = await ctx.host.exec(textProbeScript(path, owner, group), { resident: true });
    if (r.rc !== 0) throw new ModuleFailure(`Unable to read ${path}: ${r.stderr.trim()}`, { rc: r.rc });
    stdout = r.stdout;
  }
  const fields = stdout.split(SEP);
  const [ids, kind, ou, gg] = fields;
  // "0022\nuid=0(root) gid=0(root) …\n": the umask, then id's line (euid=/egid= follow when they
  // differ: the effective ids are the ones `id -u`/`id -g` print).
  const [umask, idLine] = (ids ?? '').split('\n');
  const idOf = (k: string) => new RegExp(`(?:^| )${k}=(\\d+)`).exec(idLine ?? '')?.[1];
  const myUid = Number(idOf('euid') ?? idOf('uid'));
  const myGid = Number(idOf('egid') ?? idOf('gid'));
  const id = (v: string | undefined) => (v === undefined || v === '' ? undefined : v === 'x' ? null : Number(v));
  const st: TextFileState = {
    path, kind: kind as TextFileState['kind'], realPath: path, content: '', mode: 0, uid: myUid, gid: myGid,
    umask: parseInt(umask || '22', 8), myUid, myGid, ownerId: id(ou), groupId: id(gg),
  };
  if (kind !== 'file') return st;
  const lstat = parseStatLines(path, fields[6]!);
  // Not a link: the file's own stat is the followed one.
  const [mode, uid, gid, size] = fields[4] ? fields[4].split(' ') : [(lstat.mode ?? 0).toString(8), lstat.uid, lstat.gid, lstat.size];
  st.mode = parseInt(String(mode), 8);
  st.uid = Number(uid);
  st.gid = Number(gid);
  st.realPath = fields[5]!;
  st.pathInfo = pathInfo(lstat);
  // Everything after the 7th separator is the content (which may itself hold NULs).
  let at = 0;
  for (let i = 0; i < 7; i++) at = stdout.indexOf(SEP, at) + 1;
  st.content = stdout.slice(at);
  if (Buffer.byteLength(st.content, 'utf8') !== Number(size)) {
    throw new ModuleFailure(`${path} is not UTF-8 text: pgplay does not support editing files in other encodings yet`);
  }
  return st;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i);
}

/** ansible's backup_local (`<path>.<pid>.<YYYY-mm-dd@HH:MM:SS>~`, a preserving copy), made before
 * the write as the text modules do (a failed validate leaves the backup behind, as in ansible). */
export async function backupTextFile(ctx: ModuleContext, path: string): Promise<string> {
  const r = await ctx.host.exec(sh`${backupCommand(path)}true`);
  if (r.rc !== 0) throw new ModuleFailure(`Could not make backup of ${path}: ${r.stderr.trim()}`);
  return /^B (.*)$/m.exec(r.stdout)?.[1] ?? '';
}

/** Creates the parent directories of a file that does not exist yet (os.makedirs). */
export async function makeParents(ctx: ModuleContext, path: string, errorMessage: (dir: string, err: string) => string): Promise<void> {
  const dir = dirOf(path);
  if (!dir) return;
  const r = await ctx.host.exec(sh`[ -d ${dir} ] || mkdir -p -- ${dir}`);
  if (r.rc !== 0) throw new ModuleFailure(errorMessage(dir, r.stderr.trim()));
}

/**
 * write_changes: the new content replaces the file atomically (the shared writeFileAtomic: one
 * command, temp file beside it, the replaced file's mode and owner kept, or 0666 & ~umask when
 * new), with the attribute changes already planned applied to the temp file before the rename.
 * A failed `validate` fails with the text modules' message.
 */
export async function writeTextFile(ctx: ModuleContext, st: TextFileState, content: string, o: { validate?: string; attrs?: WriteOptions }): Promise<void> {
  const target = st.kind === 'file' ? st.realPath : st.path;
  try {
    await writeFileAtomic(ctx.host, target, content, { ...o.attrs, ...(o.validate != null ? { validate: o.validate } : {}) });
  } catch (e) {
    if (e instanceof ModuleFailure && e.message === 'failed to validate') {
      throw new ModuleFailure(`failed to validate: rc:${String(e.result['exit_status'])} error:${String(e.result['stderr'])}`);
    }
    throw e;
  }
}
