/**
 * The registry a render uses: Jinja2's builtin filters and tests, then the plug-in registry
 * (options.registry: Ansible's filters, tests and lookups) overriding by name. `filter` and
 * `test` (the tests that ask whether a filter/test exists) close over the merged tables.
 */
import type { FilterFn, LookupFn, TemplateRegistry, TestFn } from './types.js';
import { JINJA_FILTERS } from './filters/jinja/index.js';
import { JINJA_TESTS } from './tests/jinja/index.js';
import { TemplateError } from './errors.js';
import { pyTypeName } from '../values/py.js';

export interface ComposedRegistry {
  filters: Record<string, FilterFn>;
  tests: Record<string, TestFn>;
  lookups: Record<string, LookupFn>;
}

const cache = new WeakMap<TemplateRegistry, ComposedRegistry>();
let builtinOnly: ComposedRegistry | undefined;

function compose(extra: TemplateRegistry | undefined): ComposedRegistry {
  const filters: Record<string, FilterFn> = Object.assign(Object.create(null), JINJA_FILTERS, extra?.filters);
  const tests: Record<string, TestFn> = Object.assign(Object.create(null), JINJA_TESTS, extra?.tests);
  const lookups: Record<string, LookupFn> = Object.assign(Object.create(null), extra?.lookups);
  // Ansible's plugin intercept raises on a missing name instead of answering False.
  const exists = (table: Record<string, unknown>, v: unknown): boolean => {
    if (typeof v !== 'string') throw new TemplateError('template-type', `key must be a string, got <class '${pyTypeName(v)}'> instead`);
    if (!Object.hasOwn(table, v)) throw new TemplateError('template-syntax', `Could not load "${v}": '${v}'`);
    return true;
  };
  tests.filter = (_c, v) => exists(filters, v);
  tests.test = (_c, v) => exists(tests, v);
  if (extra?.tests?.filter) tests.filter = extra.tests.filter;
  if (extra?.tests?.test) tests.test = extra.tests.test;
  return { filters, tests, lookups };
}

/** Builtins plus `extra`, composed once per registry object. */
export function composeRegistry(extra?: TemplateRegistry): ComposedRegistry {
  if (!extra) return (builtinOnly ??= compose(undefined));
  let r = cache.get(extra);
  if (!r) {
    r = compose(extra);
    cache.set(extra, r);
  }
  return r;
}

/** Names of Jinja2's builtin filters and tests, for the coverage test. */
export const BUILTIN_FILTER_NAMES: readonly string[] = Object.keys(JINJA_FILTERS);
export const BUILTIN_TEST_NAMES: readonly string[] = Object.keys(JINJA_TESTS).concat(['filter', 'test']);
