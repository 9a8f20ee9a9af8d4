/**
 * Python character classes `[...]`. `]` first is literal, `[` inside is literal, and negated
 * class escapes (\W \S \D) cannot be nested in a JS `u` class, so such classes become an
 * alternation (or a lookahead plus any-character for a negated class).
 */
import { classItems } from './classes.js';
import { escapedCodePoint } from './translate-escape.js';
import { reError, type State } from './translate.js';

interface Item {
  lo: number;
  hi: number;
}

export function translateClass(st: State): string {
  const start = st.pos;
  st.pos++;
  let negated = false;
  if (st.src[st.pos] === '^') {
    negated = true;
    st.pos++;
  }
  const ranges: Item[] = [];
  const sets: string[] = [];
  const negSets: string[] = [];
  let first = true;
  for (;;) {
    if (st.pos >= st.src.length) throw reError('unterminated character set', st.src, start);
    const ch = st.src[st.pos]!;
    if (ch === ']' && !first) break;
    first = false;
    const atomStart = st.pos;
    const lo = classAtom(st, sets, negSets);
    if (lo === null) {
      if (st.src[st.pos] === '-' && st.src[st.pos + 1] !== ']' && st.pos + 1 < st.src.length) {
        throw reError(`bad character range ${st.src.slice(atomStart, st.pos + 2)}`, st.src, atomStart);
      }
      continue;
    }
    if (st.src[st.pos] === '-' && st.src[st.pos + 1] !== ']' && st.pos + 1 < st.src.length) {
      const rangeStart = st.pos;
      st.pos++;
      const hi = classAtom(st, sets, negSets);
      if (hi === null || hi < lo) throw reError(`bad character range ${st.src.slice(rangeStart - 1, st.pos)}`, st.src, rangeStart - 1);
      ranges.push({ lo, hi });
    } else ranges.push({ lo, hi: lo });
  }
  st.pos++;
  const body = ranges.map((r) => (r.lo === r.hi ? classChar(r.lo) : `${classChar(r.lo)}-${classChar(r.hi)}`)).join('') + sets.join('');
  if (negSets.length === 0) return `[${negated ? '^' : ''}${body}]`;
  const alternatives = [`[${body}]`, ...negSets.map((s) => `[^${s}]`)].join('|');
  return negated ? `(?:(?!${alternatives})[\\s\\S])` : `(?:${alternatives})`;
}

/** One class member: returns its code point, or null after adding a \d-style set. */
function classAtom(st: State, sets: string[], negSets: string[]): number | null {
  const ch = st.src[st.pos]!;
  if (ch !== '\\') {
    const cp = st.src.codePointAt(st.pos)!;
    st.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
  const c = st.src[st.pos + 1];
  if (c === undefined) throw reError('bad escape (end of pattern)', st.src, st.pos);
  if ('dDwWsS'.includes(c)) {
    st.pos += 2;
    const items = classItems(c.toLowerCase() as 'd' | 'w' | 's', st.flags);
    (c === c.toLowerCase() ? sets : negSets).push(items);
    return null;
  }
  const start = st.pos;
  st.pos += 2;
  const cp = escapedCodePoint(st, c, start, true);
  return cp!;
}

function classChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  if ('\\]-[^'.includes(c)) return '\\' + c;
  if (cp < 0x20 || cp === 0x7f) return `\\u{${cp.toString(16)}}`;
  return c;
}
