/** All of Jinja2's builtin filters, with Python's "missing required argument" failures. */
import type { FilterFn } from '../../types.js';
import { STRING_FILTERS } from './strings.js';
import { LIST_FILTERS } from './lists.js';
import { NUMBER_FILTERS } from './numbers.js';
import { typeError } from '../../py/ops.js';

/**
 * Parameters after the value, as Python declares them: the first `required` have no default;
 * `null` means *args/**kwargs (anything goes). Calls that Python would reject fail the same way.
 */
const SIGS: Record<string, [string[], number] | null> = {
  abs: [[], 0], attr: [['name'], 1], batch: [['linecount', 'fill_with'], 1], capitalize: [[], 0], center: [['width'], 0],
  count: [[], 0], length: [[], 0], d: [['default_value', 'boolean'], 0], default: [['default_value', 'boolean'], 0],
  dictsort: [['case_sensitive', 'by', 'reverse'], 0], e: [[], 0], escape: [[], 0], forceescape: [[], 0],
  filesizeformat: [['binary'], 0], first: [[], 0], last: [[], 0], float: [['default'], 0], format: null,
  groupby: [['attribute', 'default', 'case_sensitive'], 1], indent: [['width', 'first', 'blank'], 0], int: [['default', 'base'], 0],
  items: [[], 0], join: [['d', 'attribute'], 0], list: [[], 0], lower: [[], 0], upper: [[], 0], map: null,
  max: [['case_sensitive', 'attribute'], 0], min: [['case_sensitive', 'attribute'], 0], pprint: [[], 0], random: [[], 0],
  reject: null, select: null, rejectattr: null, selectattr: null, replace: [['old', 'new', 'count'], 2], reverse: [[], 0],
  round: [['precision', 'method'], 0], safe: [[], 0], slice: [['slices', 'fill_with'], 1],
  sort: [['reverse', 'case_sensitive', 'attribute'], 0], string: [[], 0], striptags: [[], 0], sum: [['attribute', 'start'], 0],
  title: [[], 0], tojson: [['indent'], 0], trim: [['chars'], 0], truncate: [['length', 'killwords', 'end', 'leeway'], 0],
  unique: [['case_sensitive', 'attribute'], 0], urlencode: [[], 0],
  urlize: [['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'], 0], wordcount: [[], 0],
  wordwrap: [['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], 0], xmlattr: [['autospace'], 0],
};

function checked(name: string, fn: FilterFn): FilterFn {
  const sig = SIGS[name];
  if (!sig) return fn;
  const [params, required] = sig;
  return (c, v, args, kwargs) => {
    if (args.length > params.length) {
      throw typeError(`do_${name}() takes ${params.length + 1} positional argument${params.length ? 's' : ''} but ${args.length + 1} were given`);
    }
    for (const k of Object.keys(kwargs)) {
      if (!params.includes(k)) throw typeError(`do_${name}() got an unexpected keyword argument '${k}'`);
    }
    const missing = params.slice(0, required).filter((r, i) => i >= args.length && !Object.hasOwn(kwargs, r));
    if (missing.length) {
      throw typeError(`do_${name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
    }
    return fn(c, v, args, kwargs);
  };
}

export const JINJA_FILTERS: Record<string, FilterFn> = Object.fromEntries(
  Object.entries({ ...STRING_FILTERS, ...LIST_FILTERS, ...NUMBER_FILTERS }).map(([n, f]) => [n, checked(n, f)]),
);
