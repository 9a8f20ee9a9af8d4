/** Python's glob.glob (no recursion with **), used by fileglob; results sorted for determinism. */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from './py-path.js';
import { fnmatchRegex } from '../../values/fnmatch.js';

const MAGIC = /[*?[]/;


function listDir(dir: string): string[] {
  try {
    return readdirSync(dir || '.');
  } catch {
    return [];
  }
}

export function glob(pattern: string): string[] {
  const parts = pattern.split('/');
  let current: string[] = [pattern.startsWith('/') ? '/' : ''];
  parts.forEach((part, idx) => {
    if (part === '' && idx === 0) return;
    const last = idx === parts.length - 1;
    const next: string[] = [];
    for (const base of current) {
      if (!MAGIC.test(part)) {
        const p = base ? join(base, part) : part;
        if (last ? existsSync(p) || part === '' : isDir(p)) next.push(p);
        continue;
      }
      const rx = fnmatchRegex(part);
      for (const name of listDir(base)) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (rx.test(name)) next.push(base ? join(base, name) : name);
      }
    }
    current = next;
  });
  return current.sort();
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
