/** Task-result tests: failed, succeeded, changed, skipped, reachable, finished, started. */
import type { TestFn } from '../../types.js';
import { isDict, isList, pyEquals } from '../../../values/py.js';
import { filterError, pyTruthy } from '../util.js';
import { pyRuntimeError } from '../../errors.js';

function resultDict(name: string, v: unknown): Record<string, unknown> {
  if (!isDict(v)) throw filterError(`The '${name}' test expects a dictionary`);
  return v;
}

/**
 * Jinja returns a test's value as it is, and Ansible's result tests return the key's value
 * (`{{ {'changed': 'yes'} is changed }}` renders "yes"); TestFn's boolean type is widened here.
 */
const raw = (v: unknown): boolean => v as boolean;

const flag = (name: string, key: string): TestFn => (_ctx, v) => raw(Object.hasOwn(resultDict(name, v), key) ? resultDict(name, v)[key] : false);

const changed: TestFn = (_ctx, v) => {
  const r = resultDict('changed', v);
  if (Object.hasOwn(r, 'changed')) return raw(r.changed);
  const results = r.results;
  if (!Object.hasOwn(r, 'results') || !isList(results)) return false;
  if (results.length === 0) throw pyRuntimeError('IndexError', 'list index out of range');
  if (!isDict(results[0])) return false;
  return results.some((res) => isDict(res) && pyTruthy(Object.hasOwn(res, 'changed') ? res.changed : false));
};

/** started/finished: async status is 0 or 1; a non-async result counts as started and finished. */
const asyncFlag = (name: string): TestFn => (_ctx, v) => {
  const r = resultDict(name, v);
  return Object.hasOwn(r, name) ? pyEquals(r[name], 1) : true;
};

const failed = flag('failed', 'failed');
const unreachable = flag('unreachable', 'unreachable');

export const resultTests: Record<string, TestFn> = {
  failed,
  failure: failed,
  succeeded: (ctx, v, a, k) => !pyTruthy(failed(ctx, v, a, k)),
  success: (ctx, v, a, k) => !pyTruthy(failed(ctx, v, a, k)),
  successful: (ctx, v, a, k) => !pyTruthy(failed(ctx, v, a, k)),
  unreachable,
  reachable: (ctx, v, a, k) => !pyTruthy(unreachable(ctx, v, a, k)),
  changed,
  change: changed,
  skipped: flag('skipped', 'skipped'),
  skip: flag('skipped', 'skipped'),
  finished: asyncFlag('finished'),
  started: asyncFlag('started'),
  timedout: (_ctx, v) => {
    const r = resultDict('timedout', v);
    const t = Object.hasOwn(r, 'timedout') ? r.timedout : false;
    return raw(pyTruthy(t) && isDict(t) ? (Object.hasOwn(t, 'period') ? t.period : false) : t);
  },
};
