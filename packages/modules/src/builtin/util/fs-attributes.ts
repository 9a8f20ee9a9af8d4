/**
 * AnsibleModule.set_fs_attributes_if_different: owner, group, then mode, each compared with the
 * file's lstat, recorded in the diff dicts the way ansible does (uids, gids, '0%03o' modes), and
 * turned into shell commands for apply. In check mode a path that does not exist yet counts as
 * changed with no diff (check_file_absent_if_check_mode).
 */
import { sh, ModuleFailure, type ShellCommand } from '@pgplay/engine/module-api';
import type { FileState, ProbeResult } from './file-state.js';
import { formatMode, resolveMode } from './file-mode.js';

export interface FileArgs {
  mode?: unknown;
  owner?: string | null;
  group?: string | null;
}

export interface DiffDicts {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface AttributePlan {
  changed: boolean;
  commands: ShellCommand[];
  /** The state after the commands ran (mode, uid, gid updated). */
  after?: FileState;
}

function lookup(names: Record<string, number | null>, name: string, path: string, what: 'user' | 'group'): number {
  if (/^\d+$/.test(name)) return Number(name);
  const id = names[name];
  if (id === null || id === undefined) throw new ModuleFailure(`${what === 'user' ? 'chown' : 'chgrp'} failed: failed to look up ${what} ${name}`, { path });
  return id;
}

/** `cur` is the lstat of `path` as it will be when the attributes are set (null: absent in check mode). */
export function planAttributes(path: string, cur: FileState | null, fa: FileArgs, probe: ProbeResult, diff?: DiffDicts): AttributePlan {
  const given = [fa.owner, fa.group, fa.mode].filter((x) => x !== undefined && x !== null).length;
  if (!cur || !cur.exists) return { changed: given > 0, commands: [] };
  const commands: ShellCommand[] = [];
  const after: FileState = { ...cur };
  let changed = false;
  const note = (key: string, before: unknown, value: unknown) => {
    if (diff) {
      diff.before[key] = before;
      diff.after[key] = value;
    }
    changed = true;
  };
  if (fa.owner != null) {
    const uid = lookup(probe.uids, fa.owner, path, 'user');
    if (cur.uid !== uid) {
      note('owner', cur.uid, uid);
      commands.push(sh`chown -h ${uid} ${path}`);
      after.uid = uid;
    }
  }
  if (fa.group != null) {
    const gid = lookup(probe.gids, fa.group, path, 'group');
    if (cur.gid !== gid) {
      note('group', cur.gid, gid);
      commands.push(sh`chgrp -h ${gid} ${path}`);
      after.gid = gid;
    }
  }
  const mode = resolveMode(fa.mode, path, cur.mode!, cur.type === 'directory', probe.umask);
  if (mode !== null && mode !== cur.mode) {
    note('mode', formatMode(cur.mode!), formatMode(mode));
    // Linux has no lchmod: ansible chmods a link's target and puts its mode back, so a link's
    // own mode never changes yet the task reports a change. Nothing to run for a link.
    if (cur.type !== 'link') commands.push(sh`chmod ${formatMode(mode)} ${path}`);
    else after.mode = cur.mode;
    if (cur.type !== 'link') after.mode = mode;
  }
  return { changed, commands, after };
}

/** Owner and group names the probe must resolve for these file args. */
export function namesToResolve(fa: FileArgs): { users: string[]; groups: string[] } {
  return { users: fa.owner != null ? [fa.owner] : [], groups: fa.group != null ? [fa.group] : [] };
}
