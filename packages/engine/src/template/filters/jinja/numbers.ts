/** Jinja2's number filters and `default`. */
import type { FilterFn } from '../../types.js';
import { PyFloat, isNumber, num, pyTypeName } from '../../../values/py.js';
import { JUndefined, Markup } from '../../runtime-values.js';
import { TemplateError } from '../../errors.js';
import { asStr, truthy, typeError } from '../../py/ops.js';
import { arg, intOr } from './helpers.js';

/** Python's float(str): accepts what Python accepts (underscores, inf, nan, whitespace). */
export function parsePyFloat(s: string): number | undefined {
  const t = s.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Python's int(str, base). */
export function parsePyInt(s: string, base: number): number | undefined {
  let t = s.trim().replace(/(\w)_(?=\w)/g, '$1').toLowerCase();
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t.startsWith('-') ? -1 : 1;
    t = t.slice(1);
  }
  let b = base;
  const pref: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
  const p = t.slice(0, 2);
  if ((b === 0 || b === pref[p]) && pref[p]) {
    b = pref[p]!;
    t = t.slice(2);
  } else if (b === 0) b = 10;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (!t || [...t].some((c) => !digits.includes(c))) return undefined;
  return sign * parseInt(t, b);
}

function toInt(v: unknown, dflt: unknown, base: number): unknown {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? Math.trunc(v.value) : dflt;
  const s = asStr(v);
  if (s !== undefined) {
    const i = parsePyInt(s, base);
    if (i !== undefined) return i;
    const f = parsePyFloat(s);
    return f !== undefined && Number.isFinite(f) ? Math.trunc(f) : dflt;
  }
  return dflt;
}

function toFloat(v: unknown, dflt: unknown): unknown {
  if (isNumber(v)) return new PyFloat(num(v));
  const s = asStr(v);
  if (s !== undefined) {
    const f = parsePyFloat(s);
    if (f !== undefined) return new PyFloat(f);
  }
  return dflt;
}

/** Python 3's round(x, n): banker's rounding on the decimal value. */
export function pyRound(x: number, n: number): number {
  if (n >= 0 && n <= 20 && Math.abs(x) < 1e21) {
    // toFixed works on the exact binary value (as Python's round does); only exact ties need care.
    const exact = x.toFixed(Math.min(100, n + 60));
    const cut = exact.indexOf('.') + 1 + n;
    const rest = exact.slice(cut);
    const fixed = Number(x.toFixed(n));
    if (!/^50*$/.test(rest)) return fixed;
    const down = Number(exact.slice(0, n === 0 ? cut - 1 : cut));
    const lastDigit = Number(exact[n === 0 ? cut - 2 : cut - 1]);
    return lastDigit % 2 === 0 ? down : fixed;
  }
  const m = 10 ** n;
  const y = x * m;
  const r = Math.round(y);
  const exact = Math.abs(y % 1) === 0.5 ? (r % 2 === 0 ? r : r - 1) : r;
  const v = Number((exact / m).toFixed(Math.max(0, n)));
  return Number.isFinite(v) ? v : x;
}

function round(v: unknown, precision: number, method: string): unknown {
  if (!isNumber(v)) throw typeError(`type ${pyTypeName(v)} doesn't define __round__ method`);
  const x = num(v);
  if (method === 'common') {
    return typeof v === 'number' || typeof v === 'boolean' ? (precision >= 0 ? x : pyRound(x, precision)) : new PyFloat(pyRound(x, precision));
  }
  if (method !== 'ceil' && method !== 'floor') throw new TemplateError('template-runtime', 'method must be common, ceil or floor');
  const m = 10 ** precision;
  return new PyFloat((method === 'ceil' ? Math.ceil(x * m) : Math.floor(x * m)) / m);
}

function dflt(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown {
  const d = arg(a, kw, 0, 'default_value', '');
  const boolean = truthy(arg(a, kw, 1, 'boolean', false));
  if (v instanceof JUndefined || (boolean && !truthy(v))) return d;
  return v;
}

export const NUMBER_FILTERS: Record<string, FilterFn> = {
  abs: (_c, v) => {
    if (!isNumber(v)) throw typeError(`bad operand type for abs(): '${pyTypeName(v)}'`);
    return v instanceof PyFloat ? new PyFloat(Math.abs(v.value)) : Math.abs(num(v));
  },
  int: (_c, v, a, kw) => toInt(v, arg(a, kw, 0, 'default', 0), intOr(arg(a, kw, 1, 'base', 10), 10)),
  float: (_c, v, a, kw) => toFloat(v, arg(a, kw, 0, 'default', new PyFloat(0))),
  round: (_c, v, a, kw) => round(v, intOr(arg(a, kw, 0, 'precision', 0), 0), String(arg(a, kw, 1, 'method', 'common'))),
  default: (_c, v, a, kw) => dflt(v, a, kw),
  d: (_c, v, a, kw) => dflt(v, a, kw),
};

export { Markup };
