/** Shared pieces of the builtin filters: argument access, attribute getters, str(). */
import { num, pyStr, pyTypeName } from '../../../values/py.js';
import { TemplateError } from '../../errors.js';
import { getAttr, getItem } from '../../attrs.js';
import { JUndefined } from '../../runtime-values.js';
import { asStr } from '../../py/ops.js';

/** Positional-or-keyword argument `i`/`name`, or the default. */
export function arg<T>(args: unknown[], kwargs: Record<string, unknown>, i: number, name: string, dflt: T): unknown {
  if (i < args.length) return args[i];
  if (Object.hasOwn(kwargs, name)) return kwargs[name];
  return dflt;
}

export function str(v: unknown): string {
  if (v instanceof JUndefined) v.fail();
  return asStr(v) ?? pyStr(v);
}

/** An integer argument (Python refuses floats where an index or count is expected). */
export function intOr(v: unknown, dflt: number): number {
  if (v === null || v === undefined) return dflt;
  if (typeof v === 'number' || typeof v === 'boolean') return num(v);
  throw new TemplateError('template-type', `'${pyTypeName(v)}' object cannot be interpreted as an integer`);
}

/** jinja2.filters.make_attrgetter: "a.b.0" → getattr/getitem chain, lowercasing strings unless case-sensitive. */
export function attrGetter(attribute: unknown, caseSensitive = true, dflt?: unknown): (v: unknown) => unknown {
  const parts = attribute === null || attribute === undefined ? []
    : typeof attribute === 'number' ? [attribute] : String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item: unknown) => {
    let v = item;
    for (const p of parts) {
      v = typeof p === 'number' ? getItem(v, p) : getAttr(v, p);
      if (v instanceof JUndefined && dflt !== undefined) {
        v = dflt;
        break;
      }
    }
    if (!caseSensitive) {
      const s = asStr(v);
      if (s !== undefined) return s.toLowerCase();
    }
    return v;
  };
}
