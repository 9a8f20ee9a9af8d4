/**
 * Variables templated on access, like Ansible's AnsibleJ2Vars: a variable whose value holds
 * `{{ }}` is rendered when read (so vars may use vars defined later), unsafe text is returned as
 * plain text and never rendered, Unknown stays Unknown. A variable whose templating hits an
 * undefined name reads as an Undefined carrying that message, so `x is defined` is false.
 */
import type { Scope, TemplateOptions, Vars } from './types.js';
import { TemplateError } from './errors.js';
import { JUndefined, MISSING } from './runtime-values.js';
import { UnsafeText } from '../values/unsafe.js';
import { isUnknown } from '../values/unknown.js';
import { PyTuple, isDict, pyStr, setItem } from '../values/py.js';
import { isScope } from './runtime.js';
import { templateValue } from './api.js';

const RAW = Symbol('raw');

interface LazyScope extends Scope {
  [RAW](name: string): unknown;
}

function stripUnsafe(v: unknown): unknown {
  if (v instanceof UnsafeText) return v.value;
  if (Array.isArray(v)) return v instanceof PyTuple ? PyTuple.of_(v.map(stripUnsafe)) : v.map(stripUnsafe);
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setItem(out, k, stripUnsafe(x));
    return out;
  }
  return v;
}

/** Templates nested data, leaving unsafe strings (anywhere inside) untemplated. */
function templateRaw(v: unknown, scope: Scope, options: TemplateOptions | undefined): unknown {
  if (v instanceof UnsafeText) return v.value;
  if (typeof v !== 'object' || v === null) return templateValue(v, scope, options);
  if (Array.isArray(v)) {
    const items = v.map((x) => templateRaw(x, scope, options));
    return v instanceof PyTuple ? PyTuple.of_(items) : items;
  }
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setItem(out, k, templateRaw(x, scope, options));
    return out;
  }
  return stripUnsafe(v);
}

export function createLazyScope(raw: Record<string, unknown>, scopeOptions?: TemplateOptions): Scope {
  const resolving = new Set<string>();
  // A variable's text is not at the position of the template that reads it: no source offset.
  const options = scopeOptions?.source ? { ...scopeOptions, source: undefined } : scopeOptions;
  const scope: LazyScope = {
    has: (name) => Object.hasOwn(raw, name),
    keys: () => Object.keys(raw),
    [RAW]: (name) => (Object.hasOwn(raw, name) ? raw[name] : undefined),
    get(name) {
      if (!Object.hasOwn(raw, name)) return undefined;
      const v = raw[name];
      if (v === null || typeof v !== 'object' && typeof v !== 'string') return v;
      if (isUnknown(v)) return v;
      if (resolving.has(name)) {
        throw new TemplateError('template-recursion', `recursive loop detected in template string: ${pyStr(stripUnsafe(v))}`);
      }
      resolving.add(name);
      try {
        return templateRaw(v, scope, options);
      } catch (err) {
        if (err instanceof TemplateError && err.code === 'undefined-variable') {
          return new JUndefined(name, MISSING, `${pyStr(stripUnsafe(v))}: ${err.message}`);
        }
        throw err;
      } finally {
        resolving.delete(name);
      }
    },
  };
  return scope;
}

/** The untemplated value of a variable, for Templar's single-variable fast path. */
export function rawValueOf(vars: Vars, name: string): unknown {
  if (isScope(vars)) {
    const s = vars as Partial<LazyScope>;
    if (typeof s[RAW] === 'function') return s[RAW](name);
    // Templar's SINGLE_VAR shortcut looks at the variable as written; templating it here would
    // fail outside the template's own variable lookup (AnsibleJ2Vars' wording).
    if (!vars.has(name)) return undefined;
    return typeof vars.raw === 'function' ? vars.raw(name) : vars.get(name);
  }
  return Object.hasOwn(vars, name) ? (vars as Record<string, unknown>)[name] : undefined;
}
