/**
 * One file of a copy, decided as copy.py's action plugin (_copy_file) and module decide it: the
 * destination file (trailing slash, existing directory), force, the sha1 comparison, then either
 * a write (with backup, validate, parent directories, mode/owner/group) or, when the content is
 * already there, the file module's attribute pass. Everything comes from one probe.
 */
import { createHash } from 'node:crypto';
import { ModuleFailure, type Diff, type ModuleResult } from '@pgplay/engine/module-api';
import { followed, type FileState, type ProbeResult } from './util/file-state.js';
import { pathInfo } from './util/path-info.js';
import { resolveMode } from './util/file-mode.js';
import { ensureFile, type FileParams } from './file-ensure.js';
import type { WriteOptions } from './util/atomic-write.js';
import type { ShellCommand } from '@pgplay/engine/module-api';

export interface CopyFileArgs {
  dest: string;
  force: boolean;
  follow: boolean;
  /** The task's follow as given (the file module's default, true, applies when unset). */
  followGiven?: boolean;
  mode?: unknown;
  owner?: string | null;
  group?: string | null;
  backup: boolean;
  validate?: string | null;
  directoryMode?: unknown;
  checksumArg?: string;
}

export interface WriteSource {
  local?: string;
  /** Read `local` through the vault (copy's decrypt). */
  decrypt?: boolean;
  content?: string;
  remote?: string;
}

export type CopyStep =
  | { kind: 'write'; dest: string; mkdirs: string[]; source: WriteSource; opts: WriteOptions; result: ModuleResult }
  | { kind: 'commands'; commands: ShellCommand[]; infoPath: string; result: ModuleResult };

export interface CopyOne {
  /** The file the action plugin compared (and diffs). */
  destFile?: string;
  result: ModuleResult;
  changed: boolean;
  step?: CopyStep;
  /** The module failed after the action plugin decided to write (its diff still belongs in the result). */
  failure?: ModuleFailure;
}

export const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

const join = (a: string, b: string) => (a.endsWith('/') ? a + b : `${a}/${b}`);
const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

/** What ansible's stat module reports for `path` with `follow`. */
function statOf(s: FileState, follow: boolean): FileState {
  return follow ? followed(s) : s;
}

/** Paths the probe must cover for one file. */
export function pathsFor(dest: string, rel: string): string[] {
  const out = new Set<string>([dest.replace(/\/+$/, '') || '/', join(dest, rel)]);
  const moduleDest = dest.includes('/') ? dest : `./${dest}`;
  const final = moduleDest.endsWith('/') ? join(moduleDest, rel) : moduleDest;
  for (let d = dirOf(final); d !== '/' && d !== '.' && d !== ''; d = dirOf(d)) out.add(d);
  out.add(final);
  out.add(join(final, rel.slice(rel.lastIndexOf('/') + 1)));
  return [...out];
}

export function planCopyFile(
  data: Buffer, rel: string, a: CopyFileArgs, get: (p: string) => FileState, probe: ProbeResult,
  o: { check: boolean; diff?: Diff; content: boolean; source: WriteSource; lmode?: string; remoteChecksum?: string },
): CopyOne | null {
  let destFile = a.dest.endsWith('/') ? join(a.dest, rel) : a.dest;
  let st = statOf(get(destFile), a.follow);
  if (st.exists && st.type === 'directory') {
    if (o.content) throw new ModuleFailure('can not use content with a dir as dest', { diff: [] });
    destFile = join(a.dest, rel);
    st = statOf(get(destFile), a.follow);
  }
  if (st.exists && !a.force) return null;
  const local = o.remoteChecksum ?? sha1(data);
  const mode = o.lmode ?? a.mode;
  const diffList = o.diff ? [o.diff] : [];
  const current = st.type === 'file' && st.checksum ? st.checksum : undefined;
  if (local !== current) {
    if (o.check) return { destFile, changed: true, result: { changed: true, diff: diffList } };
    try {
      return { ...planWrite(data, rel, a, get, probe, local, mode, diffList, o.source), destFile };
    } catch (e) {
      if (!(e instanceof ModuleFailure)) throw e;
      return { destFile, changed: false, result: {}, failure: new ModuleFailure(e.message, { diff: diffList, checksum: local, ...e.result }) };
    }
  }
  // Same content: the file module sets the attributes (dest through a followed link).
  let fdest = a.dest;
  if (a.follow) {
    const nofollow = get(destFile);
    if (nofollow.type === 'link' && nofollow.realpath) fdest = nofollow.realpath;
  }
  if (followed(get(fdest)).type === 'directory') fdest = join(fdest, rel);
  const p: FileParams = {
    path: fdest, state: 'file', src: null, recurse: false, force: a.force, follow: a.followGiven ?? true,
    mode, owner: a.owner ?? null, group: a.group ?? null, mtime: null, atime: null,
  };
  const e = ensureFile(p, get, probe);
  const result: ModuleResult = { ...e.result, ...pathInfo(get(e.infoPath)), checksum: local };
  return { changed: e.changed, result, step: { kind: 'commands', commands: e.commands, infoPath: e.infoPath, result: { ...e.result, checksum: local } } };
}

function planWrite(
  data: Buffer, rel: string, a: CopyFileArgs, get: (p: string) => FileState, probe: ProbeResult, local: string, mode: unknown,
  diffList: Diff[], source: WriteSource,
): CopyOne {
  if (a.checksumArg && a.checksumArg !== local) {
    throw new ModuleFailure('Copied file does not match the expected checksum. Transfer failed.', { checksum: local, expected_checksum: a.checksumArg });
  }
  let dest = a.dest.includes('/') ? a.dest : `./${a.dest}`;
  const mkdirs: string[] = [];
  if (dest.endsWith('/')) {
    dest = join(dest, rel);
    for (let d = dirOf(dest); !followed(get(d)).exists && d !== '/' && d !== '.'; d = dirOf(d)) mkdirs.unshift(d);
  }
  if (followed(get(dest)).type === 'directory') dest = join(dest, rel.slice(rel.lastIndexOf('/') + 1));
  const s = get(dest);
  if (s.exists && s.type === 'link' && a.follow && s.realpath) dest = s.realpath;
  else if (!s.exists && !mkdirs.length && !followed(get(dirOf(dest))).exists) {
    throw new ModuleFailure(`Destination directory ${dirOf(dest)} does not exist`);
  }
  // The mode is set after the move, so symbolic modes apply to the replaced file's mode (or a new file's).
  const after = get(dest);
  const base = after.exists && after.type === 'file' ? after.mode! : 0o666 & ~probe.umask;
  const opts: WriteOptions = {
    mode: resolveMode(mode, dest, base, false, probe.umask), owner: a.owner ?? null, group: a.group ?? null, backup: a.backup, validate: a.validate ?? null,
  };
  const result: ModuleResult = { diff: diffList, dest, md5sum: md5(data), checksum: local, changed: true };
  return { changed: true, result, step: { kind: 'write', dest, mkdirs, source, opts, result } };
}
