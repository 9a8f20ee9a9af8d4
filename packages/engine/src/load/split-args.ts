/**
 * Free-form module arguments (`copy: src=a dest="b c"`, `shell: echo {{ x }} chdir=/tmp`), split
 * exactly as ansible-core's parsing/splitter.py does: whitespace splits, except inside quotes or
 * Jinja2 blocks; `k=v` pairs become options, the rest `_raw_params`.
 */

/** Options that command-like modules still accept as k=v inside their free-form text. */
const RAW_KV_OPTIONS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

export class SplitArgsError extends Error {}

function quoteState(token: string, quoteChar: string | null): string | null {
  let q = quoteChar;
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    const prev = i > 0 ? token[i - 1] : undefined;
    if ((c === '"' || c === "'") && prev !== '\\') {
      if (q) {
        if (c === q) q = null;
      } else q = c;
    }
  }
  return q;
}

function count(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i !== -1; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function blockDepth(token: string, depth: number, open: string, close: string): number {
  const o = count(token, open);
  const c = count(token, close);
  if (o === c) return depth;
  return Math.max(0, depth + o - c);
}

interface SplitState {
  params: string[];
  quote: string | null;
  depths: [number, number, number];
}

const BLOCKS: [string, string][] = [['{{', '}}'], ['{%', '%}'], ['{#', '#}']];

function splitToken(st: SplitState, token: string, idx: number): void {
  const inBlock = () => st.depths.some((d) => d > 0);
  const wasInside = st.quote !== null;
  st.quote = quoteState(token, st.quote);
  const inside = st.quote !== null;
  let appended = false;
  if (inside && !wasInside && !inBlock()) {
    st.params.push(token);
    appended = true;
  } else if (inBlock() || inside || wasInside) {
    const last = st.params.length - 1;
    if (idx === 0 && wasInside) st.params[last] = `${st.params[last] ?? ''}${token}`;
    else st.params[last] = `${st.params[last] ?? ''}${idx > 0 ? ' ' : ''}${token}`;
    appended = true;
  }
  BLOCKS.forEach(([open, close], i) => {
    const before = st.depths[i]!;
    st.depths[i] = blockDepth(token, before, open, close);
    if (st.depths[i] !== before && !appended) {
      st.params.push(token);
      appended = true;
    }
  });
  if (!inBlock() && !inside && !appended && token !== '') st.params.push(token);
}

/** ansible.parsing.splitter.split_args */
export function splitArgs(args: string): string[] {
  if (!args) return [];
  const st: SplitState = { params: [], quote: null, depths: [0, 0, 0] };
  const lines = args.split('\n');
  lines.forEach((line, lineIdx) => {
    const tokens = line.split(' ');
    let continuation = false;
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        if (st.params.length === 0) st.params.push('');
        st.params[st.params.length - 1] += ' ';
        return;
      }
      if (token === '\\' && st.quote === null) {
        continuation = true;
        return;
      }
      splitToken(st, token, idx);
    });
    if (lines.length > 1 && lineIdx !== lines.length - 1 && !continuation) {
      if (st.params.length === 0) st.params.push('');
      st.params[st.params.length - 1] += '\n';
    }
  });
  if (st.quote !== null || st.depths.some((d) => d > 0)) {
    throw new SplitArgsError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${args}`);
  }
  return st.params;
}

/** ansible.parsing.splitter.join_args */
export function joinArgs(parts: string[]): string {
  let out = '';
  for (const p of parts) out += out.length === 0 || out.endsWith('\n') ? p : ` ${p}`;
  return out;
}

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Python's unicode-escape decoding of the sequences splitter.py recognises (not \N{…}). */
function decodeEscapes(s: string): string {
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g, (_m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? e;
  });
}

function unquote(s: string): string {
  const quoted = s.length > 1 && s[0] === s[s.length - 1] && (s[0] === '"' || s[0] === "'") && s[s.length - 2] !== '\\';
  return quoted ? s.slice(1, -1) : s;
}

/** ansible.parsing.splitter.parse_kv: `checkRaw` is true for command-like (free-form) modules. */
export function parseKv(args: string, checkRaw = false): Record<string, string> {
  const options: Record<string, string> = {};
  const raw: string[] = [];
  for (const orig of splitArgs(args)) {
    const x = decodeEscapes(orig);
    let pos = -1;
    for (let p = x.indexOf('=', 1); p !== -1; p = x.indexOf('=', p + 1)) {
      if (x[p - 1] !== '\\') {
        pos = p;
        break;
      }
    }
    if (!x.includes('=')) {
      raw.push(orig);
      continue;
    }
    if (pos === -1) {
      raw.push(x.replace(/\\=/g, '='));
      continue;
    }
    const k = x.slice(0, pos);
    const v = x.slice(pos + 1);
    if (checkRaw && !RAW_KV_OPTIONS.has(k)) raw.push(orig);
    else Object.defineProperty(options, k.trim(), { value: unquote(v.trim()), enumerable: true, writable: true, configurable: true });
  }
  if (raw.length > 0) options._raw_params = joinArgs(raw);
  return options;
}
