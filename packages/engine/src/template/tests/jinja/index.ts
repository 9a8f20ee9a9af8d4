/** Jinja2's builtin tests (jinja2/tests.py) and their comparison aliases. */
import type { TestFn } from '../../types.js';
import { PyFloat, isDict, isNumber, num, pyEquals, pyStr } from '../../../values/py.js';
import { JUndefined, Markup, PyCallable } from '../../runtime-values.js';
import { JObject } from '../../attrs.js';
import { LazyMapping } from '../../lazy-mapping.js';
import { CallableJObject } from '../../call.js';
import { asStr, compare, contains, mod, pyMod, typeError } from '../../py/ops.js';
import { percentFormat } from '../../py/format.js';
import { STR_METHODS } from '../../py/methods-str.js';

function c(v: unknown): unknown {
  if (v instanceof JUndefined) v.fail();
  return v;
}

const cmp = (op: 'eq' | 'ne' | 'lt' | 'lteq' | 'gt' | 'gteq'): TestFn => (_c, v, a) => compare(op, c(v), c(a[0]));

function lowerOrUpper(v: unknown, upper: boolean): boolean {
  // Jinja2: str(value).islower() — needs a cased character, so `[1] is lower` is false.
  const s = asStr(c(v)) ?? pyStr(v);
  return STR_METHODS[upper ? 'isupper' : 'islower']!(s, [], {}) as boolean;
}

/** `value % 2` with Python's meaning (a string on the left formats, and fails). */
function parity(v: unknown): unknown {
  return mod(c(v), 2, percentFormat);
}

const TESTS: Record<string, TestFn> = {
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
  even: (_c, v) => pyEquals(parity(v), 0),
  odd: (_c, v) => pyEquals(parity(v), 1),
  false: (_c, v) => v === false,
  true: (_c, v) => v === true,
  float: (_c, v) => v instanceof PyFloat,
  integer: (_c, v) => typeof v === 'number',
  number: (_c, v) => isNumber(v),
  string: (_c, v) => asStr(v) !== undefined,
  mapping: (_c, v) => isDict(v) || v instanceof LazyMapping,
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

/** How many arguments each test takes besides the value (Python raises on any other count). */
const ONE_ARG = new Set(['divisibleby', 'sameas', 'in', 'eq', 'equalto', '==', 'ne', '!=', 'lt', 'lessthan', '<', 'le', '<=',
  'gt', 'greaterthan', '>', 'ge', '>=']);

function arity(name: string, fn: TestFn): TestFn {
  const want = ONE_ARG.has(name) ? 1 : 0;
  return (ctx, v, a, kw) => {
    const n = a.length + Object.keys(kw).length;
    if (n !== want) {
      if (want === 0) throw typeError(`test_${name}() takes 1 positional argument but ${n + 1} were given`);
      throw typeError(`${name} expected 2 arguments, got ${n + 1}`);
    }
    return fn(ctx, v, a, kw);
  };
}

export const JINJA_TESTS: Record<string, TestFn> = Object.fromEntries(
  Object.entries(TESTS).map(([name, fn]) => [name, arity(name, fn)]),
);

export { JObject };
