/**
 * Python requires a look-behind to match a fixed width. JavaScript does not, so a translated
 * pattern would accept what Python rejects; this measures the Python sub-pattern's width.
 */

/** [minimum, maximum] width; maximum null when unbounded or unknown (back-references). */
type Range = [number, number | null];

/** The fixed width of a Python sub-pattern, or null when it varies (or cannot be known). */
export function lookbehindWidth(src: string, verbose: boolean): number | null {
  const [lo, hi] = widthRange(src, verbose);
  return lo === hi ? lo : null;
}

/** Whether a Python sub-pattern can match the empty string. */
export function canMatchEmpty(src: string, verbose: boolean): boolean {
  return widthRange(src, verbose)[0] === 0;
}

function widthRange(src: string, verbose: boolean): Range {
  const ranges = splitTopLevel(src).map((a) => seqWidth(a, verbose));
  const lo = Math.min(...ranges.map((r) => r[0]));
  const his = ranges.map((r) => r[1]);
  return [lo, his.some((h) => h === null) ? null : Math.max(...(his as number[]))];
}

/** Splits on `|` outside groups and classes. */
function splitTopLevel(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      cur += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') {
      const end = classEnd(src, i);
      cur += src.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === '|' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function classEnd(src: string, start: number): number {
  let i = start + 1;
  if (src[i] === '^') i++;
  if (src[i] === ']') i++;
  while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
  return i;
}

function groupEnd(src: string, start: number): number {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(src, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return src.length;
}

/** Width of one atom starting at i: [range, next index]. */
function atomWidth(src: string, i: number, verbose: boolean): [Range, number] {
  const c = src[i]!;
  if (c === '\\') {
    const e = src[i + 1] ?? '';
    if ('AZbB'.includes(e)) return [[0, 0], i + 2];
    if (/[1-9]/.test(e)) return [[0, null], i + 2 + (/[0-9]/.test(src[i + 2] ?? '') ? 1 : 0)];
    if (e === 'x') return [[1, 1], i + 4];
    if (e === 'u') return [[1, 1], i + 6];
    if (e === 'U') return [[1, 1], i + 10];
    if (e === '0') return [[1, 1], i + 2 + (/^[0-7]{0,2}/.exec(src.slice(i + 2))![0].length)];
    return [[1, 1], i + 2];
  }
  if (c === '[') return [[1, 1], classEnd(src, i) + 1];
  if (c === '(') {
    const end = groupEnd(src, i);
    const body = src.slice(i + 1, end);
    if (/^\?(=|!|<=|<!|#)/.test(body)) return [[0, 0], end + 1];
    if (body.startsWith('?P=')) return [[0, null], end + 1];
    return [widthRange(body.replace(/^\?(:|P<[^>]*>)/, ''), verbose), end + 1];
  }
  if (c === '^' || c === '$') return [[0, 0], i + 1];
  return [[1, 1], i + 1 + (src.codePointAt(i)! > 0xffff ? 1 : 0)];
}

function seqWidth(src: string, verbose: boolean): Range {
  let lo = 0;
  let hi: number | null = 0;
  let i = 0;
  while (i < src.length) {
    if (verbose && /\s/.test(src[i]!)) {
      i++;
      continue;
    }
    if (verbose && src[i] === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const [w, next] = atomWidth(src, i, verbose);
    i = next;
    let [a, b] = w;
    const q = /^(?:([*+?])|\{(\d*)(,?)(\d*)\})\??/.exec(src.slice(i));
    if (q && !(q[0].startsWith('{') && q[2] === '' && q[3] === '' && q[4] === '')) {
      i += q[0].length;
      const min = q[1] ? (q[1] === '+' ? 1 : 0) : Number(q[2] || 0);
      const max = q[1] ? (q[1] === '?' ? 1 : null) : q[3] === ',' ? (q[4] === '' ? null : Number(q[4])) : min;
      [a, b] = [a * min, b === null || max === null ? (b === 0 ? 0 : null) : b * max];
    }
    lo += a;
    hi = hi === null || b === null ? null : hi + b;
  }
  return [lo, hi];
}
