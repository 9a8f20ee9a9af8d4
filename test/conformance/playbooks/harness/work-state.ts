/**
 * The end state of a run's work directory, for cases that edit files: every entry's relative
 * path, type, permission bits and content (symlinks: their target). Both sides start from the
 * same copy of the case's `work/`, so after the run the trees must be equal.
 * Normalised (README): a backup file's `.<pid>.<date>@<time>~` suffix becomes `.<BACKUP>~`.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export type WorkState = Record<string, string>;

const BACKUP_SUFFIX = /\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/;

export function snapshotWork(dir: string, rel = ''): WorkState {
  const out: WorkState = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(dir, r));
    const key = r.replace(BACKUP_SUFFIX, '.<BACKUP>~');
    const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
    if (st.isSymbolicLink()) out[key] = `link -> ${readlinkSync(join(dir, r))}`;
    else if (st.isDirectory()) {
      out[key] = `dir ${mode}`;
      Object.assign(out, snapshotWork(dir, r));
    } else out[key] = `file ${mode} ${JSON.stringify(readFileSync(join(dir, r), 'utf8'))}`;
  }
  return out;
}

/** Differences between ansible's end state and one pgplay run's. */
export function compareWork(ansible: WorkState | undefined, other: WorkState | undefined, side: string): string[] {
  if (!ansible || !other) return [];
  const keys = [...new Set([...Object.keys(ansible), ...Object.keys(other)])].sort();
  return keys
    .filter((k) => ansible[k] !== other[k])
    .map((k) => `work dir after the run, ${k}: ansible ${ansible[k] ?? '(absent)'}, ${side} ${other[k] ?? '(absent)'}`);
}
