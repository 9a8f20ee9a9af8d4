/**
 * Python's fnmatch.translate (3.11) as a JavaScript regex source: `*`, `?`, `[seq]`, `[!seq]`,
 * an unclosed `[` literal, reversed ranges dropped, empty sets never matching. Used by host
 * patterns and by the fileglob lookup. Compile the result with the `u` and `s` flags.
 */
const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** The set body of `[...]` as a JS class body (Python's chunk logic for ranges). */
function setBody(pat: string, start: number, end: number): string {
  if (!pat.slice(start, end).includes('-')) return escapeInClass(pat.slice(start, end));
  const chunks: string[] = [];
  let i = start;
  let k = pat[start] === '!' ? start + 2 : start + 1;
  for (;;) {
    k = pat.indexOf('-', k);
    if (k < 0 || k >= end) break;
    chunks.push(pat.slice(i, k));
    i = k + 1;
    k = k + 3;
  }
  const last = pat.slice(i, end);
  if (last) chunks.push(last);
  else chunks[chunks.length - 1] += '-';
  for (let c = chunks.length - 1; c > 0; c--) {
    const prev = chunks[c - 1]!;
    if (prev[prev.length - 1]! > chunks[c]![0]!) {
      chunks[c - 1] = prev.slice(0, -1) + chunks[c]!.slice(1);
      chunks.splice(c, 1);
    }
  }
  return chunks.map((s) => escapeInClass(s).replace(/-/g, '\\-')).join('-');
}

function escapeInClass(s: string): string {
  return s.replace(/[\\\]\[]/g, (x) => `\\${x}`);
}

export function fnmatchSource(pat: string): string {
  let out = '';
  let lastStar = false;
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '*') {
      if (!lastStar) out += '.*';
      lastStar = true;
      continue;
    }
    lastStar = false;
    if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pat[j] === '!') j++;
      if (pat[j] === ']') j++;
      while (j < pat.length && pat[j] !== ']') j++;
      if (j >= pat.length) {
        out += '\\[';
        continue;
      }
      let body = setBody(pat, i + 1, j);
      i = j;
      if (!body) out += '(?!)';
      else if (body === '!') out += '.';
      else {
        if (body[0] === '!') body = '^' + body.slice(1);
        else if (body[0] === '^') body = '\\' + body;
        out += `[${body}]`;
      }
    } else out += c.replace(SPECIAL, '\\$&');
  }
  return out;
}

/** An anchored RegExp for a whole-name match, as fnmatch.fnmatchcase does. */
export function fnmatchRegex(pat: string): RegExp {
  return new RegExp(`^(?:${fnmatchSource(pat)})$`, 'us');
}
