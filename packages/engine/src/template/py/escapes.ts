/** Python's "unicode-escape" decoding, as Jinja2 applies it to string literals. */
const SIMPLE: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

export function decodePyEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1]!;
    if (n in SIMPLE) {
      out += SIMPLE[n];
      i++;
    } else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length;
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Error(`truncated \\${n} escape`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + len;
    } else {
      // Unknown escapes keep their backslash, as in Python.
      out += c;
    }
  }
  return out;
}
