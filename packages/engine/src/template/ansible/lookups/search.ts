/** Finding lookup files like Ansible's find_file_in_search_path (ansible_search_path, then basedir). */
import { existsSync, readFileSync } from 'node:fs';
import type { CallContext } from '../../types.js';
import { join } from '../py-path.js';
import { decodeBytes } from '../filters/codecs.js';

export function searchPaths(ctx: CallContext): string[] {
  const sp = ctx.options.searchPath;
  return sp && sp.length > 0 ? sp : [ctx.options.cwd ?? process.cwd()];
}

/** `<entry>/<subdir>/<name>` then `<entry>/<name>` for each search path entry; absolute names as they are. */
export function findFile(ctx: CallContext, subdir: string, name: string): string | null {
  if (name.startsWith('/')) return existsSync(name) ? name : null;
  for (const base of searchPaths(ctx)) {
    for (const candidate of [join(base, subdir, name), join(base, name)]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** find_file_in_search_path without ignore_missing: a missing file is warned about, then null. */
export function findFileOrWarn(ctx: CallContext, subdir: string, name: string): string | null {
  const path = findFile(ctx, subdir, name);
  if (path === null) ctx.options.warn?.(`Unable to find '${name}' in expected paths (use -vvvvv to see paths)`);
  return path;
}

/** File text as to_text(errors='surrogate_or_strict') gives it. */
export function readText(path: string): string {
  return decodeBytes(readFileSync(path));
}

/** str.strip() family with Python's whitespace set. */
const PY_WS = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
export function pyRstrip(s: string): string {
  return s.replace(new RegExp(`${PY_WS}+$`), '');
}
export function pyLstrip(s: string): string {
  return s.replace(new RegExp(`^${PY_WS}+`), '');
}
