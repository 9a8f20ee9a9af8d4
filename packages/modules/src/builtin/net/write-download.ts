/**
 * Putting downloaded bytes at `dest` as uri's write_file and get_url do: the file is replaced
 * (temp file beside it, then rename) only when its sha1 differs, then owner, group and mode are
 * settled as set_fs_attributes_if_different does. One probe, one write or one attribute command.
 */
import { createHash } from 'node:crypto';
import { sh, ModuleFailure, type ModuleContext } from '@pgplay/engine/module-api';
import { probeFiles, type FileState, type ProbeResult } from '../util/file-state.js';
import { planAttributes, namesToResolve } from '../util/fs-attributes.js';
import { resolveMode } from '../util/file-mode.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { pathInfo } from '../util/path-info.js';

export interface DownloadFileArgs {
  mode?: unknown;
  owner?: string | null;
  group?: string | null;
}

export interface DownloadWrite {
  changed: boolean;
  contentChanged: boolean;
  checksumSrc: string;
  checksumDest: string | null;
  backupFile?: string;
  after: FileState;
}

export const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

/** The destination as get_url sees it before writing (sha1, type, ids of owner/group names). */
export async function probeDest(ctx: ModuleContext, dest: string, fa: DownloadFileArgs): Promise<{ file: FileState; probe: ProbeResult }> {
  const probe = await probeFiles(ctx.host, { paths: [dest], checksum: 'sha1', follow: true, ...namesToResolve(fa) });
  return { file: probe.files[0]!, probe };
}

export async function writeDownload(ctx: ModuleContext, dest: string, content: Buffer, fa: DownloadFileArgs, o: { backup?: boolean; known?: { file: FileState; probe: ProbeResult } } = {}): Promise<DownloadWrite> {
  const { file, probe } = o.known ?? await probeDest(ctx, dest, fa);
  const through = file.type === 'link' && file.target ? file.target : file;
  const checksumSrc = sha1(content);
  const checksumDest = through.exists && through.type === 'file' ? through.checksum ?? null : null;
  if (checksumSrc !== checksumDest) {
    const cur = through.exists ? through.mode! : 0o666 & ~probe.umask;
    const mode = resolveMode(fa.mode, dest, cur, false, probe.umask);
    const w = await writeFileAtomic(ctx.host, dest, content, {
      ...(mode !== null ? { mode } : {}), ...(fa.owner != null ? { owner: fa.owner } : {}), ...(fa.group != null ? { group: fa.group } : {}), ...(o.backup ? { backup: true } : {}),
    });
    return { changed: true, contentChanged: true, checksumSrc, checksumDest, ...(w.backupFile ? { backupFile: w.backupFile } : {}), after: w.after };
  }
  const plan = planAttributes(dest, through, fa, probe);
  if (plan.commands.length) {
    const script = plan.commands.reduce((acc, c) => sh`${acc}${c} || exit 1; `, sh``);
    const r = await ctx.host.exec(sh`${script}true`);
    if (r.rc !== 0) throw new ModuleFailure(`chown, chgrp or chmod failed: ${r.stderr.trim()}`, { path: dest });
  }
  return { changed: plan.changed, contentChanged: false, checksumSrc, checksumDest, after: plan.after ?? through };
}

/** add_path_info's keys for a path as it is now (one probe); {} when it does not exist. */
export async function pathInfoOf(ctx: ModuleContext, path: string): Promise<Record<string, unknown>> {
  return pathInfo((await probeFiles(ctx.host, { paths: [path], follow: true })).files[0]!);
}
