/** Expression evaluation: the compiled closure of a node (compile-expr.ts), and the helpers statements use. */
import type { Args, Expr, FilterNode } from './ast.js';
import type { Ctx } from './runtime.js';
import { compileArgs, compileFilter, compiled, concrete } from './compile-expr.js';

export { concrete, anyUnknown, UNDEFINED_AWARE } from './compile-expr.js';

export function ev(e: Expr, c: Ctx): unknown {
  return compiled(e)(c);
}

const argsCache = new WeakMap<Args, ReturnType<typeof compileArgs>>();

export function evArgs(a: Args, c: Ctx): { args: unknown[]; kwargs: Record<string, unknown> } {
  let f = argsCache.get(a);
  if (!f) argsCache.set(a, (f = compileArgs(a)));
  return f(c);
}

export function applyFilter(e: FilterNode, value: unknown, c: Ctx): unknown {
  return compileFilter(e)(value, c);
}

export { concrete as concreteValue };
