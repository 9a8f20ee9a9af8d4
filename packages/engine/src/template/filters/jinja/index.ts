/** All of Jinja2's builtin filters, with Python's "missing required argument" failures. */
import type { FilterFn } from '../../types.js';
import { STRING_FILTERS } from './strings.js';
import { LIST_FILTERS } from './lists.js';
import { NUMBER_FILTERS } from './numbers.js';
import { typeError } from '../../py/ops.js';

/** Required arguments besides the value (the Python signatures have no default for these). */
const REQUIRED: Record<string, string[]> = {
  replace: ['old', 'new'], slice: ['slices'], batch: ['linecount'], attr: ['name'], groupby: ['attribute'],
};

function withRequired(name: string, fn: FilterFn): FilterFn {
  const req = REQUIRED[name];
  if (!req) return fn;
  return (c, v, args, kwargs) => {
    const missing = req.filter((r, i) => i >= args.length && !Object.hasOwn(kwargs, r));
    if (missing.length) {
      throw typeError(`do_${name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
    }
    return fn(c, v, args, kwargs);
  };
}

export const JINJA_FILTERS: Record<string, FilterFn> = Object.fromEntries(
  Object.entries({ ...STRING_FILTERS, ...LIST_FILTERS, ...NUMBER_FILTERS }).map(([n, f]) => [n, withRequired(n, f)]),
);
