/** Backslash escapes outside character classes. */
import { TemplateError } from '../../errors.js';
import { classEscape, wordBoundary } from './classes.js';
import { literal, reError, type State } from './translate.js';

const SIMPLE: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };

export function translateEscape(st: State): string {
  const start = st.pos;
  const c = st.src[st.pos + 1];
  if (c === undefined) throw reError('bad escape (end of pattern)', st.src, start);
  st.pos += 2;
  st.repeatable = true;
  if ('dDwWsS'.includes(c)) return classEscape(c, st.flags);
  if (c === 'A' || c === 'Z' || c === 'b' || c === 'B') {
    st.repeatable = false;
    if (c === 'A') return '(?<![\\s\\S])';
    if (c === 'Z') return '(?![\\s\\S])';
    return wordBoundary(c === 'B', st.flags);
  }
  const cp = escapedCodePoint(st, c, start, false);
  if (cp !== null) return literal(cp);
  return backReference(st, c, start);
}

/**
 * Escapes that stand for one character, shared with classes: \n \t \xhh \uhhhh \Uhhhhhhhh, octal,
 * and escaped punctuation. Returns null for a digit that is a back-reference outside a class.
 */
export function escapedCodePoint(st: State, c: string, start: number, inClass: boolean): number | null {
  if (c in SIMPLE) return SIMPLE[c]!;
  if (c === 'b' && inClass) return 8;
  if (c === 'x' || c === 'u' || c === 'U') {
    const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    const hex = st.src.slice(st.pos, st.pos + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw reError(`incomplete escape \\${c}${hex.replace(/[^0-9a-fA-F].*$/, '')}`, st.src, start);
    st.pos += len;
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) throw reError(`bad escape \\${c}${hex}`, st.src, start);
    return cp;
  }
  if (c === 'N') throw new TemplateError('unsupported-regex', `unsupported regular expression construct \\N{...} (named Unicode character) in ${JSON.stringify(st.src)}: JavaScript cannot express it faithfully`);
  if (c === '0' || (inClass && /[0-7]/.test(c))) return octal(st, c, start);
  if (/[1-9]/.test(c)) {
    const m = /^[0-7]{2}/.exec(st.src.slice(st.pos));
    if (/[0-7]/.test(c) && m) return octal(st, c, start);
    if (inClass) throw reError(`bad escape \\${c}`, st.src, start);
    return null;
  }
  if (/[A-Za-z]/.test(c)) throw reError(`bad escape \\${c}`, st.src, start);
  // Python lets any other character be escaped to mean itself.
  const cp = st.src.codePointAt(st.pos - 1)!;
  if (cp > 0xffff) st.pos++;
  return cp;
}

function octal(st: State, first: string, start: number): number {
  let digits = first;
  while (digits.length < 3 && /[0-7]/.test(st.src[st.pos] ?? '')) digits += st.src[st.pos++];
  const v = parseInt(digits, 8);
  if (v > 0o377) throw reError(`octal escape value \\${digits} outside of range 0-0o377`, st.src, start);
  return v;
}

function backReference(st: State, c: string, start: number): string {
  let digits = c;
  if (/[0-9]/.test(st.src[st.pos] ?? '')) digits += st.src[st.pos++];
  const n = Number(digits);
  if (n > st.groupCount) throw reError(`invalid group reference ${n}`, st.src, start + 1);
  // Python fails a reference to a group that did not take part; JavaScript matches it as empty.
  if (st.optional.has(n)) throw new TemplateError('unsupported-regex', `unsupported regular expression construct back-reference \\${n} to a group that may not take part in the match in ${JSON.stringify(st.src)}: JavaScript cannot express it faithfully`);
  // Wrapped so that a following digit is not read as part of the group number.
  return `(?:\\${n})`;
}
