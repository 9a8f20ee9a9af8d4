/** Python's list and dict methods, bound on attribute access (`x.append(1)`, `d.items()`). */
import { PyTuple, assignItems, isDict, pyEquals, pyRepr, setItem } from '../../values/py.js';
import { TemplateError, pyRuntimeError } from '../errors.js';
import { iterate, order, typeError } from './ops.js';

type L = (l: unknown[], a: unknown[], kw: Record<string, unknown>) => unknown;
type D = (d: Record<string, unknown>, a: unknown[], kw: Record<string, unknown>) => unknown;

function index(l: unknown[], i: unknown): number {
  const n = typeof i === 'number' ? i : -1;
  return n < 0 ? l.length + n : n;
}

export function pySort(items: unknown[], key?: (v: unknown) => unknown, reverse = false): unknown[] {
  const keyed = items.map((v) => [key ? key(v) : v, v] as const);
  keyed.sort((x, y) => order(x[0], y[0], '<'));
  if (reverse) keyed.reverse();
  return keyed.map((x) => x[1]);
}

export const LIST_METHODS: Record<string, L> = {
  append: (l, a) => (l.push(a[0]), null),
  extend: (l, a) => (l.push(...iterate(a[0])), null),
  insert: (l, a) => {
    let i = typeof a[0] === 'number' ? a[0] : 0;
    if (i < 0) i = Math.max(0, l.length + i);
    l.splice(Math.min(i, l.length), 0, a[1]);
    return null;
  },
  pop: (l, a) => {
    if (!l.length) throw pyRuntimeError('IndexError', 'pop from empty list');
    const i = a.length ? index(l, a[0]) : l.length - 1;
    if (i < 0 || i >= l.length) throw pyRuntimeError('IndexError', 'pop index out of range');
    return l.splice(i, 1)[0];
  },
  remove: (l, a) => {
    const i = l.findIndex((x) => pyEquals(x, a[0]));
    if (i < 0) throw pyRuntimeError('ValueError', 'list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = l.findIndex((x) => pyEquals(x, a[0]));
    if (i < 0) throw pyRuntimeError('ValueError', `${pyRepr(a[0])} is not in list`);
    return i;
  },
  count: (l, a) => {
    if (a.length !== 1) throw typeError(`list.count() takes exactly one argument (${a.length} given)`);
    return l.filter((x) => pyEquals(x, a[0])).length;
  },
  copy: (l) => [...l],
  clear: (l) => (l.splice(0), null),
  reverse: (l) => (l.reverse(), null),
  sort: (l, _a, kw) => {
    const sorted = pySort(l, undefined, !!kw.reverse);
    l.splice(0, l.length, ...sorted);
    return null;
  },
};

export const TUPLE_METHODS: Record<string, L> = { index: LIST_METHODS.index!, count: LIST_METHODS.count! };

function keyError(k: unknown): TemplateError {
  return pyRuntimeError('KeyError', pyRepr(k));
}

export const DICT_METHODS: Record<string, D> = {
  items: (d) => Object.entries(d).map(([k, v]) => PyTuple.of_([k, v])),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, a) => (typeof a[0] === 'string' && Object.hasOwn(d, a[0]) ? d[a[0]] : a.length > 1 ? a[1] : null),
  copy: (d) => ({ ...d }),
  clear: (d) => {
    for (const k of Object.keys(d)) delete d[k];
    return null;
  },
  update: (d, a, kw) => {
    const src = a[0];
    if (isDict(src)) assignItems(d, src);
    else if (src !== undefined) {
      for (const pair of iterate(src)) {
        const p = iterate(pair);
        if (p.length !== 2) throw pyRuntimeError('ValueError', 'dictionary update sequence element #0 has length ' + p.length + '; 2 is required');
        setItem(d, String(p[0]), p[1]);
      }
    }
    assignItems(d, kw);
    return null;
  },
  pop: (d, a) => {
    const k = a[0];
    if (typeof k === 'string' && Object.hasOwn(d, k)) {
      const v = d[k];
      delete d[k];
      return v;
    }
    if (a.length > 1) return a[1];
    throw keyError(k);
  },
  setdefault: (d, a) => {
    const k = a[0];
    if (typeof k !== 'string') throw typeError('dict keys must be strings here');
    if (!Object.hasOwn(d, k)) setItem(d, k, a.length > 1 ? a[1] : null);
    return d[k];
  },
};
