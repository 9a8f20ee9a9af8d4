/** Python's shlex.split(s) (POSIX mode, comments off), how `command` splits its free-form text. */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) throw new Error('No closing quotation');
      cur += s.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '\\"'.includes(s[j + 1]!)) {
          j++;
          cur += s[j];
        } else cur += s[j];
      }
      if (j >= s.length) throw new Error('No closing quotation');
      i = j;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= s.length) throw new Error('No escaped character');
      i++;
      if (s[i] !== '\n') cur += s[i];
      inWord = true;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** Python's shlex.quote (ASCII word characters and @%+=:,./- stay bare). */
export function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}
