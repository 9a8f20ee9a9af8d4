/** lookup('env'): environment variables of the controller, `default` when unset (the first word names the variable). */
import type { LookupFn } from '../../types.js';
import { isUndefined, lookupUndefinedError, toText } from '../util.js';

export const envLookup: LookupFn = (_ctx, terms, kwargs) => {
  const dflt = kwargs.default === undefined ? '' : kwargs.default;
  return terms.map((t) => {
    const name = toText(t).trim().split(/\s+/)[0] ?? '';
    const v = Object.hasOwn(process.env, name) ? process.env[name] : dflt;
    if (isUndefined(v)) throw lookupUndefinedError(`The "env" lookup, found an undefined variable: ${name}`);
    return v;
  });
};
