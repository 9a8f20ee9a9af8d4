/** The contents (no brackets) of Python 3's Unicode \d \w \s sets, as JS `u` class items. */
import type { PyFlags } from './flags.js';

/** str.isspace() characters, which is what Python's Unicode \s matches. */
const UNICODE_SPACE = ' \\t\\n\\r\\f\\v\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

export function classItems(letter: 'd' | 'w' | 's', flags: PyFlags): string {
  if (letter === 'd') return flags.a ? '0-9' : '\\p{Nd}';
  // str.isalnum() is letters (L*) plus numerics (N*); combining marks are not word characters.
  if (letter === 'w') return flags.a ? 'A-Za-z0-9_' : '\\p{L}\\p{N}_';
  return flags.a ? ' \\t\\n\\r\\f\\v' : UNICODE_SPACE;
}

/** \d \D \w \W \s \S outside a class. */
export function classEscape(letter: string, flags: PyFlags): string {
  const lower = letter.toLowerCase() as 'd' | 'w' | 's';
  const neg = letter !== lower;
  return `[${neg ? '^' : ''}${classItems(lower, flags)}]`;
}

/** Python's \b and \B use its own \w, not JS's ASCII-only word characters. */
export function wordBoundary(negated: boolean, flags: PyFlags): string {
  const w = `[${classItems('w', flags)}]`;
  // Python's \B never matches in an empty string.
  return negated ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w})(?!(?<![\\s\\S])(?![\\s\\S])))` : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
}
