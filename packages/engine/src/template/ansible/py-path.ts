/** Python's posixpath functions (not Node's `path`, whose edge cases differ: '' vs '.', '//' roots). */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { pyTypeName } from '../../values/py.js';
import { filterError, typeError } from './util.js';
import { pyRuntimeError } from '../errors.js';

export function strPath(v: unknown): string {
  if (typeof v !== 'string') throw typeError(`expected str, bytes or os.PathLike object, not ${pyTypeName(v)}`);
  return v;
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function dirname(p: string): string {
  let head = p.slice(0, p.lastIndexOf('/') + 1);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

export function join(a: string, ...rest: string[]): string {
  let path = a;
  for (const b of rest) {
    if (b.startsWith('/')) path = b;
    else if (!path || path.endsWith('/')) path += b;
    else path += '/' + b;
  }
  return path;
}

export function normpath(p: string): string {
  if (p === '') return '.';
  const initial = p.startsWith('/') ? (p.startsWith('//') && !p.startsWith('///') ? 2 : 1) : 0;
  const comps: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c !== '..' || (!initial && comps.length === 0) || comps[comps.length - 1] === '..') comps.push(c);
    else if (comps.length > 0) comps.pop();
  }
  const out = '/'.repeat(initial) + comps.join('/');
  return out || '.';
}

export function abspath(p: string, cwd = process.cwd()): string {
  return normpath(p.startsWith('/') ? p : join(cwd, p));
}

export function splitext(p: string): [string, string] {
  const sep = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  if (dot > sep) {
    let i = sep + 1;
    while (i < dot) {
      if (p[i] !== '.') return [p.slice(0, dot), p.slice(dot)];
      i++;
    }
  }
  return [p, ''];
}

export function relpath(path: string, start = '.'): string {
  if (!path) throw filterError('no path specified');
  const s = abspath(start).split('/').filter(Boolean);
  const t = abspath(path).split('/').filter(Boolean);
  let i = 0;
  while (i < s.length && i < t.length && s[i] === t[i]) i++;
  const rel = [...Array(s.length - i).fill('..'), ...t.slice(i)];
  return rel.length ? rel.join('/') : '.';
}

export function expanduser(p: string): string {
  if (!p.startsWith('~')) return p;
  const i = p.indexOf('/', 1) < 0 ? p.length : p.indexOf('/', 1);
  if (i !== 1) return p; // ~user needs the password database; Python leaves unknown users unchanged.
  const home = process.env.HOME ?? homedir();
  const rest = p.slice(i);
  return (home.replace(/\/+$/, '') || '/') + rest;
}

export function expandvars(p: string): string {
  if (!p.includes('$')) return p;
  return p.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const v = process.env[key];
    return v === undefined ? m : v;
  });
}

/** os.path.realpath (strict=False): symlinks resolved as far as the path exists. */
export function realpath(p: string): string {
  const abs = abspath(p);
  const parts = abs.split('/').filter(Boolean);
  for (let n = parts.length; n >= 0; n--) {
    const prefix = '/' + parts.slice(0, n).join('/');
    try {
      const real = realpathSync(prefix);
      return normpath(join(real, ...parts.slice(n)));
    } catch {
      // Try a shorter prefix: the rest of the path does not exist.
    }
  }
  return abs;
}

export function commonpath(paths: string[]): string {
  if (paths.length === 0) throw pyRuntimeError('ValueError', 'commonpath() arg is an empty sequence');
  const isAbs = paths.map((p) => p.startsWith('/'));
  if (isAbs.some((a) => a !== isAbs[0])) throw pyRuntimeError('ValueError', "Can't mix absolute and relative paths");
  const split = paths.map((p) => p.split('/').filter((c) => c && c !== '.'));
  const first = split[0]!;
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return (isAbs[0] ? '/' : '') + first.slice(0, n).join('/');
}

/** ntpath.splitdrive for drive letters and UNC shares. */
export function ntSplitdrive(p: string): [string, string] {
  const norm = p.replace(/\//g, '\\');
  if (norm.startsWith('\\\\') && norm[2] !== '\\') {
    const i = norm.indexOf('\\', 2);
    const j = i < 0 ? -1 : norm.indexOf('\\', i + 1);
    if (i < 0 || j === i + 1) return ['', p];
    const end = j < 0 ? p.length : j;
    return [p.slice(0, end), p.slice(end)];
  }
  if (p[1] === ':') return [p.slice(0, 2), p.slice(2)];
  return ['', p];
}

export function ntBasename(p: string): string {
  const rest = ntSplitdrive(p)[1];
  return rest.slice(Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\')) + 1);
}

export function ntDirname(p: string): string {
  const [drive, rest] = ntSplitdrive(p);
  const i = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\')) + 1;
  let head = rest.slice(0, i);
  if (head && !/^[\\/]+$/.test(head)) head = head.replace(/[\\/]+$/, '');
  return drive + head;
}
