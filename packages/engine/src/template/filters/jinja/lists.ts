/** Jinja2's sequence filters (jinja2/filters.py): map/select family, sorting, grouping, aggregation. */
import type { CallContext, FilterFn } from '../../types.js';
import { PyFloat, PyTuple, isDict, isNumber, num, pyEquals, pyTypeName } from '../../../values/py.js';
import { JUndefined, isUndefined } from '../../runtime-values.js';
import { TemplateError } from '../../errors.js';
import { pyGetattr } from '../../attrs.js';
import { GroupTuple } from '../../group-tuple.js';
import { add, asStr, iterate, order, pyLen, truthy, typeError } from '../../py/ops.js';
import { pySort } from '../../py/methods-coll.js';
import { arg, attrGetter, intOr, str } from './helpers.js';

function items(v: unknown): unknown[] {
  if (v instanceof JUndefined) v.fail();
  return iterate(v);
}

function callTest(c: CallContext, name: string, v: unknown, args: unknown[]): boolean {
  if (!c.callTest) throw new TemplateError('template-runtime', 'tests are not available here');
  return c.callTest(name, v, args, {});
}

/** select/reject/selectattr/rejectattr (jinja2.filters.prepare_select_or_reject). */
function selectOrReject(c: CallContext, v: unknown, args: unknown[], lookupAttr: boolean, want: boolean): unknown[] {
  // jinja2's select_or_reject starts with `if value:` — a falsy value selects nothing, whatever else.
  if (!truthy(v instanceof JUndefined ? v.fail() : v)) return [];
  let getter = (x: unknown): unknown => x;
  let rest = args;
  if (lookupAttr) {
    if (!rest.length) throw new TemplateError('template-runtime', 'Missing parameter for attribute name');
    getter = attrGetter(rest[0]);
    rest = rest.slice(1);
  }
  const testName = rest[0];
  const testArgs = rest.slice(1);
  const pred = testName === undefined ? (x: unknown) => truthy(x instanceof JUndefined ? x.fail() : x)
    : (x: unknown) => callTest(c, str(testName), x, testArgs);
  return items(v).filter((x) => pred(getter(x)) === want);
}

function doMap(c: CallContext, v: unknown, args: unknown[], kw: Record<string, unknown>): unknown[] {
  const seq = items(v);
  if (!args.length && Object.hasOwn(kw, 'attribute')) {
    const getter = attrGetter(kw.attribute, true, Object.hasOwn(kw, 'default') ? kw.default : undefined);
    return seq.map(getter);
  }
  const [name, ...rest] = args;
  if (typeof name !== 'string') throw new TemplateError('template-runtime', 'map requires a filter argument');
  if (!c.callFilter) throw new TemplateError('template-runtime', 'filters are not available here');
  return seq.map((x) => c.callFilter!(name, x, rest, kw));
}

/** make_multi_attrgetter: "a,b" sorts by a, then b. */
function keyed(attribute: unknown, caseSensitive: boolean): (v: unknown) => unknown {
  if (typeof attribute === 'string' && attribute.includes(',')) {
    const getters = attribute.split(',').map((a) => attrGetter(a, caseSensitive));
    return (v) => getters.map((g) => g(v));
  }
  return attrGetter(attribute, caseSensitive);
}

function minmax(v: unknown, a: unknown[], kw: Record<string, unknown>, wantMax: boolean): unknown {
  const seq = items(v);
  if (!seq.length) return new JUndefined(undefined, undefined, `No aggregated item, sequence was empty.`);
  const key = keyed(arg(a, kw, 1, 'attribute', null), truthy(arg(a, kw, 0, 'case_sensitive', false)));
  let best = seq[0];
  for (const x of seq.slice(1)) {
    const c = order(key(x), key(best), wantMax ? '>' : '<');
    if (wantMax ? c > 0 : c < 0) best = x;
  }
  return best;
}

function unique(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown[] {
  const key = keyed(arg(a, kw, 1, 'attribute', null), truthy(arg(a, kw, 0, 'case_sensitive', false)));
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const x of items(v)) {
    const k = key(x);
    if (seen.some((s) => pyEquals(s, k))) continue;
    seen.push(k);
    out.push(x);
  }
  return out;
}

function groupby(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown[] {
  const attribute = arg(a, kw, 0, 'attribute', null);
  const dflt = arg(a, kw, 1, 'default', undefined);
  const cs = truthy(arg(a, kw, 2, 'case_sensitive', false));
  const key = attrGetter(attribute, cs, dflt);
  const sorted = pySort(items(v), key);
  const groups: Array<[unknown, unknown[]]> = [];
  for (const x of sorted) {
    const k = key(x);
    const last = groups[groups.length - 1];
    if (last && pyEquals(last[0], k)) last[1].push(x);
    else groups.push([k, [x]]);
  }
  return groups.map(([k, l]) => GroupTuple.make(cs ? k : attrGetter(attribute, true, dflt)(l[0]), l));
}

function doSum(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown {
  const attribute = arg(a, kw, 0, 'attribute', null);
  let acc: unknown = arg(a, kw, 1, 'start', 0);
  const get = attribute === null ? (x: unknown) => x : attrGetter(attribute);
  for (const x of items(v)) acc = add(acc, get(x));
  return acc;
}

function batch(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown[] {
  // Python compares len(tmp) == linecount: a linecount that is no integer never closes a batch.
  const raw = arg(a, kw, 0, 'linecount', 1);
  const n = typeof raw === 'number' || typeof raw === 'boolean' ? Number(raw) : raw instanceof PyFloat && Number.isInteger(raw.value) ? raw.value : Infinity;
  const fill = arg(a, kw, 1, 'fill_with', null);
  const out: unknown[][] = [];
  let tmp: unknown[] = [];
  for (const x of items(v)) {
    if (tmp.length === n) {
      out.push(tmp);
      tmp = [];
    }
    tmp.push(x);
  }
  if (tmp.length) {
    if (fill !== null && tmp.length < n) {
      if (!Number.isFinite(n)) throw typeError(`can't multiply sequence by non-int of type '${pyTypeName(raw)}'`);
      while (tmp.length < n) tmp.push(fill);
    }
    out.push(tmp);
  }
  return out;
}

function slice(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown[] {
  const seq = items(v);
  const slices = intOr(arg(a, kw, 0, 'slices', 1), 1);
  const fill = arg(a, kw, 1, 'fill_with', null);
  const per = Math.floor(seq.length / slices);
  const extra = seq.length % slices;
  let offset = 0;
  const out: unknown[][] = [];
  for (let i = 0; i < slices; i++) {
    const start = offset + i * per;
    if (i < extra) offset++;
    const end = offset + (i + 1) * per;
    const part = seq.slice(start, end);
    if (fill !== null && i >= extra) part.push(fill);
    out.push(part);
  }
  return out;
}

function dictsort(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown[] {
  if (!isDict(v)) throw new TemplateError('template-runtime', 'You can only sort by either "key" or "value"');
  const cs = truthy(arg(a, kw, 0, 'case_sensitive', false));
  const by = arg(a, kw, 1, 'by', 'key');
  const pos = by === 'key' ? 0 : by === 'value' ? 1 : -1;
  if (pos < 0) throw new TemplateError('template-runtime', 'You can only sort by either "key" or "value"');
  const pairs = Object.entries(v).map(([k, x]) => PyTuple.of_([k, x]));
  const key = (p: unknown): unknown => {
    const x = (p as unknown[])[pos];
    const s = asStr(x);
    return !cs && s !== undefined ? s.toLowerCase() : x;
  };
  return pySort(pairs, key, truthy(arg(a, kw, 2, 'reverse', false)));
}

export const LIST_FILTERS: Record<string, FilterFn> = {
  attr: (_c, v, a) => {
    // jinja2's do_attr only asks getattr(), never the item: `d | attr('key')` is undefined.
    const name = str(a[0]);
    if (v instanceof JUndefined) return v;
    return pyGetattr(v, name) ?? new JUndefined(name, v);
  },
  batch: (_c, v, a, kw) => batch(v, a, kw),
  count: (_c, v) => pyLen(v instanceof JUndefined ? v.fail() : v),
  length: (_c, v) => pyLen(v instanceof JUndefined ? v.fail() : v),
  dictsort: (_c, v, a, kw) => dictsort(v, a, kw),
  first: (_c, v) => {
    const seq = items(v);
    return seq.length ? seq[0] : new JUndefined(undefined, undefined, 'No first item, sequence was empty.');
  },
  last: (_c, v) => {
    const seq = items(v);
    return seq.length ? seq[seq.length - 1] : new JUndefined(undefined, undefined, 'No last item, sequence was empty.');
  },
  groupby: (_c, v, a, kw) => groupby(v, a, kw),
  items: (_c, v) => {
    if (isUndefined(v)) return [];
    if (!isDict(v)) throw typeError('Can only get item pairs from a mapping.');
    return Object.entries(v).map(([k, x]) => PyTuple.of_([k, x]));
  },
  join: (_c, v, a, kw) => {
    const sep = str(arg(a, kw, 0, 'd', ''));
    const attribute = arg(a, kw, 1, 'attribute', null);
    let seq = items(v);
    if (attribute !== null) seq = seq.map(attrGetter(attribute));
    return seq.map(str).join(sep);
  },
  list: (_c, v) => [...items(v)],
  map: (c, v, a, kw) => doMap(c, v, a, kw),
  max: (_c, v, a, kw) => minmax(v, a, kw, true),
  min: (_c, v, a, kw) => minmax(v, a, kw, false),
  random: (_c, v) => {
    const seq = items(v);
    if (!seq.length) throw new TemplateError('template-runtime', 'Cannot choose from an empty sequence');
    return seq[Math.floor(Math.random() * seq.length)];
  },
  reject: (c, v, a) => selectOrReject(c, v, a, false, false),
  rejectattr: (c, v, a) => selectOrReject(c, v, a, true, false),
  select: (c, v, a) => selectOrReject(c, v, a, false, true),
  selectattr: (c, v, a) => selectOrReject(c, v, a, true, true),
  reverse: (_c, v) => {
    const s = asStr(v);
    if (s !== undefined) return Array.from(s).reverse().join('');
    return [...items(v)].reverse();
  },
  slice: (_c, v, a, kw) => slice(v, a, kw),
  sort: (_c, v, a, kw) => {
    const rev = arg(a, kw, 0, 'reverse', false);
    if (typeof rev !== 'boolean' && typeof rev !== 'number') {
      throw typeError(`'${pyTypeName(rev)}' object cannot be interpreted as an integer`);
    }
    const key = keyed(arg(a, kw, 2, 'attribute', null), truthy(arg(a, kw, 1, 'case_sensitive', false)));
    return pySort(items(v), key, truthy(arg(a, kw, 0, 'reverse', false)));
  },
  sum: (_c, v, a, kw) => doSum(v, a, kw),
  unique: (_c, v, a, kw) => unique(v, a, kw),
};

export { PyFloat, isNumber, num };
