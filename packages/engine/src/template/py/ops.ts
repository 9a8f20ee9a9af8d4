/**
 * Python's operators on the value model (values/py.ts), with CPython's error texts. Callers deal
 * with Undefined and Unknown first; these functions see only concrete values.
 */
import { PyFloat, PyTuple, isDict, isNumber, num, pyEquals, pyTypeName } from '../../values/py.js';
import { JUndefined, Markup, escapeHtml } from '../runtime-values.js';
import { LazyMapping } from '../lazy-mapping.js';
import { TemplateError, pyRuntimeError } from '../errors.js';
import { WrappedVault } from '../../values/vault-text.js';

export function typeError(msg: string): TemplateError {
  return new TemplateError('template-type', msg);
}

function tn(v: unknown): string {
  return pyTypeName(v);
}

/** String contents of a str or Markup, else undefined. */
export function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v instanceof Markup ? v.s : undefined;
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof JUndefined) return false;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof Markup) return v.s.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  if (v instanceof LazyMapping) return v.keys().length > 0;
  return true;
}

function isFloatish(v: unknown): boolean {
  return v instanceof PyFloat;
}

function numResult(n: number, float: boolean): number | PyFloat {
  return float ? new PyFloat(n) : n;
}

function unsupported(op: string, a: unknown, b: unknown): TemplateError {
  return typeError(`unsupported operand type(s) for ${op}: '${tn(a)}' and '${tn(b)}'`);
}

export function add(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numResult(num(a) + num(b), isFloatish(a) || isFloatish(b));
  // Markup + text escapes the text (markupsafe's __add__/__radd__).
  if (a instanceof Markup && typeof b === 'string') return new Markup(a.s + escapeHtml(b));
  if (b instanceof Markup && typeof a === 'string') return new Markup(escapeHtml(a) + b.s);
  if (a instanceof Markup && b instanceof Markup) return new Markup(a.s + b.s);
  const sa = asStr(a);
  const sb = asStr(b);
  if (sa !== undefined) {
    if (sb === undefined) throw typeError(`can only concatenate str (not "${tn(b)}") to str`);
    return sa + sb;
  }
  if (Array.isArray(a) && Array.isArray(b) && (a instanceof PyTuple) === (b instanceof PyTuple)) {
    return a instanceof PyTuple ? PyTuple.of_([...a, ...b]) : [...a, ...b];
  }
  if (Array.isArray(a)) {
    const kind = a instanceof PyTuple ? 'tuple' : 'list';
    throw typeError(`can only concatenate ${kind} (not "${tn(b)}") to ${kind}`);
  }
  throw unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numResult(num(a) - num(b), isFloatish(a) || isFloatish(b));
  throw unsupported('-', a, b);
}

/** Repetition beyond this many items/characters is refused rather than exhausting memory. */
const MAX_REPEAT = 50_000_000;

function repeat(seq: unknown, n: number | boolean): unknown {
  const times = Math.max(0, typeof n === 'boolean' ? (n ? 1 : 0) : n);
  const len = asStr(seq)?.length ?? (seq as unknown[]).length;
  if (len * times > MAX_REPEAT) throw new TemplateError('template-runtime', `repeated sequence too large (${len} x ${times})`);
  const s = asStr(seq);
  if (s !== undefined) return s.repeat(times);
  const arr = seq as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < times; i++) out.push(...arr);
  return seq instanceof PyTuple ? PyTuple.of_(out) : out;
}

export function mul(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numResult(num(a) * num(b), isFloatish(a) || isFloatish(b));
  const seqA = asStr(a) !== undefined || Array.isArray(a);
  const seqB = asStr(b) !== undefined || Array.isArray(b);
  if (seqA && (typeof b === 'number' || typeof b === 'boolean')) return repeat(a, b);
  if (seqB && (typeof a === 'number' || typeof a === 'boolean')) return repeat(b, a);
  if (seqA) throw typeError(`can't multiply sequence by non-int of type '${tn(b)}'`);
  if (seqB && !seqA) throw typeError(`can't multiply sequence by non-int of type '${tn(a)}'`);
  throw unsupported('*', a, b);
}

export function div(a: unknown, b: unknown): unknown {
  if (!(isNumber(a) && isNumber(b))) throw unsupported('/', a, b);
  if (num(b) === 0) throw pyRuntimeError('ZeroDivisionError', 'division by zero');
  return new PyFloat(num(a) / num(b));
}

export function floordiv(a: unknown, b: unknown): unknown {
  if (!(isNumber(a) && isNumber(b))) throw unsupported('//', a, b);
  const float = isFloatish(a) || isFloatish(b);
  if (num(b) === 0) {
    throw pyRuntimeError('ZeroDivisionError', float ? 'float floor division by zero' : 'integer division or modulo by zero');
  }
  return numResult(Math.floor(num(a) / num(b)), float);
}

export function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
}

export function mod(a: unknown, b: unknown, fmt: (s: string, args: unknown) => string): unknown {
  const s = asStr(a);
  if (s !== undefined) return fmt(s, b);
  if (!(isNumber(a) && isNumber(b))) throw unsupported('%', a, b);
  const float = isFloatish(a) || isFloatish(b);
  if (num(b) === 0) throw pyRuntimeError('ZeroDivisionError', float ? 'float modulo' : 'integer modulo by zero');
  return numResult(pyMod(num(a), num(b)), float);
}

export function pow(a: unknown, b: unknown): unknown {
  if (!(isNumber(a) && isNumber(b))) throw unsupported('** or pow()', a, b);
  const float = isFloatish(a) || isFloatish(b) || num(b) < 0;
  if (num(a) === 0 && num(b) < 0) throw pyRuntimeError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  return numResult(Math.pow(num(a), num(b)), float);
}

export function neg(a: unknown): unknown {
  if (isNumber(a)) return numResult(-num(a), isFloatish(a));
  throw typeError(`bad operand type for unary -: '${tn(a)}'`);
}

export function pos(a: unknown): unknown {
  if (isNumber(a)) return numResult(num(a), isFloatish(a));
  throw typeError(`bad operand type for unary +: '${tn(a)}'`);
}

const CMP_SYM = { lt: '<', lteq: '<=', gt: '>', gteq: '>=' } as const;
type Ord = keyof typeof CMP_SYM;

/** -1/0/1 ordering with Python's rules, or a TypeError naming `op`. */
export function order(a: unknown, b: unknown, op: string): number {
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  }
  const sa = asStr(a);
  const sb = asStr(b);
  if (sa !== undefined && sb !== undefined) return sa < sb ? -1 : sa > sb ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && (a instanceof PyTuple) === (b instanceof PyTuple)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (pyEquals(a[i], b[i])) continue;
      return order(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  throw typeError(`'${op}' not supported between instances of '${tn(a)}' and '${tn(b)}'`);
}

export function compare(op: Ord | 'eq' | 'ne', a: unknown, b: unknown): boolean {
  if (op === 'eq') return pyEquals(a, b);
  if (op === 'ne') return !pyEquals(a, b);
  const c = order(a, b, CMP_SYM[op]);
  if (Number.isNaN(c)) return false;
  return op === 'lt' ? c < 0 : op === 'lteq' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
}

export function contains(container: unknown, item: unknown): boolean {
  const s = asStr(container);
  if (s !== undefined) {
    const i = asStr(item);
    if (i === undefined) throw typeError(`'in <string>' requires string as left operand, not ${tn(item)}`);
    return s.includes(i);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (container instanceof LazyMapping) return typeof item === 'string' && container.has(item);
  if (isDict(container)) {
    if (Array.isArray(item) && !(item instanceof PyTuple)) throw typeError(`unhashable type: 'list'`);
    if (isDict(item)) throw typeError(`unhashable type: 'dict'`);
    return typeof item === 'string' && Object.hasOwn(container, item);
  }
  throw typeError(`argument of type '${tn(container)}' is not iterable`);
}

/** Python's iter() over a value: lists/tuples, dict keys, string characters. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof LazyMapping) return v.keys();
  if (v instanceof JUndefined && v.lenient) return [];
  if (isDict(v)) return Object.keys(v);
  const s = asStr(v) ?? (v instanceof WrappedVault ? v.ciphertext : undefined);
  if (s !== undefined) return Array.from(s);
  throw typeError(`'${tn(v)}' object is not iterable`);
}

export function pyLen(v: unknown): number {
  if (v instanceof LazyMapping) return v.keys().length;
  // A vault object (vault(wrap_object=true)) is a Sequence over its text.
  const s = asStr(v) ?? (v instanceof WrappedVault ? v.ciphertext : undefined);
  if (s !== undefined) return Array.from(s).length;
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  throw typeError(`object of type '${tn(v)}' has no len()`);
}
