/** random (Ansible's range form and choice) and shuffle, with Python's seeded sequences. */
import type { FilterFn } from '../../types.js';
import { isDict, isSequence } from '../../../values/py.js';
import { PyRandom, seedOf } from '../py-random.js';
import { arg, filterError, pyTruthy, toInt } from '../util.js';

const random: FilterFn = (_ctx, value, args, kwargs) => {
  const start = arg<unknown>(args, kwargs, 0, 'start', null);
  const step = arg<unknown>(args, kwargs, 1, 'step', null);
  const r = new PyRandom(seedOf(arg(args, kwargs, 2, 'seed', null)));
  try {
    if (typeof value === 'number' || typeof value === 'boolean') {
      const s = pyTruthy(start) ? toInt(start) : 0;
      const st = pyTruthy(step) ? toInt(step) : 1;
      return r.randrange(s, toInt(value), st);
    }
    if (isSequence(value) || typeof value === 'string' || isDict(value)) {
      if (pyTruthy(start) || pyTruthy(step)) throw filterError('start and step can only be used with integer values');
      if (isDict(value)) throw filterError(`${r.randbelow(Object.keys(value).length)}`);
      return r.choice(isSequence(value) ? value : [...value]);
    }
  } catch (e) {
    if (e instanceof RangeError) throw filterError(e.message);
    throw e;
  }
  throw filterError('random can only be used on sequences and integers');
};

const shuffle: FilterFn = (_ctx, value, args, kwargs) => {
  const seed = arg<unknown>(args, kwargs, 0, 'seed', null);
  if (!isSequence(value) && typeof value !== 'string' && !isDict(value)) return value;
  const list = isSequence(value) ? [...value] : typeof value === 'string' ? [...value] : Object.keys(value);
  new PyRandom(pyTruthy(seed) ? seedOf(seed) : null).shuffle(list);
  return list;
};

export const randomFilters: Record<string, FilterFn> = { random, shuffle };
