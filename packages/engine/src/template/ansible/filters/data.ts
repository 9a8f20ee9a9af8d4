/** combine, dict2items, items2dict, flatten, subelements, extract, rekey_on_member. */
import { LazyMapping } from '../../lazy-mapping.js';
import type { FilterFn } from '../../types.js';
import { isDict, isSequence, isList, pyEquals, pyRepr, PyTuple } from '../../../values/py.js';
import { arg, asDict, checkKwargs, dictKey, ansibleError, filterError, getKey, pyClass, setKey, toText, typeError } from '../util.js';
import { jsonDumps } from './py-json.js';
import { JUndefined } from '../../runtime-values.js';

/** Ansible's flatten: nulls ('None', 'null' too) dropped unless skip_nulls=False. */
export function flattenList(list: unknown[], levels: number | null, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const el of list) {
    if (skipNulls && (el === null || el === undefined || el === 'None' || el === 'null')) continue;
    if (isSequence(el)) {
      if (levels === null) out.push(...flattenList(el, null, skipNulls));
      else if (levels >= 1) out.push(...flattenList(el, levels - 1, skipNulls));
      else out.push(el);
    } else out.push(el);
  }
  return out;
}

const flatten: FilterFn = (_ctx, value, args, kwargs) => {
  const levels = arg<unknown>(args, kwargs, 0, 'levels', null);
  const skipNulls = arg<unknown>(args, kwargs, 1, 'skip_nulls', true);
  if (!isSequence(value) && !isDict(value) && typeof value !== 'string') throw typeError(`'${pyClass(value).slice(8, -2)}' object is not iterable`);
  const items = isSequence(value) ? value : typeof value === 'string' ? [...value] : Object.keys(value);
  return flattenList(items, levels === null ? null : Number(levels), Boolean(skipNulls));
};

function copyDict(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(d)) setKey(out, k, d[k]);
  return out;
}

const LIST_MERGE = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'];

/** ansible.utils.vars.merge_hash */
export function mergeHash(x: unknown, y: unknown, recursive: boolean, listMerge: string): Record<string, unknown> {
  if (!LIST_MERGE.includes(listMerge)) throw ansibleError("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'");
  if (!isDict(x) || !isDict(y)) {
    const dump = (v: unknown): string => {
      try {
        return jsonDumps(v);
      } catch {
        return toText(v);
      }
    };
    throw ansibleError(`failed to combine variables, expected dicts but got a '${pyClass(x).slice(8, -2)}' and a '${pyClass(y).slice(8, -2)}': \n${dump(x)}\n${dump(y)}`);
  }
  if (Object.keys(x).length === 0 || pyEquals(x, y)) return copyDict(y);
  if (Object.keys(y).length === 0) return x;
  const out = copyDict(x);
  for (const key of Object.keys(y)) {
    const yv = y[key];
    if (!Object.hasOwn(out, key)) {
      setKey(out, key, yv);
      continue;
    }
    const xv = out[key];
    if (isDict(xv) && isDict(yv)) setKey(out, key, recursive ? mergeHash(xv, yv, recursive, listMerge) : yv);
    else if (isList(xv) && isList(yv)) setKey(out, key, mergeLists(xv, yv, listMerge));
    else setKey(out, key, yv);
  }
  return out;
}

function mergeLists(x: unknown[], y: unknown[], listMerge: string): unknown[] {
  const notInY = (): unknown[] => x.filter((z) => !y.some((w) => pyEquals(z, w)));
  switch (listMerge) {
    case 'append':
      return [...x, ...y];
    case 'prepend':
      return [...y, ...x];
    case 'append_rp':
      return [...notInY(), ...y];
    case 'prepend_rp':
      return [...y, ...notInY()];
    case 'keep':
      return x;
    default:
      return y;
  }
}

const combine: FilterFn = (_ctx, value, args, kwargs) => {
  const kw = { ...kwargs };
  const recursive = Boolean(kw.recursive ?? false);
  const listMerge = toText(kw.list_merge ?? 'replace');
  delete kw.recursive;
  delete kw.list_merge;
  if (Object.keys(kw).length > 0) throw filterError("'recursive' and 'list_merge' are the only valid keyword arguments");
  const dicts = flattenList([value, ...args], 1, true).map(asDict);
  if (dicts.length === 0) return {};
  if (dicts.length === 1) return dicts[0];
  let result = dicts[dicts.length - 1];
  for (let i = dicts.length - 2; i >= 0; i--) result = mergeHash(dicts[i], result, recursive, listMerge);
  return result;
};

const dict2items: FilterFn = (_ctx, input, args, kwargs) => {
  const value = asDict(input);
  const keyName = toText(arg(args, kwargs, 0, 'key_name', 'key'));
  const valueName = toText(arg(args, kwargs, 1, 'value_name', 'value'));
  if (!isDict(value)) throw typeError(`dict2items requires a dictionary, got ${pyClass(value)} instead.`);
  return Object.keys(value).map((k) => {
    const item: Record<string, unknown> = {};
    setKey(item, keyName, k);
    setKey(item, valueName, value[k]);
    return item;
  });
};

const items2dict: FilterFn = (_ctx, value, args, kwargs) => {
  const keyName = toText(arg(args, kwargs, 0, 'key_name', 'key'));
  const valueName = toText(arg(args, kwargs, 1, 'value_name', 'value'));
  if (!isSequence(value)) throw typeError(`items2dict requires a list, got ${pyClass(value)} instead.`);
  const out: Record<string, unknown> = {};
  for (const item of value) {
    if (!isDict(item)) throw typeError(`items2dict requires a list of dictionaries, got ${pyRepr(value)} instead.`);
    if (!Object.hasOwn(item, keyName) || !Object.hasOwn(item, valueName)) {
      throw typeError(`items2dict requires each dictionary in the list to contain the keys '${keyName}' and '${valueName}', got ${pyRepr(value)} instead.`);
    }
    const k = item[keyName];
    if (Array.isArray(k) && !(k instanceof PyTuple) || isDict(k)) throw typeError(`items2dict requires a list of dictionaries, got ${pyRepr(value)} instead.`);
    setKey(out, dictKey(k), item[valueName]);
  }
  return out;
};

const subelements: FilterFn = (_ctx, value, args, kwargs) => {
  const sub = arg<unknown>(args, kwargs, 0, 'subelements', undefined);
  const skipMissing = Boolean(arg(args, kwargs, 1, 'skip_missing', false));
  const elements = isDict(value) ? Object.values(value) : isList(value) ? [...value] : null;
  if (!elements) throw filterError('obj must be a list of dicts or a nested dict');
  const path = isList(sub) ? sub.map((s) => toText(s)) : typeof sub === 'string' ? sub.split('.') : null;
  if (!path) throw typeError('subelements must be a list or a string');
  const results: unknown[] = [];
  for (const element of elements) {
    let values: unknown = element;
    for (const key of path) {
      if (isDict(values)) {
        if (!Object.hasOwn(values, key)) {
          if (skipMissing) {
            values = [];
            break;
          }
          throw filterError(`could not find ${pyRepr(key)} key in iterated item ${pyRepr(values)}`);
        }
        values = values[key];
      } else throw typeError(`the key ${key} should point to a dictionary, got '${toText(values)}'`);
    }
    if (!isList(values)) throw typeError(`the key ${pyRepr(sub)} should point to a list, got ${pyRepr(values)}`);
    for (const v of values) results.push(PyTuple.of_([element, v]));
  }
  return results;
};

/** Jinja's environment.getitem: the item, or an Undefined naming what is missing. */
export function getItem(container: unknown, key: unknown): unknown {
  let v: unknown;
  if (container instanceof LazyMapping) v = typeof key === 'string' && container.has(key) ? container.get(key) : undefined;
  else if (isDict(container)) v = getKey(container, dictKey(key));
  else if (isSequence(container) && typeof key === 'number') v = container[key < 0 ? container.length + key : key];
  else if (typeof container === 'string' && typeof key === 'number') v = [...container][key < 0 ? container.length + key : key];
  return v === undefined ? new JUndefined(typeof key === 'number' ? key : toText(key), container) : v;
}

const extract: FilterFn = (_ctx, value, args, kwargs) => {
  checkKwargs('extract', kwargs, ['morekeys']);
  const container = args[0];
  const more = arg<unknown>(args, kwargs, 1, 'morekeys', null);
  const keys = more === null ? [value] : isList(more) ? [value, ...more] : [value, more];
  let v: unknown = container;
  for (const k of keys) v = getItem(v, k);
  return v;
};

const rekeyOnMember: FilterFn = (_ctx, value, args, kwargs) => {
  const key = arg<unknown>(args, kwargs, 0, 'key', undefined);
  const duplicates = arg<unknown>(args, kwargs, 1, 'duplicates', 'error');
  if (duplicates !== 'error' && duplicates !== 'overwrite') throw filterError(`duplicates parameter to rekey_on_member has unknown value: ${toText(duplicates)}`);
  const items = isDict(value) ? Object.values(value) : isSequence(value) ? value : null;
  if (!items) throw typeError('Type is not a valid list, set, or dict');
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (!isDict(item)) throw typeError('List item is not a valid dict');
    const k = dictKey(key);
    if (!Object.hasOwn(item, k)) throw filterError(`Key ${toText(key)} was not found`);
    const elem = dictKey(item[k]);
    if (Object.hasOwn(out, elem) && duplicates === 'error') throw filterError(`Key ${toText(item[k])} is not unique, cannot correctly turn into dict`);
    setKey(out, elem, item);
  }
  return out;
};

export const dataFilters: Record<string, FilterFn> = {
  flatten,
  combine,
  dict2items,
  items2dict,
  subelements,
  extract,
  rekey_on_member: rekeyOnMember,
};
