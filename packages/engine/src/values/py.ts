/**
 * Python's value model in JavaScript, the one representation shared by templating, variables and
 * output. Jinja2 in Ansible computes with Python values, so the differences that show up in
 * rendered text are kept:
 *   int      -> JS number (always an integer; booleans are not ints here, see isNumber)
 *   float    -> PyFloat (always, even 2.0, so `4/2` renders "2.0")
 *   str      -> JS string          None -> null          True/False -> boolean
 *   list     -> JS array           tuple -> PyTuple (an Array subclass)
 *   dict     -> plain object (insertion order; keys are strings)
 * Values leave this model through toPlain() (module arguments, JSON output) and enter it through
 * fromPlain() (module results, JSON files).
 */
import { UnknownValue } from './unknown.js';

export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return floatRepr(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

/** A Python tuple. Array methods that build new arrays build plain lists. */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  static of_<T>(items: readonly T[]): PyTuple<T> {
    const n = items.length;
    // new PyTuple(n) makes an n-slot array (Array's constructor), filled in place: no regrowth.
    const t = n === 1 ? new PyTuple<T>() : new PyTuple<T>(n);
    if (n === 1) t.push(items[0]!);
    else for (let i = 0; i < n; i++) t[i] = items[i]!;
    return t;
  }
}

export function pyFloat(n: number): PyFloat {
  return new PyFloat(n);
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number';
}
export function isFloat(v: unknown): v is PyFloat {
  return v instanceof PyFloat;
}
/** Python's numbers.Number: int, float and bool (bool subclasses int in Python). */
export function isNumber(v: unknown): v is number | PyFloat | boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}
/** The numeric JS value of an int, float or bool. */
export function num(v: number | PyFloat | boolean): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : v.value;
}
export function isTuple(v: unknown): v is PyTuple {
  return v instanceof PyTuple;
}
export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v) && !(v instanceof PyTuple);
}
export function isSequence(v: unknown): v is unknown[] {
  return Array.isArray(v);
}
/** A Python dict: a plain object, never a class instance (no template reaches host objects). */
export function isDict(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Python's `type(v).__name__`, as `type_debug` shows it. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof UnknownValue) return 'Unknown';
  if (isDict(v)) return 'dict';
  const named = (v as { pyTypeName?: unknown }).pyTypeName;
  return typeof named === 'string' ? named : 'object';
}

/** Python's repr() of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    // JS gives "1.5e+25" / "1e-7"; Python gives "1.5e+25" / "1e-07" (two-digit exponent minimum).
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** Python's repr() of a str: single quotes unless the text has ' and no "; non-printables escaped. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      // str.isprintable() is False for categories C* and Z* except the space.
      out += c < 0x100 ? '\\x' + c.toString(16).padStart(2, '0') : c < 0x10000 ? '\\u' + c.toString(16).padStart(4, '0') : '\\U' + c.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/** Python's repr(). Objects that know their own repr expose `pyRepr()`. */
export function pyRepr(v: unknown, seen: Set<unknown> = new Set()): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof UnknownValue) return v.toString();
  if (typeof v === 'object') {
    if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
    seen.add(v);
    try {
      if (v instanceof PyTuple) {
        const inner = v.map((x) => pyRepr(x, seen));
        return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
      }
      if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x, seen)).join(', ')}]`;
      if (isDict(v)) {
        const parts = Object.entries(v).map(([k, x]) => `${strRepr(k)}: ${pyRepr(x, seen)}`);
        return `{${parts.join(', ')}}`;
      }
      const own = (v as { pyRepr?: unknown }).pyRepr;
      if (typeof own === 'function') return String(own.call(v));
    } finally {
      seen.delete(v);
    }
  }
  return String(v);
}

/** Python's str(): strings as they are, everything else as repr(). */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isDict(v)) {
    const own = (v as { pyStr?: unknown }).pyStr;
    if (typeof own === 'function') return String(own.call(v));
  }
  return pyRepr(v);
}

/** Python ==. 1 == 1.0 == True; lists and tuples never equal each other. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a instanceof PyTuple !== b instanceof PyTuple || a.length !== b.length) return false;
    return a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return a === b;
}

/** Converts a template value to plain JSON-able JS: floats to numbers, tuples to arrays. */
export function toPlain(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return Array.from(v, toPlain);
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}

/** Converts plain JS (parsed JSON, a module's result) into the model: non-integers become floats. */
export function fromPlain(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : new PyFloat(v);
  if (Array.isArray(v)) {
    const items = v.map(fromPlain);
    return v instanceof PyTuple ? PyTuple.of_(items) : items;
  }
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromPlain(x);
    return out;
  }
  return v;
}

/** dict[key] = value without JavaScript's `__proto__` setter: the key is always plain data. */
export function setItem(d: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(d, key, { value, writable: true, enumerable: true, configurable: true });
  else d[key] = value;
}

/** Object.assign for dicts, through setItem. */
export function assignItems(d: Record<string, unknown>, src: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(src)) setItem(d, k, src[k]);
  return d;
}
