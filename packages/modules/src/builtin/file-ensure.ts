/**
 * The file module's states, as file.py's ensure_* functions decide them, computed from one probe:
 * each returns the result keys, the diff dicts, whether anything changes and the commands that
 * make it so (run by apply; never under --check).
 */
import { sh, ModuleFailure, type ModuleResult, type ShellCommand } from '@pgplay/engine/module-api';
import { followed, type FileState, type ProbeResult, type WalkEntry } from './util/file-state.js';
import { planAttributes, type DiffDicts, type FileArgs } from './util/fs-attributes.js';
import { planTimes, type TimeSpec } from './util/file-times.js';

export interface FileParams extends FileArgs {
  path: string;
  state: 'absent' | 'directory' | 'file' | 'hard' | 'link' | 'touch';
  src?: string | null;
  recurse: boolean;
  force: boolean;
  follow: boolean;
  mtime: TimeSpec;
  atime: TimeSpec;
}

export interface Ensured {
  changed: boolean;
  result: ModuleResult;
  commands: ShellCommand[];
  /** The path whose add_path_info goes into the result (`path` or `dest`). */
  infoPath: string;
  warning?: string;
}

type Probed = (path: string) => FileState;

/** file.py get_state: link, directory, hard (nlink > 1 through the link), file or absent. */
export function getState(s: FileState | undefined): string {
  if (!s || !s.exists) return 'absent';
  if (s.type === 'link') return 'link';
  if (s.type === 'directory') return 'directory';
  return (s.nlink ?? 1) > 1 ? 'hard' : 'file';
}

function initialDiff(path: string, state: string, prev: string, walk?: WalkEntry[]): DiffDicts {
  const diff: DiffDicts = { before: { path }, after: { path } };
  if (prev !== state) {
    diff.before['state'] = prev;
    diff.after['state'] = state;
    if (state === 'absent' && prev === 'directory') diff.before['path_content'] = osWalk(path, walk ?? []);
  }
  return diff;
}

/** os.walk(top) as initial_diff lists it: per directory, its subdirectories then its files, top-down. */
function osWalk(top: string, entries: WalkEntry[]): { directories: string[]; files: string[] } {
  const children = new Map<string, WalkEntry[]>();
  for (const e of entries) {
    const parent = e.path.slice(0, e.path.lastIndexOf('/'));
    children.set(parent, [...(children.get(parent) ?? []), e]);
  }
  const out = { directories: [] as string[], files: [] as string[] };
  const walk = (dir: string) => {
    const kids = children.get(dir) ?? [];
    // os.walk's is_dir() follows links: a link to a directory is listed as one, never entered.
    const dirs = kids.filter((k) => k.followedType === 'directory');
    out.directories.push(...dirs.map((k) => k.path));
    out.files.push(...kids.filter((k) => k.followedType !== 'directory').map((k) => k.path));
    for (const d of dirs) if (d.type === 'directory') walk(d.path);
  };
  walk(top.replace(/\/+$/, '') || '/');
  return out;
}

function attrsAndTimes(path: string, cur: FileState | null, p: FileParams, probe: ProbeResult, diff: DiffDicts | undefined): { changed: boolean; commands: ShellCommand[] } {
  const a = planAttributes(path, cur, p, probe, diff);
  const t = cur?.exists ? planTimes(path, followed(cur), p.mtime, p.atime, diff) : { changed: false, commands: [] };
  return { changed: a.changed || t.changed, commands: [...a.commands, ...t.commands] };
}

export function ensureAbsent(p: FileParams, get: Probed, walk: WalkEntry[] | undefined): Ensured {
  const prev = getState(get(p.path));
  if (prev === 'absent') return { changed: false, result: { path: p.path, changed: false, state: 'absent' }, commands: [], infoPath: p.path };
  const diff = initialDiff(p.path, 'absent', prev, walk);
  const rm = prev === 'directory' ? sh`rm -rf -- ${p.path}` : sh`rm -f -- ${p.path}`;
  return { changed: true, result: { path: p.path, changed: true, diff, state: 'absent' }, commands: [rm], infoPath: p.path };
}

export function ensureFile(p: FileParams, get: Probed, probe: ProbeResult): Ensured {
  let path = p.path;
  let s = get(path);
  let prev = getState(s);
  if (prev !== 'file' && p.follow && prev === 'link') {
    path = s.realpath!;
    s = { ...s.target!, path };
    prev = getState(s);
  }
  if (prev !== 'file' && prev !== 'hard') throw new ModuleFailure(`file (${path}) is ${prev}, cannot continue`, { path, state: prev });
  const diff = initialDiff(path, 'file', prev);
  const c = attrsAndTimes(path, s, p, probe, diff);
  return { changed: c.changed, result: { path, changed: c.changed, diff }, commands: c.commands, infoPath: path };
}

export function ensureDirectory(p: FileParams, get: Probed, probe: ProbeResult, check: boolean, walk: WalkEntry[] | undefined): Ensured {
  let path = p.path;
  let s = get(path);
  let prev = getState(s);
  if (p.follow && prev === 'link') {
    path = s.realpath!;
    s = { ...s.target!, path };
    prev = getState(s);
  }
  const diff = initialDiff(path, 'directory', prev);
  if (prev === 'absent') {
    if (check) return { changed: true, result: { path, changed: true, diff }, commands: [], infoPath: path };
    const commands: ShellCommand[] = [];
    let changed = false;
    let cur = '';
    for (const part of path.replace(/^\/+|\/+$/g, '').split('/')) {
      cur = path.startsWith('/') ? `${cur}/${part}` : cur ? `${cur}/${part}` : part;
      if (get(cur).exists) continue;
      // -p: a copy may have made it already (its files come before its directories).
      commands.push(sh`mkdir -p -- ${cur}`);
      changed = true;
      const made: FileState = { path: cur, exists: true, type: 'directory', mode: 0o777 & ~probe.umask, uid: probe.uid, gid: probe.gid, nlink: 2 };
      const a = planAttributes(cur, made, p, probe, diff);
      commands.push(...a.commands);
    }
    return { changed, result: { path, changed, diff }, commands, infoPath: path };
  }
  if (prev !== 'directory') throw new ModuleFailure(`${path} already exists as a ${prev}`, { path });
  const c = attrsAndTimes(path, s, p, probe, diff);
  let changed = c.changed;
  const commands = [...c.commands];
  if (p.recurse) {
    if (p.mtime !== null || p.atime !== null) throw new ModuleFailure('recurse with access_time/modification_time is not supported by pgplay yet', { path });
    for (const e of walk ?? []) {
      if (e.type === 'link' && p.follow && e.followedType !== 'missing') {
        throw new ModuleFailure(`recurse through the symlink ${e.path} with follow=true is not supported by pgplay yet; set follow: false`, { path });
      }
      const entry: FileState = { path: e.path, exists: true, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid };
      const a = planAttributes(e.path, entry, p, probe);
      changed ||= a.changed;
      commands.push(...a.commands);
    }
  }
  return { changed, result: { path, changed, diff }, commands, infoPath: path };
}

export function ensureSymlink(p: FileParams, get: Probed, probe: ProbeResult, check: boolean, walk: WalkEntry[] | undefined): Ensured {
  const path = p.path;
  const s = get(path);
  const prev = getState(s);
  let src = p.src ?? null;
  if (src === null && p.follow && followed(s).exists) src = s.linkTarget ?? null;
  const relDir = s.exists && s.type === 'directory' ? path : path.slice(0, path.lastIndexOf('/')) || (path.startsWith('/') ? '/' : '');
  const absrc = src === null ? null : src.startsWith('/') ? src : relDir ? `${relDir}/${src}` : src;
  if (!p.force && absrc !== null && !followed(get(absrc)).exists) {
    throw new ModuleFailure(`src file does not exist, use "force=yes" if you really want to create the link: ${absrc}`, { path, src });
  }
  if (prev === 'directory') {
    if (!p.force) throw new ModuleFailure(`refusing to convert from ${prev} to symlink for ${path}`, { path });
    if ((walk ?? []).length > 0) throw new ModuleFailure(`the directory ${path} is not empty, refusing to convert it`, { path });
  } else if ((prev === 'file' || prev === 'hard') && !p.force) {
    throw new ModuleFailure(`refusing to convert from ${prev} to symlink for ${path}`, { path });
  }
  const diff = initialDiff(path, 'link', prev);
  let changed = false;
  const commands: ShellCommand[] = [];
  if (prev !== 'link') {
    if (src === null) throw new ModuleFailure('src is required for creating new symlinks');
    changed = true;
  } else if (src !== null && s.linkTarget !== src) {
    diff.before['src'] = s.linkTarget;
    diff.after['src'] = src;
    changed = true;
  }
  if (changed) {
    // A new link replaces what was there atomically: made beside it, then renamed over it.
    const tmp = `${path.slice(0, path.lastIndexOf('/') + 1)}.pgplay-link-${Date.now()}`;
    if (prev === 'absent') commands.push(sh`ln -s -- ${src!} ${path}`);
    else commands.push(sh`${prev === 'directory' ? sh`rmdir -- ${path} && ` : sh``}ln -s -- ${src!} ${tmp} && mv -Tf -- ${tmp} ${path}`);
  }
  if (check && !s.exists) return { changed, result: { dest: path, src, changed, diff }, commands, infoPath: path };
  // After the change the path is a link to src: attributes go to its target when following.
  const target = changed ? get(absrc!) : s.type === 'link' ? { ...s.target!, path: s.realpath! } : s;
  const link: FileState = changed ? { path, exists: true, type: 'link', mode: 0o777, uid: probe.uid, gid: probe.gid, target: followed(target) } : s;
  let warning: string | undefined;
  if (p.follow && !followed(link.target ?? link).exists && link.type === 'link') {
    warning = 'Cannot set fs attributes on a non-existent symlink target. follow should be set to False to avoid this.';
  } else {
    const attrPath = p.follow && link.type === 'link' ? (changed ? absrc! : s.realpath!) : path;
    const c = attrsAndTimes(attrPath, p.follow && link.type === 'link' ? { ...followed(target), path: attrPath } : link, p, probe, diff);
    changed ||= c.changed;
    commands.push(...c.commands);
  }
  return { changed, result: { dest: path, src, changed, diff }, commands, infoPath: path, ...(warning ? { warning } : {}) };
}

export function ensureHardlink(p: FileParams, get: Probed, probe: ProbeResult, check: boolean): Ensured {
  const path = p.path;
  const s = get(path);
  const prev = getState(s);
  const src = p.src ?? null;
  if (prev !== 'hard' && src === null) throw new ModuleFailure('src is required for creating new hardlinks');
  const srcState = src === null ? undefined : followed(get(src));
  if (src !== null && !srcState!.exists) throw new ModuleFailure('src does not exist', { dest: path, src });
  const diff = initialDiff(path, 'hard', prev);
  let changed = false;
  const fail = (msg: string) => new ModuleFailure(msg, { dest: path, src });
  if (prev === 'absent') changed = true;
  else if (prev === 'link') {
    if (s.linkTarget !== src) {
      diff.before['src'] = s.linkTarget;
      diff.after['src'] = src;
      changed = true;
    }
  } else if (prev === 'hard') {
    if (src !== null && s.inode !== srcState!.inode) {
      changed = true;
      if (!p.force) throw fail('Cannot link, different hard link exists at destination');
    }
  } else if (prev === 'file') {
    changed = true;
    if (!p.force) throw fail(`Cannot link, ${prev} exists at destination`);
  } else if (prev === 'directory') {
    changed = true;
    if (s.inode === srcState!.inode) return { changed: false, result: { path, changed: false }, commands: [], infoPath: path };
    if (!p.force) throw fail('Cannot link: different hard link exists at destination');
  }
  const commands: ShellCommand[] = [];
  if (changed) {
    const tmp = `${path.slice(0, path.lastIndexOf('/') + 1)}.pgplay-link-${Date.now()}`;
    if (prev === 'absent') commands.push(sh`ln -- ${src!} ${path}`);
    else commands.push(sh`ln -- ${src!} ${tmp} && mv -Tf -- ${tmp} ${path}`);
  }
  if (check && !s.exists) return { changed, result: { dest: path, src, changed, diff }, commands, infoPath: path };
  const now: FileState = changed ? { ...srcState!, path, nlink: (srcState!.nlink ?? 1) + 1 } : s;
  const c = attrsAndTimes(path, now, p, probe, diff);
  return { changed: changed || c.changed, result: { dest: path, src, changed: changed || c.changed, diff }, commands: [...commands, ...c.commands], infoPath: path };
}

export function ensureTouch(p: FileParams, get: Probed, probe: ProbeResult, check: boolean): Ensured {
  const path = p.path;
  const s = get(path);
  const prev = getState(s);
  if (prev === 'absent' && check) return { changed: true, result: { dest: path, changed: true }, commands: [], infoPath: path };
  const commands: ShellCommand[] = [];
  let cur = s;
  if (prev === 'absent') {
    commands.push(sh`: >> ${path}`);
    const now = Date.now() / 1000;
    cur = { path, exists: true, type: 'file', mode: 0o666 & ~probe.umask, uid: probe.uid, gid: probe.gid, nlink: 1, mtime: now, atime: now };
  }
  const diff = initialDiff(path, 'touch', prev);
  // load_file_common_arguments: with follow, attributes and times go to the link's target.
  const through = p.follow && cur.type === 'link' && cur.target?.exists;
  const c = attrsAndTimes(through ? cur.realpath! : path, through ? { ...cur.target!, path: cur.realpath! } : cur, p, probe, diff);
  const changed = prev === 'absent' || c.changed;
  return { changed, result: { dest: path, changed, diff }, commands: [...commands, ...c.commands], infoPath: path };
}
