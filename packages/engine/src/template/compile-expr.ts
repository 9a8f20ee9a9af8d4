/**
 * Expressions compiled once per parsed node into closures (never into source text: no eval, no
 * new Function). Each closure applies Python semantics, Ansible's undefined rules and Unknown
 * propagation exactly as the node's Jinja2 meaning asks.
 */
import type { Args, Expr, FilterNode, TestNode } from './ast.js';
import { PyFloat, PyTuple, assignItems, isDict, pyStr, setItem } from '../values/py.js';
import { Unknown, isUnknown } from '../values/unknown.js';
import { JUndefined } from './runtime-values.js';
import { PySlice, getAttr, getItem } from './attrs.js';
import * as ops from './py/ops.js';
import { percentFormat } from './py/format.js';
import { PositionedError } from './errors.js';
import type { Ctx } from './runtime.js';
import { callValue } from './call.js';
import { type VaultText, isVaultText } from '../values/vault-text.js';

export type Fn = (c: Ctx) => unknown;
type ArgsFn = (c: Ctx) => { args: unknown[]; kwargs: Record<string, unknown> };

/** The compiled closure lives on the node itself: a property read is cheaper than a WeakMap. */
const FN = Symbol('compiled');
type WithFn = Expr & { [FN]?: Fn };

/** Undefined raises (unless it is Jinja2's lenient kind); everything else passes. */
export function concrete(v: unknown): unknown {
  if (v instanceof JUndefined && !v.lenient) v.fail();
  return v;
}

export function compiled(e: Expr): Fn {
  return (e as WithFn)[FN] ?? ((e as WithFn)[FN] = compile(e));
}

const BINOPS: Record<string, (a: unknown, b: unknown) => unknown> = {
  '+': ops.add, '-': ops.sub, '*': ops.mul, '/': ops.div, '//': ops.floordiv,
  '%': (a, b) => ops.mod(a, b, percentFormat), '**': ops.pow, '~': (a, b) => pyStr(a) + pyStr(b),
};

function compile(e: Expr): Fn {
  switch (e.t) {
    case 'const': { const v = e.v; return () => v; }
    case 'name': { const n = e.n; return (c) => c.frame.lookup(n); }
    case 'list': { const fs = e.items.map(compiled); return (c) => fs.map((f) => f(c)); }
    case 'tuple': { const fs = e.items.map(compiled); return (c) => PyTuple.of_(fs.map((f) => f(c))); }
    case 'dict': return compileDict(e.pairs);
    case 'getattr': { const o = compiled(e.obj); const a = e.attr; return (c) => getAttr(o(c), a); }
    case 'getitem': { const o = compiled(e.obj); const k = compiled(e.arg); return (c) => getItem(o(c), k(c)); }
    case 'slice': {
      const [a, b, s] = [e.start, e.stop, e.step].map((x) => (x ? compiled(x) : null));
      return (c) => new PySlice(a && concrete(a(c)), b && concrete(b(c)), s && concrete(s(c)));
    }
    case 'bin': {
      if (e.op === '**' && isNegConst(e.l) && !isConstLike(e.r)) {
        // Jinja2 folds `-2` to the constant -2 and writes `(-2 ** x)` into Python, which
        // computes -(2 ** x): mirror that, as ansible-core shows it.
        const base = compiled((e.l as Expr & { t: 'unary' }).x);
        const r = compiled(e.r);
        return (c) => {
          const a = concrete(base(c));
          const b = concrete(r(c));
          return isUnknown(a) || isUnknown(b) ? Unknown : ops.neg(ops.pow(a, b));
        };
      }
      const l = compiled(e.l);
      const r = compiled(e.r);
      const op = BINOPS[e.op]!;
      return (c) => {
        const a = concrete(l(c));
        const b = concrete(r(c));
        return isUnknown(a) || isUnknown(b) ? Unknown : op(a, b);
      };
    }
    case 'unary': return compileUnary(e.op, compiled(e.x));
    case 'and': case 'or': {
      const l = compiled(e.l);
      const r = compiled(e.r);
      const isAnd = e.t === 'and';
      return (c) => {
        const v = concrete(l(c));
        if (isUnknown(v)) return Unknown;
        return ops.truthy(v) === isAnd ? r(c) : v;
      };
    }
    case 'compare': return compileCompare(compiled(e.x), e.ops.map(([op, x]) => [op, compiled(x)] as const));
    case 'cond': return compileCond(compiled(e.test), compiled(e.a), e.b ? compiled(e.b) : null);
    case 'call': {
      const fn = compiled(e.fn);
      const args = compileArgs(e);
      const pos = e.pos;
      return (c) => {
        const f = fn(c);
        const a = args(c);
        return callValue(f, a.args, a.kwargs, c, pos);
      };
    }
    case 'filter': {
      const node = e.node ? compiled(e.node) : () => null;
      const apply = compileFilter(e);
      return (c) => apply(node(c), c);
    }
    case 'test': return compileTest(e);
  }
}

function isNegConst(e: Expr): boolean {
  return e.t === 'unary' && e.op === 'neg' && e.x.t === 'const' && (typeof e.x.v === 'number' || e.x.v instanceof PyFloat);
}

function isConstLike(e: Expr): boolean {
  return e.t === 'const' || (e.t === 'unary' && isConstLike(e.x)) || (e.t === 'bin' && isConstLike(e.l) && isConstLike(e.r));
}

function compileDict(pairs: Array<[Expr, Expr]>): Fn {
  const fs = pairs.map(([k, v]) => [compiled(k), compiled(v)] as const);
  return (c) => {
    const d: Record<string, unknown> = {};
    for (const [k, v] of fs) {
      const key = concrete(k(c));
      setItem(d, typeof key === 'string' ? key : pyStr(key), v(c));
    }
    return d;
  };
}

function compileUnary(op: 'neg' | 'pos' | 'not', x: Fn): Fn {
  const f = op === 'not' ? (v: unknown) => !ops.truthy(v) : op === 'neg' ? ops.neg : ops.pos;
  return (c) => {
    const v = concrete(x(c));
    return isUnknown(v) ? Unknown : f(v);
  };
}

function compileCompare(first: Fn, list: ReadonlyArray<readonly [string, Fn]>): Fn {
  return (c) => {
    let a = concrete(first(c));
    let unknown = isUnknown(a);
    for (const [op, rhs] of list) {
      const b = concrete(rhs(c));
      if (unknown || isUnknown(b)) {
        unknown = true;
        a = b;
        continue;
      }
      const r = op === 'in' || op === 'notin' ? ops.contains(b, a) === (op === 'in') : ops.compare(op as 'eq', a, b);
      if (!r) return false;
      a = b;
    }
    return unknown ? Unknown : true;
  };
}

const NO_ELSE = 'the inline if-expression on line 1 evaluated to false and no else section was defined.';

function compileCond(test: Fn, a: Fn, b: Fn | null): Fn {
  return (c) => {
    const t = concrete(test(c));
    if (isUnknown(t)) return Unknown;
    if (ops.truthy(t)) return a(c);
    return b ? b(c) : new JUndefined(undefined, undefined, NO_ELSE, true);
  };
}

/** Positional and keyword arguments of a call, with `*args` and `**kwargs` spread. */
export function compileArgs(a: Args): ArgsFn {
  const pos = a.args.map(compiled);
  const kw = a.kwargs.map(([k, v]) => [k, compiled(v)] as const);
  const dynArgs = a.dynArgs ? compiled(a.dynArgs) : null;
  const dynKwargs = a.dynKwargs ? compiled(a.dynKwargs) : null;
  return (c) => {
    const args: unknown[] = [];
    for (let i = 0; i < pos.length; i++) args.push(pos[i]!(c));
    const kwargs: Record<string, unknown> = {};
    for (let i = 0; i < kw.length; i++) setItem(kwargs, kw[i]![0], kw[i]![1](c));
    if (dynArgs) args.push(...ops.iterate(concrete(dynArgs(c))));
    if (dynKwargs) {
      const d = concrete(dynKwargs(c));
      if (!isDict(d)) throw ops.typeError('argument after ** must be a mapping');
      assignItems(kwargs, d);
    }
    return { args, kwargs };
  };
}

export function anyUnknown(value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean {
  if (isUnknown(value)) return true;
  for (let i = 0; i < args.length; i++) if (isUnknown(args[i])) return true;
  for (const k in kwargs) if (isUnknown(kwargs[k])) return true;
  return false;
}

/** Filters that see Undefined without failing (default, mandatory…); others get Undefined raised. */
export const UNDEFINED_AWARE = new Set(['default', 'd', 'mandatory', 'type_debug', 'attr', 'items']);

const filterCache = new WeakMap<FilterNode, (value: unknown, c: Ctx) => unknown>();

/** `value | name(args)`, the filter looked up in the render's registry when it runs. */
export function compileFilter(e: FilterNode): (value: unknown, c: Ctx) => unknown {
  let f = filterCache.get(e);
  if (f) return f;
  const args = compileArgs(e);
  const { name, pos } = e;
  const undefOk = UNDEFINED_AWARE.has(name);
  f = (value, c) => {
    const fn = c.e.filters[name];
    if (!fn) throw new PositionedError('unknown-filter', `Could not load "${name}": '${name}'`, pos);
    const a = args(c);
    if (anyUnknown(value, a.args, a.kwargs)) return Unknown;
    if (value instanceof JUndefined && !value.lenient && !undefOk) value.fail();
    return fn(c.call, value, a.args, a.kwargs);
  };
  filterCache.set(e, f);
  return f;
}

const UNKNOWN_AWARE_TESTS = new Set(['defined', 'undefined']);
const VAULT_TESTS = new Set(['vault_encrypted', 'ansible.builtin.vault_encrypted']);

/** `a`, `a.b`, `a['b'][0]`: a variable and constant keys into it, or null for any other operand. */
function rawPathOf(e: Expr): { root: string; keys: unknown[] } | null {
  if (e.t === 'name') return { root: e.n, keys: [] };
  if (e.t === 'getattr') {
    const inner = rawPathOf(e.obj);
    return inner && { root: inner.root, keys: [...inner.keys, e.attr] };
  }
  if (e.t === 'getitem') {
    const key = e.arg.t === 'const' ? e.arg.v : isNegConst(e.arg) ? -((e.arg as { x: { v: number } }).x.v) : undefined;
    const inner = key === undefined ? null : rawPathOf(e.obj);
    return inner && { root: inner.root, keys: [...inner.keys, key] };
  }
  return null;
}

/**
 * The `!vault` value (VaultText) a path reaches in the variables as written, else undefined.
 * Variables are decrypted when read; ansible keeps a vaulted value as an AnsibleVaultEncryptedUnicode
 * through templating (it is never templated), so `x is vault_encrypted` must look before decryption.
 */
function rawVault(c: Ctx, path: { root: string; keys: unknown[] }): VaultText | undefined {
  let v = c.frame.lookupRaw(path.root);
  for (const k of path.keys) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k < 0 ? v.length + k : k];
    else if (isDict(v) && typeof k === 'string' && Object.hasOwn(v, k)) v = v[k];
    else return undefined;
  }
  return isVaultText(v) ? v : undefined;
}

function compileTest(e: TestNode): Fn {
  const node = compiled(e.node);
  const args = compileArgs(e);
  const { name, pos } = e;
  const unknownOk = UNKNOWN_AWARE_TESTS.has(name);
  const rawPath = VAULT_TESTS.has(name) ? rawPathOf(e.node) : null;
  return (c) => {
    const fn = c.e.tests[name];
    if (!fn) throw new PositionedError('unknown-test', `Could not load "${name}": '${name}'`, pos);
    const value = (rawPath && rawVault(c, rawPath)) || node(c);
    const a = args(c);
    if (!unknownOk && anyUnknown(value, a.args, a.kwargs)) return Unknown;
    return fn(c.call, value, a.args, a.kwargs);
  };
}
