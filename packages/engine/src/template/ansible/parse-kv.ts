/** Ansible's parse_kv for `key=value` term strings (quotes group words; non-kv words are _raw_params). */

/** split_args: words separated by spaces, quoted sections kept together. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\' && i + 1 < s.length) {
        cur += c + s[++i];
        continue;
      }
      if (c === quote) quote = null;
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

export function parseKv(s: string): Record<string, string> {
  const options: Record<string, string> = {};
  const raw: string[] = [];
  for (const word of splitArgs(s)) {
    const m = /^([^=\s'"]+)=(.*)$/s.exec(word);
    if (m) Object.defineProperty(options, m[1]!, { value: unquote(m[2]!), enumerable: true, writable: true, configurable: true });
    else raw.push(word);
  }
  if (raw.length) options._raw_params = raw.join(' ');
  return options;
}
