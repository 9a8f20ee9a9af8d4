/** Python's str methods, bound on attribute access (`'a,b'.split(',')`). */
import { PyFloat, PyTuple, isNumber, num, pyTypeName } from '../../values/py.js';
import { TemplateError, pyRuntimeError } from '../errors.js';
import { asStr, iterate, typeError } from './ops.js';

type M = (s: string, a: unknown[], kw: Record<string, unknown>) => unknown;

const WS = /[\s\u001c-\u001f\u0085]/;

function strArg(v: unknown, what: string): string {
  const s = asStr(v);
  if (s === undefined) throw typeError(`${what} arg must be None or str`);
  return s;
}

/** An integer argument: absent/None gives the default; anything but int/bool is Python's TypeError. */
function intArg(v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number' || typeof v === 'boolean') return num(v);
  throw typeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
}

export function pySplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let i = 0;
    for (;;) {
      while (i < s.length && WS.test(s[i]!)) i++;
      if (i >= s.length) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(s.slice(i));
        break;
      }
      let j = i;
      while (j < s.length && !WS.test(s[j]!)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  const d = strArg(sep, 'sep');
  if (d === '') throw pyRuntimeError('ValueError', 'empty separator');
  const parts = s.split(d);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)];
}

function pyRsplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === undefined || sep === null) {
    const words = pySplit(s, null, -1);
    if (words.length <= maxsplit + 1) return words;
    let rest = s.replace(/\s+$/, '');
    const out: string[] = [];
    for (let i = 0; i < maxsplit; i++) {
      const m = /\s+(\S+)$/.exec(rest)!;
      out.unshift(m[1]!);
      rest = rest.slice(0, m.index);
    }
    return [rest.replace(/^\s+/, ''), ...out];
  }
  const d = strArg(sep, 'sep');
  const parts = s.split(d);
  if (parts.length <= maxsplit + 1) return parts;
  return [parts.slice(0, parts.length - maxsplit).join(d), ...parts.slice(parts.length - maxsplit)];
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : strArg(chars, 'strip');
  const keep = (c: string): boolean => (set === null ? WS.test(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && keep(s[a]!)) a++;
  if (right) while (b > a && keep(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function affix(s: string, a: unknown[], fn: (s: string, p: string) => boolean): boolean {
  const start = intArg(a[1], 0);
  const sub = s.slice(start < 0 ? Math.max(0, s.length + start) : start, a[2] === undefined ? undefined : intArg(a[2], s.length));
  const p = a[0];
  if (p instanceof PyTuple) return p.some((x) => fn(sub, strArg(x, 'startswith')));
  if (asStr(p) === undefined) throw typeError(`startswith first arg must be str or a tuple of str, not ${pyTypeName(p)}`);
  return fn(sub, asStr(p)!);
}

export function pyTitle(s: string): string {
  return s.replace(/[\p{L}\p{N}']+/gu, (w) => w.replace(/\p{L}+/gu, (x, off: number) =>
    off === 0 || !/\p{L}/u.test(w[off - 1]!) ? x[0]!.toUpperCase() + x.slice(1).toLowerCase() : x.toLowerCase()));
}

function padTo(s: string, a: unknown[], where: 'l' | 'r' | 'c'): string {
  const w = intArg(a[0], 0);
  const fill = a[1] === undefined ? ' ' : strArg(a[1], 'fill');
  const n = w - s.length;
  if (n <= 0) return s;
  if (where === 'l') return s + fill.repeat(n);
  if (where === 'r') return fill.repeat(n) + s;
  const left = Math.floor(n / 2) + (n & w & 1);
  return fill.repeat(left) + s + fill.repeat(n - left);
}

function find(s: string, a: unknown[], rev: boolean): number {
  const sub = strArg(a[0], 'find');
  const start = intArg(a[1], 0);
  const end = intArg(a[2], s.length);
  const hay = s.slice(start, end);
  const i = rev ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  return i < 0 ? -1 : i + start;
}

const cased = (s: string): boolean => /\p{L}/u.test(s);

export const STR_METHODS: Record<string, M> = {
  split: (s, a, kw) => pySplit(s, a[0] ?? kw.sep, intArg(a[1] ?? kw.maxsplit, -1)),
  rsplit: (s, a, kw) => pyRsplit(s, a[0] ?? kw.sep, intArg(a[1] ?? kw.maxsplit, -1)),
  strip: (s, a) => stripChars(s, a[0], true, true),
  lstrip: (s, a) => stripChars(s, a[0], true, false),
  rstrip: (s, a) => stripChars(s, a[0], false, true),
  startswith: (s, a) => affix(s, a, (x, p) => x.startsWith(p)),
  endswith: (s, a) => affix(s, a, (x, p) => x.endsWith(p)),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  title: (s) => pyTitle(s),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  replace: (s, a) => {
    const old = strArg(a[0], 'replace');
    const nw = strArg(a[1], 'replace');
    let count = intArg(a[2], -1);
    if (old === '') {
      // Python inserts the replacement before every character and at the end.
      const chars = Array.from(s);
      const n = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
      let out = '';
      for (let i = 0; i < chars.length; i++) out += (i < n ? nw : '') + chars[i];
      return out + (n > chars.length ? nw : '');
    }
    if (count < 0) return s.split(old).join(nw);
    let out = s;
    let from = 0;
    while (count-- > 0) {
      const i = out.indexOf(old, from);
      if (i < 0) break;
      out = out.slice(0, i) + nw + out.slice(i + old.length);
      from = i + nw.length + (old === '' ? 1 : 0);
    }
    return out;
  },
  find: (s, a) => find(s, a, false),
  rfind: (s, a) => find(s, a, true),
  index: (s, a) => {
    const i = find(s, a, false);
    if (i < 0) throw pyRuntimeError('ValueError', 'substring not found');
    return i;
  },
  rindex: (s, a) => {
    const i = find(s, a, true);
    if (i < 0) throw pyRuntimeError('ValueError', 'substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = strArg(a[0], 'count');
    return sub === '' ? s.length + 1 : s.split(sub).length - 1;
  },
  join: (s, a) => iterate(a[0]).map((x) => {
    const v = asStr(x);
    if (v === undefined) throw typeError(`sequence item 0: expected str instance, ${pyTypeName(x)} found`);
    return v;
  }).join(s),
  isdigit: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isdecimal: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  islower: (s) => cased(s) && s === s.toLowerCase(),
  isupper: (s) => cased(s) && s === s.toUpperCase(),
  isspace: (s) => s.length > 0 && /^\s+$/.test(s),
  istitle: (s) => cased(s) && pyTitle(s) === s,
  zfill: (s, a) => {
    const w = intArg(a[0], 0);
    const sign = /^[-+]/.test(s) ? s[0]! : '';
    return s.length >= w ? s : sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  ljust: (s, a) => padTo(s, a, 'l'),
  rjust: (s, a) => padTo(s, a, 'r'),
  center: (s, a) => padTo(s, a, 'c'),
  splitlines: (s, a, kw) => {
    const keep = intArg(a[0] ?? kw.keepends, 0) !== 0;
    const out: string[] = [];
    const re = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;
    let last = 0;
    for (const m of s.matchAll(re)) {
      out.push(s.slice(last, keep ? m.index! + m[0].length : m.index));
      last = m.index! + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  },
  partition: (s, a) => {
    const sep = strArg(a[0], 'partition');
    const i = s.indexOf(sep);
    return PyTuple.of_(i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s, a) => {
    const sep = strArg(a[0], 'rpartition');
    const i = s.lastIndexOf(sep);
    return PyTuple.of_(i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s, a) => (s.startsWith(strArg(a[0], 'removeprefix')) ? s.slice(asStr(a[0])!.length) : s),
  removesuffix: (s, a) => {
    const x = strArg(a[0], 'removesuffix');
    return x && s.endsWith(x) ? s.slice(0, s.length - x.length) : s;
  },
  expandtabs: (s, a) => {
    const size = intArg(a[0], 8);
    let col = 0;
    let out = '';
    for (const c of s) {
      if (c === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += c;
        col = c === '\n' || c === '\r' ? 0 : col + 1;
      }
    }
    return out;
  },
};
