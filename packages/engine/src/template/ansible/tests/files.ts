/** File tests on the controller: os.path.isdir, isfile, islink, exists, lexists, isabs, samefile, ismount. */
import { lstatSync, statSync } from 'node:fs';
import type { TestFn } from '../../types.js';
import { abspath, dirname, strPath } from '../py-path.js';
import { filterError } from '../util.js';

function stat(p: unknown, follow = true): ReturnType<typeof statSync> | null {
  if (typeof p !== 'string') return null;
  try {
    return follow ? statSync(p) : lstatSync(p);
  } catch {
    return null;
  }
}

/** os.path.ismount: a different device than the parent, or the same inode as the parent (/). */
function ismount(p: unknown): boolean {
  const s = stat(p, false);
  if (!s || s.isSymbolicLink()) return false;
  const parent = stat(dirname(abspath(p as string)) || '/', false) ?? stat(abspath(p as string) + '/..', false);
  if (!parent) return false;
  return s.dev !== parent.dev || s.ino === parent.ino;
}

export const fileTests: Record<string, TestFn> = {
  directory: (_ctx, p) => stat(p)?.isDirectory() ?? false,
  file: (_ctx, p) => stat(p)?.isFile() ?? false,
  link: (_ctx, p) => stat(p, false)?.isSymbolicLink() ?? false,
  exists: (_ctx, p) => stat(p) !== null,
  link_exists: (_ctx, p) => stat(p, false) !== null,
  abs: (_ctx, p) => strPath(p).startsWith('/'),
  same_file: (_ctx, a, args) => {
    const x = stat(strPath(a));
    const y = stat(strPath(args[0]));
    if (!x || !y) throw filterError(`[Errno 2] No such file or directory: '${!x ? a : args[0]}'`);
    return x.dev === y.dev && x.ino === y.ino;
  },
  mount: (_ctx, p) => ismount(p),
};
for (const [alias, name] of [['is_dir', 'directory'], ['is_file', 'file'], ['is_link', 'link'], ['is_abs', 'abs'], ['is_same_file', 'same_file'], ['is_mount', 'mount']] as const) {
  fileTests[alias] = fileTests[name]!;
}
