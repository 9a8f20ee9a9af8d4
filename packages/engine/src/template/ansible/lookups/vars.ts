/** lookup('vars') and lookup('varnames'). */
import type { LookupFn } from '../../types.js';
import { isDict, pyTypeName } from '../../../values/py.js';
import { compilePython } from '../regex/translate.js';
import { isUndefined, lookupAnsibleError, lookupUndefinedError, toText } from '../util.js';
import { LazyMapping } from '../../lazy-mapping.js';

/** A variable, or hostvars[inventory_hostname][name]; undefined when neither exists. */
function findVar(lookupVar: (n: string) => unknown, name: string): unknown {
  const v = lookupVar(name);
  if (!isUndefined(v)) return v;
  const host = lookupVar('inventory_hostname');
  if (typeof host !== 'string') return undefined;
  return entry(entry(lookupVar('hostvars'), host), name);
}

/** d[key] for a dict or a lazy mapping (hostvars is one; reading one entry computes only that). */
function entry(d: unknown, key: string): unknown {
  if (d instanceof LazyMapping) return d.has(key) ? d.get(key) : undefined;
  return isDict(d) && Object.hasOwn(d, key) ? d[key] : undefined;
}

export const varsLookup: LookupFn = (ctx, terms, kwargs) => {
  const dflt = kwargs.default;
  return terms.map((term) => {
    if (typeof term !== 'string') throw lookupAnsibleError(`Invalid setting identifier, "${toText(term)}" is not a string, its a <class '${pyTypeName(term)}'>`);
    const v = findVar((n) => ctx.lookupVar(n), term);
    if (isUndefined(v)) {
      if (dflt !== undefined && dflt !== null) return dflt;
      throw lookupUndefinedError(`No variable found with this name: ${term}`);
    }
    // The value is templated again, as Templar.template does for vars lookups.
    return typeof v === 'string' && /\{\{|\{%/.test(v) ? ctx.render(v) : v;
  });
};

/** Variable names: CallContext.varNames when the evaluator offers it, else the keys of `vars`. */
function variableNames(ctx: Parameters<LookupFn>[0]): string[] | null {
  const own = (ctx as { varNames?: () => Iterable<string> }).varNames;
  if (typeof own === 'function') return [...own.call(ctx)];
  const all = ctx.lookupVar('vars');
  if (all instanceof LazyMapping) return all.keys();
  return isDict(all) ? Object.keys(all) : null;
}

export const varnamesLookup: LookupFn = (ctx, terms) => {
  const names = variableNames(ctx);
  if (!names) throw lookupAnsibleError('No variables available to search');
  const out: unknown[] = [];
  for (const term of terms) {
    if (typeof term !== 'string') throw lookupAnsibleError(`Invalid setting identifier, "${toText(term)}" is not a string, it is a <class '${pyTypeName(term)}'>`);
    let rx: RegExp;
    try {
      rx = compilePython(term).regex;
    } catch (e) {
      throw lookupAnsibleError(`Unable to use "${term}" as a search parameter: ${(e as Error).message}`);
    }
    for (const n of names) {
      rx.lastIndex = 0;
      if (rx.test(n)) out.push(n);
    }
  }
  return out;
};
