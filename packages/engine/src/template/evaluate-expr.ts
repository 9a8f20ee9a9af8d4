/** Evaluates expression nodes with Python semantics, Ansible's undefined rules and Unknown propagation. */
import type { Args, Expr, FilterNode, TestNode } from './ast.js';
import { PyTuple, isDict, pyStr } from '../values/py.js';
import { Unknown, isUnknown } from '../values/unknown.js';
import { JUndefined, PyCallable, isUndefined } from './runtime-values.js';
import { PySlice, getAttr, getItem } from './attrs.js';
import * as ops from './py/ops.js';
import { percentFormat } from './py/format.js';
import { PositionedError, TemplateError } from './errors.js';
import type { Ctx } from './runtime.js';
import { callValue } from './call.js';

/** Undefined raises, Unknown short-circuits: the checks every operator does on its operands. */
export function concrete(v: unknown): unknown {
  if (v instanceof JUndefined) v.fail();
  return v;
}

function binop(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '+': return ops.add(a, b);
    case '-': return ops.sub(a, b);
    case '*': return ops.mul(a, b);
    case '/': return ops.div(a, b);
    case '//': return ops.floordiv(a, b);
    case '%': return ops.mod(a, b, percentFormat);
    case '**': return ops.pow(a, b);
    default: return pyStr(a) + pyStr(b);
  }
}

export function ev(e: Expr, c: Ctx): unknown {
  switch (e.t) {
    case 'const': return e.v;
    case 'name': return c.frame.lookup(e.n);
    case 'list': return e.items.map((x) => ev(x, c));
    case 'tuple': return PyTuple.of_(e.items.map((x) => ev(x, c)));
    case 'dict': return evDict(e.pairs, c);
    case 'getattr': return getAttr(ev(e.obj, c), e.attr);
    case 'getitem': return getItem(ev(e.obj, c), ev(e.arg, c));
    case 'slice':
      return new PySlice(e.start && concrete(ev(e.start, c)), e.stop && concrete(ev(e.stop, c)), e.step && concrete(ev(e.step, c)));
    case 'bin': {
      const a = concrete(ev(e.l, c));
      const b = concrete(ev(e.r, c));
      if (isUnknown(a) || isUnknown(b)) return Unknown;
      return binop(e.op, a, b);
    }
    case 'unary': return evUnary(e.op, ev(e.x, c));
    case 'and': {
      const l = concrete(ev(e.l, c));
      if (isUnknown(l)) return Unknown;
      return ops.truthy(l) ? ev(e.r, c) : l;
    }
    case 'or': {
      const l = concrete(ev(e.l, c));
      if (isUnknown(l)) return Unknown;
      return ops.truthy(l) ? l : ev(e.r, c);
    }
    case 'compare': return evCompare(e.x, e.ops, c);
    case 'cond': {
      const t = concrete(ev(e.test, c));
      if (isUnknown(t)) return Unknown;
      if (ops.truthy(t)) return ev(e.a, c);
      return e.b ? ev(e.b, c) : new JUndefined(undefined, undefined, 'the inline if-expression on line 1 evaluated to false and no else section was defined.');
    }
    case 'call': return evCall(e, c);
    case 'filter': return applyFilter(e, e.node ? ev(e.node, c) : null, c);
    case 'test': return applyTest(e, c);
  }
}

function evDict(pairs: Array<[Expr, Expr]>, c: Ctx): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const [k, v] of pairs) {
    const key = concrete(ev(k, c));
    d[typeof key === 'string' ? key : pyStr(key)] = ev(v, c);
  }
  return d;
}

function evUnary(op: 'neg' | 'pos' | 'not', x: unknown): unknown {
  concrete(x);
  if (isUnknown(x)) return Unknown;
  if (op === 'not') return !ops.truthy(x);
  return op === 'neg' ? ops.neg(x) : ops.pos(x);
}

function evCompare(first: Expr, list: Array<[string, Expr]>, c: Ctx): unknown {
  let a = concrete(ev(first, c));
  let unknown = isUnknown(a);
  for (const [op, rhs] of list) {
    const b = concrete(ev(rhs, c));
    if (unknown || isUnknown(b)) {
      unknown = true;
      a = b;
      continue;
    }
    let r: boolean;
    if (op === 'in' || op === 'notin') r = ops.contains(b, a) === (op === 'in');
    else r = ops.compare(op as 'eq', a, b);
    if (!r) return false;
    a = b;
  }
  return unknown ? Unknown : true;
}

/** Positional and keyword arguments of a call, with `*args` and `**kwargs` spread. */
export function evArgs(a: Args, c: Ctx): { args: unknown[]; kwargs: Record<string, unknown> } {
  const args = a.args.map((x) => ev(x, c));
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of a.kwargs) kwargs[k] = ev(v, c);
  if (a.dynArgs) args.push(...ops.iterate(concrete(ev(a.dynArgs, c))));
  if (a.dynKwargs) {
    const d = concrete(ev(a.dynKwargs, c));
    if (!isDict(d)) throw ops.typeError('argument after ** must be a mapping');
    Object.assign(kwargs, d);
  }
  return { args, kwargs };
}

function evCall(e: Expr & { t: 'call' }, c: Ctx): unknown {
  const fn = ev(e.fn, c);
  const { args, kwargs } = evArgs(e, c);
  return callValue(fn, args, kwargs, c, e.pos);
}

export function anyUnknown(value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean {
  return isUnknown(value) || args.some(isUnknown) || Object.values(kwargs).some(isUnknown);
}

/** Filters that see Undefined without failing (default, mandatory…); others get Undefined raised. */
const UNDEFINED_AWARE = new Set(['default', 'd', 'mandatory', 'type_debug']);

export function applyFilter(e: FilterNode, value: unknown, c: Ctx): unknown {
  const fn = c.e.filters[e.name];
  if (!fn) throw new PositionedError('unknown-filter', `Could not load "${e.name}": '${e.name}'`, e.pos);
  const { args, kwargs } = evArgs(e, c);
  if (anyUnknown(value, args, kwargs)) return Unknown;
  return fn(c.call, value, args, kwargs);
}

const UNKNOWN_AWARE_TESTS = new Set(['defined', 'undefined']);

function applyTest(e: TestNode, c: Ctx): unknown {
  const fn = c.e.tests[e.name];
  if (!fn) throw new PositionedError('unknown-test', `Could not load "${e.name}": '${e.name}'`, e.pos);
  const value = ev(e.node, c);
  const { args, kwargs } = evArgs(e, c);
  if (!UNKNOWN_AWARE_TESTS.has(e.name) && anyUnknown(value, args, kwargs)) return Unknown;
  return fn(c.call, value, args, kwargs);
}

export { UNDEFINED_AWARE, isUndefined, TemplateError, PyCallable };
