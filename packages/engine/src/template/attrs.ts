/**
 * Attribute and item access with Jinja2's fallback order, and the sandbox: a template only sees
 * own data properties of dicts and lists, the whitelisted Python methods, and the attributes our
 * runtime objects declare. Nothing reaches a JavaScript prototype, function or host object.
 */
import { PyFloat, PyTuple, isDict, isNumber, num, pyTypeName, strRepr } from '../values/py.js';
import { TemplateError, pyRuntimeError } from './errors.js';
import { LazyMapping } from './lazy-mapping.js';
import { GroupTuple } from './group-tuple.js';
import { UnknownValue, isUnknown } from '../values/unknown.js';
import { JUndefined, Markup, PyCallable } from './runtime-values.js';
import { STR_METHODS } from './py/methods-str.js';
import { DICT_METHODS, LIST_METHODS, TUPLE_METHODS } from './py/methods-coll.js';
import { asStr } from './py/ops.js';
import { typeError } from './py/ops.js';
import { strFormat } from './py/format.js';

/** Runtime objects (loop, namespace, cycler…) expose attributes through this. */
export abstract class JObject {
  abstract readonly pyTypeName: string;
  /** The attribute, or undefined when there is none. */
  abstract attr(name: string): unknown;
}

export class PySlice {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}
}

/** Methods that need arguments, and how many at least (Python raises TypeError with fewer). */
const MIN_ARGS: Record<string, number> = {
  center: 1, ljust: 1, rjust: 1, zfill: 1, startswith: 1, endswith: 1, find: 1, rfind: 1, index: 1, rindex: 1, count: 1,
  replace: 2, join: 1, partition: 1, rpartition: 1, removeprefix: 1, removesuffix: 1, append: 1, extend: 1, insert: 2,
  remove: 1, get: 1, pop: 0, setdefault: 1,
};

/** Methods that take no argument at all. */
/** Methods that take at most this many arguments (where the str and list methods agree). */
const MAX_ARGS: Record<string, number> = {
  append: 1, remove: 1, extend: 1, insert: 2, setdefault: 2, get: 2, pop: 2, join: 1, strip: 1, lstrip: 1, rstrip: 1,
  zfill: 1, partition: 1, rpartition: 1, center: 2, ljust: 2, rjust: 2, splitlines: 1, split: 2, rsplit: 2, replace: 3,
  startswith: 3, endswith: 3, find: 3, rfind: 3, index: 3, rindex: 3, expandtabs: 1, removeprefix: 1, removesuffix: 1,
};
const NO_ARGS = new Set(['upper', 'lower', 'casefold', 'swapcase', 'title', 'capitalize', 'isdigit', 'isnumeric', 'isdecimal',
  'isalpha', 'isalnum', 'islower', 'isupper', 'isspace', 'istitle', 'copy', 'clear', 'reverse', 'items', 'keys', 'values']);

function bind<T>(name: string, self: T, table: Record<string, (s: T, a: unknown[], kw: Record<string, unknown>) => unknown>): PyCallable | undefined {
  if (!Object.hasOwn(table, name)) return undefined;
  const fn = table[name]!;
  const min = MIN_ARGS[name] ?? 0;
  const none = NO_ARGS.has(name);
  return new PyCallable(name, (a, kw) => {
    if (a.length < min) throw typeError(`${name} expected at least ${min} argument${min > 1 ? 's' : ''}, got ${a.length}`);
    if (none && (a.length || Object.keys(kw).length)) throw typeError(`${name}() takes no arguments (${a.length} given)`);
    if (a.length > (MAX_ARGS[name] ?? Infinity)) throw typeError(`${name}() takes at most ${MAX_ARGS[name]} arguments (${a.length} given)`);
    return fn(self, a, kw);
  }, 'builtin_function_or_method');
}

/** Python's getattr(obj, name), or undefined when there is no such attribute. */
export function pyGetattr(obj: unknown, name: string): unknown {
  const s = asStr(obj);
  if (s !== undefined) {
    if (name === 'format') {
      return new PyCallable('format', (a, kw) => strFormat(s, a, kw, (o, k, isIndex) =>
        (isIndex ? formatItem(o, /^\d+$/.test(k) ? Number(k) : k) : formatAttr(o, k))), 'builtin_function_or_method');
    }
    return bind(name, s, STR_METHODS);
  }
  if (obj instanceof GroupTuple && (name === 'grouper' || name === 'list')) return obj[name === 'grouper' ? 0 : 1];
  if (obj instanceof PyTuple) return bind(name, obj as unknown[], TUPLE_METHODS);
  if (Array.isArray(obj)) return bind(name, obj, LIST_METHODS);
  if (isDict(obj)) return bind(name, obj, DICT_METHODS);
  if (obj instanceof JObject) return obj.attr(name);
  if (obj instanceof PyCallable) return Object.hasOwn(obj.attrs, name) ? obj.attrs[name] : undefined;
  if (obj instanceof PyFloat) {
    if (name === 'real') return obj;
    if (name === 'imag') return new PyFloat(0);
    if (name === 'is_integer') return new PyCallable(name, () => Number.isInteger(obj.value), 'builtin_function_or_method');
  }
  return undefined;
}

/** Python's obj[key], or undefined when it raises (KeyError, IndexError, TypeError). */
function pyGetitem(obj: unknown, key: unknown): unknown {
  if (key instanceof PySlice) return sliceOf(obj, key);
  if (obj instanceof LazyMapping) return typeof key === 'string' && obj.has(key) ? obj.get(key) : undefined;
  if (isDict(obj)) return typeof key === 'string' && Object.hasOwn(obj, key) ? obj[key] : undefined;
  const s = asStr(obj);
  const seq: ArrayLike<unknown> | undefined = Array.isArray(obj) ? obj : s !== undefined ? Array.from(s) : undefined;
  if (seq && (typeof key === 'number' || typeof key === 'boolean')) {
    let i = num(key);
    if (i < 0) i += seq.length;
    return i >= 0 && i < seq.length ? seq[i] : undefined;
  }
  return undefined;
}

function sliceIndex(v: unknown, what: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return num(v);
  throw typeError(`slice indices must be integers or None or have an __index__ method`);
  void what;
}

export function sliceOf(obj: unknown, sl: PySlice): unknown {
  const s = asStr(obj);
  const items: unknown[] | undefined = Array.isArray(obj) ? obj : s !== undefined ? Array.from(s) : undefined;
  if (!items) return undefined;
  const len = items.length;
  const step = sliceIndex(sl.step, 'step') ?? 1;
  if (step === 0) throw typeError('slice step cannot be zero');
  const norm = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += len;
    return Math.min(Math.max(v, lo), hi);
  };
  const out: unknown[] = [];
  if (step > 0) {
    const a = norm(sliceIndex(sl.start, 'start'), 0, 0, len);
    const b = norm(sliceIndex(sl.stop, 'stop'), len, 0, len);
    for (let i = a; i < b; i += step) out.push(items[i]);
  } else {
    const a = norm(sliceIndex(sl.start, 'start'), len - 1, -1, len - 1);
    const b = norm(sliceIndex(sl.stop, 'stop'), -1, -1, len - 1);
    for (let i = a; i > b; i += step) out.push(items[i]);
  }
  if (s !== undefined) return (out as string[]).join('');
  return obj instanceof PyTuple ? PyTuple.of_(out) : out;
}

/** str.format's `{0.name}`: Python getattr only, with Python's AttributeError. */
function formatAttr(obj: unknown, name: string): unknown {
  const v = pyGetattr(obj, name);
  if (v === undefined) throw typeError(`'${pyTypeName(obj)}' object has no attribute '${name}'`);
  return v;
}

/** str.format's `{0[key]}`: Python's obj[key], with Python's errors. */
function formatItem(obj: unknown, key: string | number): unknown {
  const v = pyGetitem(obj, key);
  if (v !== undefined) return v;
  if (isDict(obj)) throw pyRuntimeError('KeyError', strRepr(String(key)));
  if (asStr(obj) !== undefined) {
    if (typeof key === 'string') throw typeError(`string indices must be integers, not 'str'`);
    throw pyRuntimeError('IndexError', 'string index out of range');
  }
  if (Array.isArray(obj)) {
    if (typeof key === 'string') throw typeError(`list indices must be integers or slices, not str`);
    throw pyRuntimeError('IndexError', `${pyTypeName(obj)} index out of range`);
  }
  throw typeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

/** `obj.name`: attribute first, then item (jinja2 Environment.getattr). */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof JUndefined || obj instanceof UnknownValue) return obj;
  if (isDict(obj) && !Object.hasOwn(DICT_METHODS, name)) {
    // The common case, without building a bound method first: a dict key that is no dict method.
    return Object.hasOwn(obj, name) ? obj[name] : new JUndefined(name, obj);
  }
  const a = pyGetattr(obj, name);
  if (a !== undefined) return a;
  const i = pyGetitem(obj, name);
  if (i !== undefined) return i;
  return new JUndefined(name, obj);
}

/** `obj[key]`: item first, then attribute for string keys (jinja2 Environment.getitem). */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof JUndefined || isUnknown(obj)) return obj;
  if (isUnknown(key)) return key;
  if (key instanceof JUndefined) key.fail();
  const i = pyGetitem(obj, key);
  if (i !== undefined) return i;
  if (typeof key === 'string') {
    const a = pyGetattr(obj, key);
    if (a !== undefined) return a;
  }
  if (isNumber(key) && !(obj instanceof Markup)) return new JUndefined(typeof key === 'number' ? key : String(key), obj);
  return new JUndefined(key as string, obj);
}
