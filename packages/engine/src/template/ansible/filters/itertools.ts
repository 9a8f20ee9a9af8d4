/** zip, zip_longest, product, permutations, combinations: Python's itertools, as lists of tuples. */
import type { FilterFn } from '../../types.js';
import { PyTuple } from '../../../values/py.js';
import { filterError, typeError } from '../util.js';
import { iterate } from './sets.js';
import { pyRuntimeError } from '../../errors.js';

/** Results beyond this would exhaust memory; Python would grind on, we fail cleanly. */
const MAX_RESULTS = 1_000_000;

function guard(count: number): void {
  if (count > MAX_RESULTS) throw filterError(`itertools result too large (${count} items, limit ${MAX_RESULTS})`);
}

const zip: FilterFn = (_ctx, value, args) => {
  const lists = [value, ...args].map((v, i) => iterate(v, ` (argument #${i + 1} must support iteration)`));
  const n = Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => PyTuple.of_(lists.map((l) => l[i])));
};

const zipLongest: FilterFn = (_ctx, value, args, kwargs) => {
  const fill = kwargs.fillvalue ?? null;
  const lists = [value, ...args].map((v) => iterate(v));
  const n = Math.max(0, ...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => PyTuple.of_(lists.map((l) => (i < l.length ? l[i] : fill))));
};

const product: FilterFn = (_ctx, value, args, kwargs) => {
  const repeat = typeof kwargs.repeat === 'number' ? kwargs.repeat : 1;
  if (repeat < 0) throw pyRuntimeError('ValueError', 'repeat argument cannot be negative');
  const base = [value, ...args].map((v) => iterate(v));
  guard(base.reduce((acc, p) => acc * p.length, 1) ** repeat);
  const pools = Array.from({ length: repeat }, () => base).flat();
  let result: unknown[][] = [[]];
  for (const pool of pools) result = result.flatMap((r) => pool.map((x) => [...r, x]));
  return result.map((r) => PyTuple.of_(r));
};

function choose(n: number, r: number): number {
  let c = 1;
  for (let i = 0; i < r; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

/** Index tuples of r-combinations of n items in lexicographic order (itertools.combinations). */
function combinationIndexes(n: number, r: number): number[][] {
  if (r > n) return [];
  guard(choose(n, r));
  const out: number[][] = [];
  const idx = Array.from({ length: r }, (_, i) => i);
  for (;;) {
    out.push([...idx]);
    let i = r - 1;
    while (i >= 0 && idx[i] === i + n - r) i--;
    if (i < 0) return out;
    idx[i]!++;
    for (let j = i + 1; j < r; j++) idx[j] = idx[j - 1]! + 1;
  }
}

function permute(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permute([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

const permutations: FilterFn = (_ctx, value, args, kwargs) => {
  const pool = iterate(value);
  const rArg = kwargs.r ?? args[0] ?? null;
  const r = rArg === null ? pool.length : Number(rArg);
  if (!Number.isInteger(r) || r < 0) throw pyRuntimeError('ValueError', 'r must be non-negative');
  if (r > pool.length) return [];
  let perms = 1;
  for (let i = 0; i < r; i++) perms *= pool.length - i;
  guard(perms);
  // Combinations in order, each permuted in order, gives itertools' order only when sorted by index tuple.
  const all = combinationIndexes(pool.length, r).flatMap((c) => permute(c));
  all.sort((a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  });
  return all.map((p) => PyTuple.of_(p.map((i) => pool[i])));
};

const combinations: FilterFn = (_ctx, value, args, kwargs) => {
  const rArg = kwargs.r ?? args[0];
  if (rArg === undefined) throw typeError("combinations() missing required argument 'r' (pos 2)");
  const r = Number(rArg);
  if (!Number.isInteger(r) || r < 0) throw pyRuntimeError('ValueError', 'r must be non-negative');
  const pool = iterate(value);
  return combinationIndexes(pool.length, r).map((c) => PyTuple.of_(c.map((i) => pool[i])));
};

export const itertoolsFilters: Record<string, FilterFn> = {
  zip,
  zip_longest: zipLongest,
  product,
  permutations,
  combinations,
};
