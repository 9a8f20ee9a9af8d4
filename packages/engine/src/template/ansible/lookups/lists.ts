/** The list-shaping lookups behind with_*: items, list, indexed_items, together, nested, dict, subelements, random_choice. */
import type { LookupFn } from '../../types.js';
import { isDict, isList, isSequence, PyTuple } from '../../../values/py.js';
import { PyRandom } from '../py-random.js';
import { lookupAnsibleError, pyTruthy, setKey, toText } from '../util.js';
import { toBool } from '../filters/text.js';

/** LookupBase._flatten: one level, lists and tuples. */
function flat1(terms: unknown[]): unknown[] {
  return terms.flatMap((t) => (isSequence(t) ? [...t] : [t]));
}

/** listify_lookup_plugin_terms: a string becomes a one-item list. */
function listify(x: unknown): unknown[] {
  return isSequence(x) ? [...x] : [x];
}

const together: LookupFn = (_ctx, terms) => {
  const lists = terms.map(listify);
  if (lists.length === 0) throw lookupAnsibleError('with_together requires at least one element in each list');
  const n = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => flat1(lists.map((l) => (i < l.length ? l[i] : null))));
};

const nested: LookupFn = (_ctx, terms) => {
  const lists = terms.map(listify);
  if (lists.length === 0) throw lookupAnsibleError('with_nested requires at least one element in the nested list');
  let result: unknown[] = lists[0]!;
  for (const next of lists.slice(1)) {
    if (result.length * next.length > 1_000_000) throw lookupAnsibleError('with_nested result too large');
    result = result.flatMap((x) => next.map((y) => flat1([x, y])));
  }
  return result.map((x) => flat1(listify(x)));
};

const dict: LookupFn = (_ctx, terms) =>
  terms.flatMap((term) => {
    if (!isDict(term)) throw lookupAnsibleError('with_dict expects a dict');
    return Object.keys(term).map((k) => ({ key: k, value: term[k] }));
  });

function copyDict(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(d)) setKey(out, k, d[k]);
  return out;
}

const subelements: LookupFn = (_ctx, terms) => {
  const fail = (msg = ''): never => {
    throw lookupAnsibleError(`subelements lookup expects a list of two or three items, ${msg}`);
  };
  if (terms.length < 2 || terms.length > 3) fail();
  const [first, path, flags = {}] = terms;
  if (!(isList(first) || isDict(first)) || typeof path !== 'string') fail('first a dict or a list, second a string pointing to the subkey');
  if (!isDict(flags)) fail("the optional third item must be a dict with flags ('skip_missing',)");
  const keys = (path as string).split('.');
  if (isDict(first) && Object.hasOwn(first, 'skipped') && first.skipped !== false) return [];
  const elements = isDict(first) ? Object.values(first) : (first as unknown[]);
  const skipMissing = toBool((flags as Record<string, unknown>).skip_missing ?? false) === true;
  const ret: unknown[] = [];
  for (const orig of elements) {
    if (!isDict(orig)) throw lookupAnsibleError(`subelements lookup expects a dictionary, got '${toText(orig)}'`);
    if (Object.hasOwn(orig, 'skipped') && orig.skipped !== false) continue;
    // Ansible pops the list out of the item it returns; copies keep the caller's variables intact.
    const item0 = copyDict(orig);
    let sub: Record<string, unknown> = item0;
    let sublist: unknown[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const last = i === keys.length - 1;
      if (!Object.hasOwn(sub, k)) {
        if (skipMissing) continue;
        throw lookupAnsibleError(`could not find '${k}' key in iterated item '${toText(sub)}'`);
      }
      if (!last) {
        if (!isDict(sub[k])) {
          if (skipMissing) continue;
          throw lookupAnsibleError(`the key ${k} should point to a dictionary, got '${toText(sub[k])}'`);
        }
        sub[k] = copyDict(sub[k] as Record<string, unknown>);
        sub = sub[k] as Record<string, unknown>;
      } else {
        if (!isList(sub[k])) throw lookupAnsibleError(`the key ${k} should point to a list, got '${toText(sub[k])}'`);
        sublist = sub[k] as unknown[];
        delete sub[k];
      }
    }
    for (const v of sublist) ret.push(PyTuple.of_([item0, v]));
  }
  return ret;
};

export const listLookups: Record<string, LookupFn> = {
  items: (_ctx, terms) => flat1(terms),
  list: (_ctx, terms) => terms,
  indexed_items: (_ctx, terms) => flat1(terms).map((x, i) => PyTuple.of_([i, x])),
  together,
  nested,
  dict,
  subelements,
  random_choice: (_ctx, terms) => (terms.length && pyTruthy(terms) ? [new PyRandom(null).choice(terms)] : terms),
};
