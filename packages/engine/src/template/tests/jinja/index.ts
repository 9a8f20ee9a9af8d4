/** Jinja2's builtin tests (jinja2/tests.py) and their comparison aliases. */
import type { TestFn } from '../../types.js';
import { PyFloat, isDict, isNumber, num } from '../../../values/py.js';
import { JUndefined, Markup, PyCallable } from '../../runtime-values.js';
import { JObject } from '../../attrs.js';
import { CallableJObject } from '../../call.js';
import { asStr, compare, contains, pyMod, typeError } from '../../py/ops.js';

function c(v: unknown): unknown {
  if (v instanceof JUndefined) v.fail();
  return v;
}

const cmp = (op: 'eq' | 'ne' | 'lt' | 'lteq' | 'gt' | 'gteq'): TestFn => (_c, v, a) => compare(op, c(v), c(a[0]));

function lowerOrUpper(v: unknown, upper: boolean): boolean {
  const s = asStr(c(v)) ?? String(v);
  return upper ? s === s.toUpperCase() : s === s.toLowerCase();
}

export const JINJA_TESTS: Record<string, TestFn> = {
  boolean: (_c, v) => v === true || v === false,
  callable: (_c, v) => v instanceof PyCallable || v instanceof CallableJObject,
  defined: (_c, v) => !(v instanceof JUndefined),
  undefined: (_c, v) => v instanceof JUndefined,
  divisibleby: (_c, v, a) => {
    const x = c(v);
    const y = c(a[0]);
    if (!isNumber(x) || !isNumber(y)) throw typeError(`unsupported operand type(s) for %: '${typeof x}' and '${typeof y}'`);
    return pyMod(num(x), num(y)) === 0;
  },
  escaped: (_c, v) => v instanceof Markup,
  even: (_c, v) => pyMod(num(c(v) as number), 2) === 0,
  odd: (_c, v) => pyMod(num(c(v) as number), 2) === 1,
  false: (_c, v) => v === false,
  true: (_c, v) => v === true,
  float: (_c, v) => v instanceof PyFloat,
  integer: (_c, v) => typeof v === 'number',
  number: (_c, v) => isNumber(v),
  string: (_c, v) => asStr(v) !== undefined,
  mapping: (_c, v) => isDict(v),
  sequence: (_c, v) => Array.isArray(v) || asStr(v) !== undefined || isDict(v),
  iterable: (_c, v) => Array.isArray(v) || asStr(v) !== undefined || isDict(v),
  none: (_c, v) => v === null,
  lower: (_c, v) => lowerOrUpper(v, false),
  upper: (_c, v) => lowerOrUpper(v, true),
  sameas: (_c, v, a) => v === a[0] || (v === null && a[0] === null),
  in: (_c, v, a) => contains(c(a[0]), c(v)),
  eq: cmp('eq'), equalto: cmp('eq'), '==': cmp('eq'),
  ne: cmp('ne'), '!=': cmp('ne'),
  lt: cmp('lt'), lessthan: cmp('lt'), '<': cmp('lt'),
  le: cmp('lteq'), '<=': cmp('lteq'),
  gt: cmp('gt'), greaterthan: cmp('gt'), '>': cmp('gt'),
  ge: cmp('gteq'), '>=': cmp('gteq'),
};

export { JObject };
