/** Python str methods the filters need with Python's exact whitespace rules. */
import { filterError } from '../util.js';
import { pyRuntimeError } from '../../errors.js';

/** Characters str.isspace() accepts, which str.split() with no separator splits on. */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** str.split(sep, maxsplit). */
export function pyStrSplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (sep === '') throw pyRuntimeError('ValueError', 'empty separator');
  if (sep !== null) {
    const parts: string[] = [];
    let rest = s;
    while (maxsplit < 0 || parts.length < maxsplit) {
      const i = rest.indexOf(sep);
      if (i < 0) break;
      parts.push(rest.slice(0, i));
      rest = rest.slice(i + sep.length);
    }
    parts.push(rest);
    return parts;
  }
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && PY_SPACE.test(s[i]!)) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length >= maxsplit) {
      out.push(s.slice(i));
      break;
    }
    let j = i;
    while (j < n && !PY_SPACE.test(s[j]!)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}
