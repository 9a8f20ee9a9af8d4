/**
 * Python's `json.dumps(obj, sort_keys=True, indent=4, ensure_ascii=False)` for the value model,
 * which is how `ansible-inventory` prints: keys sorted by code point, `": "` and `","` separators,
 * empty containers as `[]`/`{}`, floats as repr(), non-ASCII text left as is.
 */
import { floatRepr, isDict, PyFloat } from '../values/py.js';
import { isUnsafe } from '../values/unsafe.js';
import { isVaultText } from '../values/vault-text.js';
import { codepointCompare } from './host-group.js';

export function pyJsonDumps(value: unknown, indent = 4): string {
  return dump(value, indent, 0);
}

function dump(v: unknown, indent: number, level: number): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : jsonFloat(v);
  if (v instanceof PyFloat) return jsonFloat(v.value);
  if (typeof v === 'string') return jsonString(v);
  // AnsibleJSONEncoder(preprocess_unsafe=True) marks !unsafe text and shows vaulted text encrypted.
  if (isUnsafe(v)) return dump({ __ansible_unsafe: v.value }, indent, level);
  if (isVaultText(v)) return dump({ __ansible_vault: v.ciphertext }, indent, level);
  const pad = ' '.repeat(indent * (level + 1));
  const end = ' '.repeat(indent * level);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => pad + dump(x, indent, level + 1)).join(',\n')}\n${end}]`;
  }
  if (isDict(v)) {
    const keys = Object.keys(v).sort(codepointCompare);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${pad}${jsonString(k)}: ${dump(v[k], indent, level + 1)}`).join(',\n')}\n${end}}`;
  }
  // Other wrappers print as their JSON form.
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return dump(json.call(v), indent, level);
  return jsonString(String(v));
}

function jsonFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return floatRepr(n);
}

const ESC: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function jsonString(s: string): string {
  return `"${s.replace(/["\\\x00-\x1f]/g, (c) => ESC[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
