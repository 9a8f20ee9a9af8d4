/**
 * What the copy action plugin sends (plugins/action/copy.py): the content as bytes, one local
 * file, or a local directory walked like _walk_dirs (files, directories, symlinks with paths
 * relative to the destination; `src/` copies the contents, `src` the directory itself).
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jsonDumps, isUnknown } from '@pgplay/engine/module-api';

export interface Sources {
  files: Array<[string, string]>;
  directories: Array<[string, string]>;
  symlinks: Array<[string, string]>;
}

/** The bytes of `content`: dicts and lists as json.dumps writes them, other values as str(). */
export function contentBytes(content: unknown): Buffer {
  if (typeof content === 'string') return Buffer.from(content);
  if (Array.isArray(content) || (typeof content === 'object' && content !== null && !isUnknown(content))) return Buffer.from(jsonDumps(content));
  if (typeof content === 'boolean') return Buffer.from(content ? 'True' : 'False');
  return Buffer.from(String(content));
}

/** _walk_dirs(source, local_follow): `source` ends with '/' when its contents are copied. */
export function walkSources(source: string, localFollow: boolean): Sources {
  const out: Sources = { files: [], directories: [], symlinks: [] };
  const top = source.replace(/\/+$/, '');
  const offset = source.endsWith('/') ? top.length + 1 : dirname(top).length + 1;
  const seen = new Set<string>([realpathSync(top)]);
  const recurse = (dir: string, off: number, relBase: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const rel = join(relBase, full.slice(off));
      const l = lstatSync(full);
      const isDir = l.isDirectory() || (l.isSymbolicLink() && safeIsDir(full));
      if (!isDir) {
        if (l.isSymbolicLink()) {
          const real = realpathOrNull(full);
          if (localFollow && real && statSync(real).isFile()) out.files.push([real, rel]);
          else out.symlinks.push([readlinkSync(full), rel]);
        } else out.files.push([full, rel]);
        continue;
      }
      const real = realpathSync(full);
      if (l.isSymbolicLink()) {
        // A followed link to a directory is walked like one, unless it loops back to a parent.
        if (!localFollow || seen.has(real)) out.symlinks.push([readlinkSync(full), rel]);
        else {
          out.directories.push([real, rel]);
          seen.add(real);
          recurse(real, real.length + 1, rel);
        }
      } else {
        out.directories.push([full, rel]);
        recurse(full, off, relBase);
      }
    }
  };
  recurse(top, offset, '');
  return out;
}

function safeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

export function isLocalDir(p: string): boolean {
  return safeIsDir(p);
}

