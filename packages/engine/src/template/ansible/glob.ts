/** Python's glob.glob (no recursion with **), used by fileglob; results sorted for determinism. */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from './py-path.js';

const MAGIC = /[*?[]/;

/** fnmatch.translate for one path component. */
export function fnmatchRegex(pat: string): RegExp {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pat[j] === '!') j++;
      if (pat[j] === ']') j++;
      while (j < pat.length && pat[j] !== ']') j++;
      if (j >= pat.length) re += '\\[';
      else {
        let stuff = pat.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (stuff.startsWith('!')) stuff = '^' + stuff.slice(1);
        else if (stuff.startsWith('^')) stuff = '\\' + stuff;
        re += `[${stuff}]`;
        i = j;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

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
