/** lookup('fileglob'): matching regular files in files/ of each search path entry (the first entry that matches wins). */
import type { LookupFn } from '../../types.js';
import { glob, isFile } from '../glob.js';
import { basename, dirname, join } from '../py-path.js';
import { toText } from '../util.js';
import { findFileOrWarn, searchPaths } from './search.js';

export const fileglobLookup: LookupFn = (ctx, terms) => {
  const ret: string[] = [];
  for (const t of terms) {
    const term = toText(t);
    const file = basename(term);
    const dirs: (string | null)[] = file !== term ? [findFileOrWarn(ctx, 'files', dirname(term))] : searchPaths(ctx).flatMap((p) => [join(p, 'files'), p]);
    for (const dir of dirs) {
      if (!dir) continue;
      const found = glob(join(dir, file)).filter(isFile);
      if (found.length) {
        ret.push(...found);
        break;
      }
    }
  }
  return ret;
};
