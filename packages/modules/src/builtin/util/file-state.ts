/**
 * One round trip to learn everything a file module needs about some paths: lstat (and stat of a
 * link's target), the link target, a checksum of regular files, the umask, and owner/group names
 * resolved to ids. A single `sh` script (GNU stat and coreutils, as on Debian/Ubuntu) so a task
 * costs one probe, however many facts it needs.
 */
import { sh, IDENTITY_LINE, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';

export type FileType = 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'char' | 'block' | 'other';

export interface FileState {
  path: string;
  exists: boolean;
  type?: FileType;
  /** Permission bits only (S_IMODE). */
  mode?: number;
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  /** Seconds since the epoch, with the nanoseconds Python's os.stat gives. */
  atime?: number;
  mtime?: number;
  ctime?: number;
  inode?: number;
  dev?: number;
  nlink?: number;
  blocks?: number;
  blockSize?: number;
  rdevMajor?: number;
  rdevMinor?: number;
  linkTarget?: string;
  /** stat of what a link points to (when asked to follow); exists=false for a dangling link. */
  target?: FileState;
  checksum?: string;
  /** os.access R_OK/W_OK/X_OK (through links), when asked for. */
  access?: { r: boolean; w: boolean; x: boolean };
  /** os.path.realpath of a link, when asked for. */
  realpath?: string;
  /** `file --mime-type --mime-encoding` output, when asked for (null when it failed). */
  mime?: string | null;
  /** `lsattr -vd` output, when asked for (null when it failed: links, file systems without flags). */
  lsattr?: string | null;
}

export interface WalkEntry {
  path: string;
  type: FileType;
  /** The type through a link ('missing' for a dangling one). */
  followedType: FileType | 'missing';
  mode: number;
  uid: number;
  gid: number;
}

const FIND_TYPES: Record<string, FileType | 'missing'> = { f: 'file', d: 'directory', l: 'link', p: 'fifo', s: 'socket', c: 'char', b: 'block', N: 'missing', L: 'missing' };

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface ProbeRequest {
  paths: string[];
  /** Checksum regular files (through links when follow is set) with this algorithm. */
  checksum?: ChecksumAlgorithm;
  /** Also stat the targets of links. */
  follow?: boolean;
  users?: string[];
  groups?: string[];
  /** Directories whose whole tree to list (find's pre-order, readdir order within a directory). */
  walk?: string[];
  /** What ansible's stat module adds: access bits, realpath of links, mime type, file attributes. */
  extras?: { mime?: boolean; attributes?: boolean };
}

export interface ProbeResult {
  files: FileState[];
  umask: number;
  /** name → uid (null: no such user); numeric names map to themselves. */
  uids: Record<string, number | null>;
  gids: Record<string, number | null>;
  /** Per walked root: its entries, in find's order. */
  walks: Record<string, WalkEntry[]>;
  /** The connecting user's primary uid/gid, for new files. */
  uid: number;
  gid: number;
}

const STAT_FORMAT = '%f %u %g %s %.9X %.9Y %.9Z %i %d %h %b %o %t %T %U %G';

const TYPES: Record<number, FileType> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'link', 0o010000: 'fifo', 0o140000: 'socket', 0o020000: 'char', 0o060000: 'block' };

export function parseStat(path: string, line: string): FileState {
  const f = line.split(' ');
  const raw = parseInt(f[0]!, 16);
  const n = (i: number) => Number(f[i]);
  const t = (i: number) => {
    const [s, ns] = f[i]!.split('.');
    return Number(s) + Number(ns ?? 0) * 1e-9;
  };
  return {
    path, exists: true, type: TYPES[raw & 0o170000] ?? 'other', mode: raw & 0o7777, uid: n(1), gid: n(2), size: n(3),
    atime: t(4), mtime: t(5), ctime: t(6), inode: n(7), dev: n(8), nlink: n(9), blocks: n(10), blockSize: n(11),
    rdevMajor: parseInt(f[12]!, 16), rdevMinor: parseInt(f[13]!, 16), owner: f[14], group: f[15],
  };
}

/**
 * The probe script; its output is one tagged line per fact. It runs once per task per host, so
 * it spawns as few processes as it can (the host benchmark's warm run is bound by them): the
 * umask comes from the builtin printing its own line, uid and gid from `id`'s line (which the
 * resident shell read once: IDENTITY_LINE), one `stat` for
 * all the paths (combined; path by path only when a path vanished under it), stat and the
 * sum program print their own lines after the tag (no command substitution: one fork less
 * each; `|| echo` still ends the line when they fail), and the sum's "<hash>  -" is cut in
 * probeFiles, not by `cut`.
 */
function probeScript(req: ProbeRequest, combined: boolean): ShellCommand {
  const sum = req.checksum ? `${req.checksum}sum` : '';
  const statL = req.follow ? sh`if [ -L "$p" ]; then echo "F $(stat -L -c ${STAT_FORMAT} -- "$p" 2>/dev/null)"; printf 'R %s\\n' "$(realpath -m -- "$p")"; fi; ` : sh``;
  const checksum = sum
    ? sh`if [ -f "$p" ] && [ -r "$p" ] && { [ ! -L "$p" ] || [ ${req.follow ? '1' : '0'} = 1 ]; }; then printf 'C '; ${sum} < "$p" || echo; fi; `
    : sh``;
  const users = (req.users ?? []).reduce((acc, u) => sh`${acc}echo "U $(id -u -- ${u} 2>/dev/null || echo -) "${u}; `, sh``);
  const groups = (req.groups ?? []).reduce((acc, g) => sh`${acc}echo "G $(getent group ${g} | cut -d: -f3 | grep . || echo -) "${g}; `, sh``);
  const x = req.extras;
  const extras = x
    ? sh`echo "A $([ -r "$p" ] && echo r)$([ -w "$p" ] && echo w)$([ -x "$p" ] && echo x)"; ${!req.follow ? sh`if [ -L "$p" ]; then printf 'R %s\\n' "$(realpath -m -- "$p")"; fi; ` : sh``}${x.mime ? sh`m=$(file --mime-type --mime-encoding -- "$p" 2>/dev/null) && printf 'Y %s\\n' "$m"; ` : sh``}${x.attributes ? sh`a=$(lsattr -vd -- "$p" 2>/dev/null) && printf 'V %s\\n' "$a"; ` : sh``}`
    : sh``;
  const walk = (req.walk ?? []).reduce((acc, root) => sh`${acc}printf 'w %s\\n' ${root}; find ${root} -mindepth 1 -printf 'W %y %Y %m %U %G %p\\n' 2>/dev/null; `, sh``);
  const each = sh`${statL}${checksum}${extras}`;
  if (!combined) {
    return sh`printf 'M '; umask; printf 'I '; ${IDENTITY_LINE}; ${users}${groups}${walk}for p in ${paths(req)}; do printf 'P %s\\n' "$p"; if [ -e "$p" ] || [ -L "$p" ]; then printf 'S '; stat -c ${STAT_FORMAT} -- "$p" || echo; if [ -L "$p" ]; then printf 'T %s\\n' "$(readlink -- "$p")"; fi; ${each}fi; done`;
  }
  // One `stat` for every existing path, after the loop: its lines (Z) come in the order of the
  // paths marked E. A path gone between the test and stat leaves a line out: probeFiles sees the
  // count differ and probes again path by path.
  return sh`set --; printf 'M '; umask; printf 'I '; ${IDENTITY_LINE}; ${users}${groups}${walk}for p in ${paths(req)}; do printf 'P %s\\n' "$p"; if [ -e "$p" ] || [ -L "$p" ]; then echo E; set -- "$@" "$p"; if [ -L "$p" ]; then printf 'T %s\\n' "$(readlink -- "$p")"; fi; ${each}fi; done; [ $# = 0 ] || stat -c ${`Z ${STAT_FORMAT}`} -- "$@"`;
}

const paths = (req: ProbeRequest) => (req.paths.length ? req.paths : ['']);

/** Shell lines that print the probe's S/T/F lines for one path (to end an apply script with). */
export function statLines(path: string | ShellCommand): ShellCommand {
  return sh`p=${path}; if [ -e "$p" ] || [ -L "$p" ]; then printf 'S '; stat -c ${STAT_FORMAT} -- "$p" || echo; if [ -L "$p" ]; then printf 'T %s\\n' "$(readlink -- "$p")"; echo "F $(stat -L -c ${STAT_FORMAT} -- "$p" 2>/dev/null)"; fi; fi`;
}

/** Reads what statLines printed (other lines are ignored). */
export function parseStatLines(path: string, stdout: string): FileState {
  const s: FileState = { path, exists: false };
  for (const line of stdout.split('\n')) {
    if (line.startsWith('S ')) Object.assign(s, parseStat(path, line.slice(2)));
    else if (line.startsWith('T ')) s.linkTarget = line.slice(2);
    else if (line.startsWith('F ')) s.target = line.slice(2).trim() ? parseStat(path, line.slice(2)) : { path, exists: false };
  }
  return s;
}

export async function probeFiles(host: HostConnection, req: ProbeRequest): Promise<ProbeResult> {
  // The host's resident Python probe first (no process started on the host): it prints what the
  // combined sh probe prints, so the one parser reads both; no answer → the sh probe.
  const native = host.native ? await host.native('files', { ...req }) : null;
  if (native !== null) {
    const r = parseProbe(req, native, true);
    if (r) return r;
  }
  return (await readProbe(host, req, true)) ?? (await readProbe(host, req, false))!;
}

/** The sh probe's text (combined: one stat for all paths), for tests comparing it with the native probe. */
export function shProbe(req: ProbeRequest): ShellCommand {
  return probeScript(req, true);
}

/** undefined when the combined stat's lines do not match the paths that existed (see probeScript). */
async function readProbe(host: HostConnection, req: ProbeRequest, combined: boolean): Promise<ProbeResult | undefined> {
  const r = await host.exec(probeScript(req, combined), { resident: true });
  return parseProbe(req, r.stdout, combined);
}

function parseProbe(req: ProbeRequest, stdout: string, combined: boolean): ProbeResult | undefined {
  const out: ProbeResult = { files: [], umask: 0o022, uids: {}, gids: {}, uid: 0, gid: 0, walks: {} };
  let walkRoot: WalkEntry[] = [];
  let walkIndex = 0;
  let cur: FileState | undefined;
  let index = 0;
  const existing: FileState[] = [];
  let statted = 0;
  for (const line of stdout.split('\n')) {
    const tag = line.slice(0, 2);
    const rest = line.slice(2);
    if (tag === 'M ') {
      out.umask = parseInt(rest, 8);
    } else if (tag === 'I ') {
      // id's "uid=0(root) gid=0(root) …", with euid=/egid= after them when they differ (the
      // effective ids are what `id -u`/`id -g` print, and who owns what we create).
      const id = (k: string) => new RegExp(`(?:^| )${k}=(\\d+)`).exec(rest)?.[1];
      Object.assign(out, { uid: Number(id('euid') ?? id('uid')), gid: Number(id('egid') ?? id('gid')) });
    } else if (tag === 'U ' || tag === 'G ') {
      const sp = rest.indexOf(' ');
      const id = rest.slice(0, sp);
      (tag === 'U ' ? out.uids : out.gids)[rest.slice(sp + 1)] = id === '-' ? null : Number(id);
    } else if (tag === 'w ') {
      walkRoot = out.walks[req.walk![walkIndex++]!] = [];
    } else if (tag === 'W ') {
      const f = rest.split(' ');
      walkRoot.push({ type: (FIND_TYPES[f[0]!] ?? 'other') as FileType, followedType: FIND_TYPES[f[1]!] ?? 'other', mode: parseInt(f[2]!, 8), uid: Number(f[3]), gid: Number(f[4]), path: f.slice(5).join(' ') });
    } else if (tag === 'P ') {
      cur = { path: req.paths[index++] ?? rest, exists: false, ...(req.extras?.mime ? { mime: null } : {}), ...(req.extras?.attributes ? { lsattr: null } : {}) };
      out.files.push(cur);
    } else if (cur && line === 'E') existing.push(cur);
    else if (tag === 'Z ') {
      const f = existing[statted++];
      if (f) Object.assign(f, parseStat(f.path, rest));
    } else if (cur && tag === 'S ') Object.assign(cur, parseStat(cur.path, rest));
    else if (cur && tag === 'T ') cur.linkTarget = rest;
    else if (cur && tag === 'F ') cur.target = rest.trim() ? parseStat(cur.path, rest) : { path: cur.path, exists: false };
    else if (cur && tag === 'C ') cur.checksum = rest.trim().split(' ')[0] ?? '';
    else if (cur && tag === 'A ') cur.access = { r: rest.includes('r'), w: rest.includes('w'), x: rest.includes('x') };
    else if (cur && tag === 'R ') cur.realpath = rest;
    else if (cur && tag === 'Y ') cur.mime = rest;
    else if (cur && tag === 'V ') cur.lsattr = rest;
  }
  if (combined && statted !== existing.length) return undefined;
  for (const [names, ids] of [[req.users, out.uids], [req.groups, out.gids]] as const) {
    for (const n of names ?? []) if (/^\d+$/.test(n)) ids[n] = Number(n);
  }
  return out;
}

/** The state through a followed link (the link itself when it is not one or was not followed). */
export function followed(s: FileState): FileState {
  return s.type === 'link' && s.target ? s.target : s;
}
