/** Python's json.dumps for the value model (sort_keys, indent, separators, ensure_ascii). */
import { PyFloat, isDict, floatRepr } from '../../values/py.js';
import { isUnknown, UNKNOWN_TEXT } from '../../values/unknown.js';
import { Markup } from '../runtime-values.js';
import { typeError } from './ops.js';
import { pyTypeName } from '../../values/py.js';

export interface JsonOptions {
  sortKeys?: boolean;
  indent?: number | string | null;
  separators?: [string, string];
  ensureAscii?: boolean;
}

function jsonStr(s: string, ascii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ascii && c > 0x7e)) {
      if (c > 0xffff) {
        const h = Math.floor((c - 0x10000) / 0x400) + 0xd800;
        const l = ((c - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${h.toString(16)}\\u${l.toString(16)}`;
      } else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

export function pyJsonDumps(v: unknown, o: JsonOptions = {}): string {
  const ascii = o.ensureAscii ?? true;
  const ind = o.indent === null || o.indent === undefined ? null : typeof o.indent === 'number' ? ' '.repeat(o.indent) : o.indent;
  const [itemSep, keySep] = o.separators ?? (ind !== null ? [',', ': '] : [', ', ': ']);
  const enc = (x: unknown, level: number): string => {
    if (x === null || x === undefined) return 'null';
    if (x === true) return 'true';
    if (x === false) return 'false';
    if (typeof x === 'number') return String(x);
    if (x instanceof PyFloat) {
      if (Number.isNaN(x.value)) return 'NaN';
      if (!Number.isFinite(x.value)) return x.value > 0 ? 'Infinity' : '-Infinity';
      return floatRepr(x.value);
    }
    if (typeof x === 'string') return jsonStr(x, ascii);
    if (x instanceof Markup) return jsonStr(x.s, ascii);
    if (isUnknown(x)) return jsonStr(UNKNOWN_TEXT, ascii);
    const nl = ind === null ? '' : '\n' + ind.repeat(level + 1);
    const close = ind === null ? '' : '\n' + ind.repeat(level);
    if (Array.isArray(x)) {
      if (!x.length) return '[]';
      return '[' + nl + x.map((y) => enc(y, level + 1)).join(itemSep + nl) + close + ']';
    }
    if (isDict(x)) {
      let keys = Object.keys(x);
      if (!keys.length) return '{}';
      if (o.sortKeys) keys = [...keys].sort();
      return '{' + nl + keys.map((k) => jsonStr(k, ascii) + keySep + enc(x[k], level + 1)).join(itemSep + nl) + close + '}';
    }
    throw typeError(`Object of type ${pyTypeName(x)} is not JSON serializable`);
  };
  return enc(v, 0);
}
