/** unique, union, intersect, difference, symmetric_difference (Ansible's mathstuff). */
import type { FilterFn } from '../../types.js';
import { isDict, isNumber, isSequence, isTuple, num, pyEquals } from '../../../values/py.js';
import { filterError, pyClass, typeError } from '../util.js';
import { getItem } from './data.js';
import { JUndefined } from '../../runtime-values.js';
import { LazyMapping } from '../../lazy-mapping.js';

/** Python's hash identity for hashable values (1, 1.0 and True collide); null when unhashable. */
export function hashKey(v: unknown, lower = false): string | null {
  if (v === null || v === undefined) return 'N';
  if (isNumber(v)) return `n${num(v)}`;
  if (typeof v === 'string') return `s${lower ? v.toLowerCase() : v}`;
  if (isTuple(v)) {
    const parts = v.map((x) => hashKey(x, false));
    return parts.some((p) => p === null) ? null : `t(${parts.join(',')})`;
  }
  return null;
}

/** Python iteration of a value: lists, tuples, str (characters), dicts (keys). */
export function iterate(v: unknown, what = ''): unknown[] {
  if (v instanceof LazyMapping) return v.keys();
  if (isSequence(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  throw typeError(`'${pyClass(v).slice(8, -2)}' object is not iterable${what}`);
}

/** Ordered de-duplication by equality, Ansible's fallback when items are not hashable. */
function uniqueByEquality(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
}

/** Jinja's do_unique keyed by hash; throws 'unhashable' for lists and dicts. */
function jinjaUnique(items: unknown[], caseSensitive: boolean, attribute: unknown): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of items) {
    const keyVal = attribute === null || attribute === undefined ? item : attrPath(item, attribute);
    const key = hashKey(keyVal, !caseSensitive);
    if (key === null) throw new TypeError('unhashable');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

function attrPath(item: unknown, attribute: unknown): unknown {
  const parts = typeof attribute === 'string' ? attribute.split('.') : [attribute];
  let v = item;
  for (const p of parts) v = getItem(v, typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p);
  return v instanceof JUndefined ? undefined : v;
}

const unique: FilterFn = (_ctx, value, args, kwargs) => {
  const caseSensitive = kwargs.case_sensitive ?? args[0] ?? null;
  const attribute = kwargs.attribute ?? args[1] ?? null;
  const items = iterate(value);
  try {
    return jinjaUnique(items, Boolean(caseSensitive), attribute);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    if (caseSensitive === false || attribute) {
      throw filterError("Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied");
    }
    return uniqueByEquality(items);
  }
};

/** Set operations keep first-seen order; Python's set order is hash-dependent (random for str). */
function setOp(op: (a: unknown[], b: unknown[]) => unknown[]): FilterFn {
  return (_ctx, value, args) => {
    if (args.length < 1) throw typeError(`missing 1 required positional argument: 'b'`);
    return uniqueByEquality(op(iterate(value), iterate(args[0])));
  };
}

const has = (list: unknown[], x: unknown): boolean => list.some((y) => pyEquals(x, y));

export const setFilters: Record<string, FilterFn> = {
  unique,
  union: setOp((a, b) => [...a, ...b]),
  intersect: setOp((a, b) => a.filter((x) => has(b, x))),
  difference: setOp((a, b) => a.filter((x) => !has(b, x))),
  symmetric_difference: setOp((a, b) => [...a.filter((x) => !has(b, x)), ...b.filter((x) => !has(a, x))]),
};
