/** Shared helpers: Ansible's error classes and Python's truth, text and type names. */
import { TemplateError } from '../errors.js';
import { LookupPluginError } from '../lookup-errors.js';
import { JUndefined } from '../runtime-values.js';
import { LazyMapping } from '../lazy-mapping.js';
import { isDict, isNumber, num, pyStr, pyTypeName, PyFloat } from '../../values/py.js';

/** AnsibleFilterError raised inside a filter or test (the class ansible's filter and test plugins raise). */
export function filterError(message: string): TemplateError {
  const e = new TemplateError('template-runtime', message);
  e.pyClass = 'ansible.errors.AnsibleFilterError';
  return e;
}
/** A plain AnsibleError raised under a filter (utils.vars.merge_hash for `combine`). */
export function ansibleError(message: string): TemplateError {
  const e = new TemplateError('template-runtime', message);
  e.pyClass = 'ansible.errors.AnsibleError';
  return e;
}
/** AnsibleFilterTypeError and Python TypeError. */
export function typeError(message: string): TemplateError {
  return new TemplateError('template-type', message);
}
/** AnsibleLookupError: the "handled" lookup failure errors=warn|ignore swallow. */
export function lookupError(message: string): TemplateError {
  return new LookupPluginError('AnsibleLookupError', message);
}
/** Plain AnsibleError raised by a lookup plugin: "unhandled" in Templar._lookup's terms. */
export function lookupAnsibleError(message: string): TemplateError {
  return new LookupPluginError('AnsibleError', message);
}
/** AnsibleOptionsError: re-raised whatever `errors=` says. */
export function lookupOptionsError(message: string): TemplateError {
  return new LookupPluginError('AnsibleOptionsError', message);
}
/** AnsibleUndefinedVariable raised by a lookup plugin: re-raised whatever `errors=` says. */
export function lookupUndefinedError(message: string): TemplateError {
  return new LookupPluginError('AnsibleUndefinedVariable', message);
}
/** A lookup form pgplay does not do yet: always fails, never swallowed by errors=. */
export function lookupUnsupported(message: string): TemplateError {
  return new LookupPluginError('Unsupported', message);
}

/** Python's `type(x)` as it prints: "<class 'int'>". */
export function pyClass(v: unknown): string {
  return `<class '${pyTypeName(v)}'>`;
}

/** Python bool(x); Ansible's Undefined raises its undefined-variable error. */
export function pyTruthy(v: unknown): boolean {
  if (v instanceof JUndefined) v.fail();
  if (v === null || v === undefined || v === false) return false;
  if (v === true) return true;
  if (isNumber(v)) return num(v) !== 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  const own = (v as { pyBool?: unknown }).pyBool;
  if (typeof own === 'function') return Boolean(own.call(v));
  return true;
}

/** to_text(x, nonstring='simplerepr'): str(x). */
export function toText(v: unknown): string {
  if (v instanceof JUndefined) v.fail();
  return pyStr(v);
}

/** Reads an optional keyword-or-positional argument (Python signature order). */
export function arg<T = unknown>(args: unknown[], kwargs: Record<string, unknown>, index: number, name: string, dflt: T): T {
  if (Object.hasOwn(kwargs, name)) return kwargs[name] as T;
  return index < args.length ? (args[index] as T) : dflt;
}

/** Rejects keyword arguments a Python function would not accept. */
export function checkKwargs(fn: string, kwargs: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(kwargs)) {
    if (!allowed.includes(k)) throw typeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
}

/** A JS number result of float arithmetic, as a Python float. */
export function float(n: number): PyFloat {
  return new PyFloat(n);
}

/** Python int(x) for the values templates pass (ints, floats, bools, numeric strings). */
export function toInt(v: unknown, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return Math.trunc(v.value);
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return parseInt(v, 10);
  throw typeError(`invalid literal for int() with base 10: ${pyStr(v)} (${what})`);
}

/** Safe own-property read of a dict key (never the prototype chain). */
export function getKey(d: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(d, k) ? d[k] : undefined;
}

/** A new dict that cannot reach Object.prototype through keys such as "__proto__". */
export function newDict(): Record<string, unknown> {
  return {};
}

/** Assigns a key without invoking the `__proto__` setter. */
export function setKey(d: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(d, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Python's dict key for a scalar (ints, floats and bools become their str() as our dicts are keyed by strings). */
export function dictKey(k: unknown): string {
  return typeof k === 'string' ? k : pyStr(k);
}

/** Jinja2's Undefined (a JUndefined; JS undefined from a missing lookup counts too). */
export function isUndefined(v: unknown): v is JUndefined | undefined {
  return v === undefined || v instanceof JUndefined;
}

/** A lazy mapping (hostvars, vars) as the plain dict Ansible's filters see after dict(x). */
export function asDict(v: unknown): unknown {
  if (!(v instanceof LazyMapping)) return v;
  const out: Record<string, unknown> = {};
  for (const k of v.keys()) setKey(out, k, v.get(k));
  return out;
}
