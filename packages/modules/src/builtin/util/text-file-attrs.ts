/**
 * The owner/group/mode options of the text-editing modules, through the shared
 * set_fs_attributes_if_different port (fs-attributes.ts): planned against the file as it will be
 * once the content is written (an existing file keeps its mode and owner, a new one gets
 * 0666 & ~umask and the connecting user), with ansible's attribute diff dicts.
 */
import { ModuleFailure, type ModuleContext, sh } from '@pgplay/engine/module-api';
import type { TextFileState } from './text-file.js';
import { planAttributes, type FileArgs } from './fs-attributes.js';
import type { FileState, ProbeResult } from './file-state.js';
import type { WriteOptions } from './atomic-write.js';
import type { ShellCommand } from '@pgplay/engine/module-api';

export interface AttrChange {
  changed: boolean;
  /** ansible's attribute diff: before/after dicts, only keys that change. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The commands when the content does not change; folded into the write when it does. */
  commands: ShellCommand[];
  write: WriteOptions;
}

export const NO_ATTR_CHANGE: AttrChange = { changed: false, before: {}, after: {}, commands: [], write: {} };

/** What would change, given the file's attributes once the content is written. */
export function planAttrs(args: FileArgs, st: TextFileState): AttrChange {
  const cur: FileState = st.kind === 'file'
    ? { path: st.path, exists: true, type: 'file', mode: st.mode, uid: st.uid, gid: st.gid }
    : { path: st.path, exists: true, type: 'file', mode: 0o666 & ~st.umask, uid: st.myUid, gid: st.myGid };
  const probe: ProbeResult = {
    files: [], walks: {}, umask: st.umask, uid: st.myUid, gid: st.myGid,
    uids: args.owner != null ? { [args.owner]: st.ownerId ?? null } : {},
    gids: args.group != null ? { [args.group]: st.groupId ?? null } : {},
  };
  const diff = { before: {}, after: {} };
  const p = planAttributes(st.path, cur, args, probe, diff);
  const a = p.after ?? cur;
  const write: WriteOptions = p.changed ? { mode: a.mode ?? null, owner: String(a.uid), group: String(a.gid) } : {};
  return { changed: p.changed, ...diff, commands: p.commands, write };
}

/** Applies a planned change to a file whose content stayed the same: one command. */
export async function applyAttrs(ctx: ModuleContext, path: string, c: AttrChange): Promise<void> {
  if (!c.changed || c.commands.length === 0) return;
  const script = c.commands.reduce((acc, cmd) => sh`${acc}${cmd} || exit 1; `, sh``);
  const r = await ctx.host.exec(sh`${script}true`);
  if (r.rc !== 0) throw new ModuleFailure(`chown, chgrp or chmod failed: ${r.stderr.trim()}`, { path });
}
