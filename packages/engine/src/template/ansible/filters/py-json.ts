/** Python's json.dumps / json.loads for the value model, as AnsibleJSONEncoder configures them. */
import { floatRepr, isDict, PyFloat, pyTypeName } from '../../../values/py.js';
import { isUnknown } from '../../../values/unknown.js';
import { isUnsafe } from '../../../values/unsafe.js';
import { WrappedVault, isVaultText } from '../../../values/vault-text.js';
import { asDict, filterError, typeError } from '../util.js';
import { LazyMapping } from '../../lazy-mapping.js';
import { JUndefined } from '../../runtime-values.js';

export interface DumpOptions {
  indent: number | string | null;
  sortKeys: boolean;
  separators: [string, string] | null;
  ensureAscii: boolean;
  /** AnsibleJSONEncoder(preprocess_unsafe=True), as ansible-inventory prints: !unsafe text and
   * vaulted values as {"__ansible_unsafe": …} / {"__ansible_vault": …}. */
  preprocessUnsafe: boolean;
}

/** json.dumps(value, …). Floats print as repr; NaN and Infinity as JavaScript literals, like Python. */
export function jsonDumps(value: unknown, opts: Partial<DumpOptions> = {}): string {
  const indent = opts.indent === undefined ? null : opts.indent;
  const indentStr = indent === null ? null : typeof indent === 'number' ? ' '.repeat(Math.max(0, Math.min(indent, 1000))) : indent;
  const [itemSep, keySep] = opts.separators ?? (indentStr === null ? [', ', ': '] : [',', ': ']);
  const ensureAscii = opts.ensureAscii ?? true;
  const seen = new Set<unknown>();
  const enc = (v: unknown, level: number): string => {
    if (v instanceof JUndefined) v.fail();
    if (v instanceof LazyMapping) v = asDict(v);
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return String(v);
    if (v instanceof PyFloat) return jsonFloat(v.value);
    if (typeof v === 'string') return jsonString(v, ensureAscii);
    if (opts.preprocessUnsafe && isUnsafe(v)) return enc({ __ansible_unsafe: v.value }, level);
    if (opts.preprocessUnsafe && isVaultText(v)) return enc({ __ansible_vault: v.ciphertext }, level);
    if (isUnsafe(v) || isUnknown(v)) return jsonString(String(v), ensureAscii);
    // to_json's vault_to_text=True: a vault object encodes as its text (the envelope, with no vault).
    if (v instanceof WrappedVault) return jsonString(v.ciphertext, ensureAscii);
    if (Array.isArray(v) || isDict(v)) {
      if (seen.has(v)) throw filterError('Circular reference detected');
      seen.add(v);
      try {
        return Array.isArray(v) ? encList(v, level) : encDict(v, level);
      } finally {
        seen.delete(v);
      }
    }
    const iso = (v as { isoformat?: unknown }).isoformat;
    if (typeof iso === 'function') return jsonString(String(iso.call(v)), ensureAscii);
    throw typeError(`Object of type ${pyTypeName(v)} is not JSON serializable`);
  };
  const nl = (level: number): string => (indentStr === null ? '' : '\n' + indentStr.repeat(level));
  const encList = (v: unknown[], level: number): string => {
    if (v.length === 0) return '[]';
    const items = v.map((x) => enc(x, level + 1));
    return `[${nl(level + 1)}${items.join(itemSep + nl(level + 1))}${nl(level)}]`;
  };
  const encDict = (v: Record<string, unknown>, level: number): string => {
    let keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    if (opts.sortKeys) keys = [...keys].sort(pyStrCompare);
    const items = keys.map((k) => `${jsonString(k, ensureAscii)}${keySep}${enc(v[k], level + 1)}`);
    return `{${nl(level + 1)}${items.join(itemSep + nl(level + 1))}${nl(level)}}`;
  };
  return enc(value, 0);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Python compares str by code point; JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function pyStrCompare(a: string, b: string): number {
  // Without surrogates UTF-16 order is code point order.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function jsonFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return floatRepr(n);
}

const ESC: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function jsonString(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ESC[ch]) out += ESC[ch];
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export { jsonLoads } from './json-parse.js';
