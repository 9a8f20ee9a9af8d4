/**
 * The file-common `owner`, `group` and `mode` options of the text-editing modules, as ansible's
 * set_fs_attributes_if_different applies them after the content is written: owner, then group,
 * then mode, each compared with the file as it is then, each adding to the diff dict
 * (`before: {owner: 1000}`, `after: {owner: 0}`, modes as '0644').
 */
import { sh, ModuleFailure, type ModuleContext, type JSONSchema } from '@pgplay/engine/module-api';
import type { TextFileState } from './text-file.js';
import { resolveMode, octalText, ModeError } from './py-file-mode.js';

export interface FileAttrArgs {
  mode?: unknown;
  owner?: string;
  group?: string;
}

/** The file-common options (add_file_common_args); SELinux ones are accepted and, as on a host
 * without SELinux, have no effect. */
export const fileCommonProperties: Record<string, JSONSchema> = {
  mode: { 'x-type': 'raw', description: 'Permissions: octal (`0644`, `"0644"`) or symbolic (`u=rw,g=r,o=`).' },
  owner: { type: 'string', description: 'User name (or uid) that should own the file.' },
  group: { type: 'string', description: 'Group name (or gid) that should own the file.' },
  seuser: { type: 'string', description: 'SELinux user (no effect without SELinux).' },
  serole: { type: 'string', description: 'SELinux role (no effect without SELinux).' },
  setype: { type: 'string', description: 'SELinux type (no effect without SELinux).' },
  selevel: { type: 'string', description: 'SELinux level (no effect without SELinux).' },
  unsafe_writes: { type: 'boolean', default: false, description: 'Accepted as ansible does; writes are always atomic here.' },
  attributes: { type: 'string', 'x-aliases': ['attr'], 'x-unsupported': 'chattr attributes are not implemented yet', description: 'File attributes as chattr sets them.' },
};

export interface AttrChange {
  changed: boolean;
  /** ansible's attribute diff: before/after dicts, only keys that change. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  uid?: number;
  gid?: number;
  mode?: number;
}

/** What would change, given the file's attributes once the content is written. */
export function planAttrs(args: FileAttrArgs, st: TextFileState, now: { mode: number; uid: number; gid: number }): AttrChange {
  const out: AttrChange = { changed: false, before: {}, after: {} };
  if (args.owner !== undefined && args.owner !== null) {
    const uid = /^\s*[+-]?\d+\s*$/.test(args.owner) ? Number(args.owner) : st.ownerId;
    if (uid === null || uid === undefined) throw new ModuleFailure(`chown failed: failed to look up user ${args.owner}`, { path: st.path });
    if (uid !== now.uid) {
      Object.assign(out, { changed: true, uid });
      out.before.owner = now.uid;
      out.after.owner = uid;
    }
  }
  if (args.group !== undefined && args.group !== null) {
    const gid = /^\s*[+-]?\d+\s*$/.test(args.group) ? Number(args.group) : st.groupId;
    if (gid === null || gid === undefined) throw new ModuleFailure(`chgrp failed: failed to look up group ${args.group}`, { path: st.path });
    if (gid !== now.gid) {
      Object.assign(out, { changed: true, gid });
      out.before.group = now.gid;
      out.after.group = gid;
    }
  }
  if (args.mode !== undefined && args.mode !== null) {
    let mode: number;
    try {
      mode = resolveMode(args.mode, now.mode, false, st.umask);
    } catch (e) {
      if (!(e instanceof ModeError)) throw e;
      throw new ModuleFailure(e.message, { path: st.path, details: (e as ModeError & { details?: unknown }).details });
    }
    if (mode !== now.mode) {
      out.changed = true;
      out.mode = mode;
      out.before.mode = octalText(now.mode);
      out.after.mode = octalText(mode);
    }
  }
  return out;
}

/** The attributes a file has right after the module wrote it (or has now, if it did not). */
export function attrsAfterWrite(st: TextFileState): { mode: number; uid: number; gid: number } {
  return st.kind === 'file' ? { mode: st.mode, uid: st.uid, gid: st.gid } : { mode: 0o666 & ~st.umask, uid: st.myUid, gid: st.myGid };
}

/** Applies a planned change in one command. */
export async function applyAttrs(ctx: ModuleContext, path: string, c: AttrChange): Promise<void> {
  if (!c.changed) return;
  const own = c.uid !== undefined ? sh`chown -- ${c.uid} ${path} || exit 1; ` : sh``;
  const grp = c.gid !== undefined ? sh`chgrp -- ${c.gid} ${path} || exit 2; ` : sh``;
  const mod = c.mode !== undefined ? sh`chmod -- ${c.mode.toString(8).padStart(4, '0')} ${path} || exit 3; ` : sh``;
  const r = await ctx.host.exec(sh`${own}${grp}${mod}true`);
  if (r.rc !== 0) {
    const what = r.rc === 1 ? 'chown' : r.rc === 2 ? 'chgrp' : 'chmod';
    throw new ModuleFailure(`${what} failed: ${r.stderr.trim()}`, { path });
  }
}
