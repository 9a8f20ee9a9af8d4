/** Calling a value from a template: only our own callables are callable; nothing of the host is. */
import { isUnknown, Unknown } from '../values/unknown.js';
import { pyTypeName } from '../values/py.js';
import { JObject } from './attrs.js';
import { JUndefined, PyCallable } from './runtime-values.js';
import { PositionedError } from './errors.js';
import type { Ctx } from './runtime.js';

/** A runtime object that can also be called (a recursive `loop`, a joiner). */
export abstract class CallableJObject extends JObject {
  abstract call(args: unknown[], kwargs: Record<string, unknown>): unknown;
}

export function callValue(fn: unknown, args: unknown[], kwargs: Record<string, unknown>, _c: Ctx, pos: number): unknown {
  if (fn instanceof PyCallable) {
    if (fn.name !== 'lookup' && fn.name !== 'query' && (args.some(isUnknown) || Object.values(kwargs).some(isUnknown))) return Unknown;
    return fn.fn(args, kwargs);
  }
  if (fn instanceof CallableJObject) return fn.call(args, kwargs);
  if (fn instanceof JUndefined) fn.fail();
  if (isUnknown(fn)) return Unknown;
  throw new PositionedError('template-type', `'${pyTypeName(fn)}' object is not callable`, pos);
}
