/**
 * ansible-core 2.16's ArgumentSpecValidator (module_utils/common/arg_spec.py with the helpers of
 * parameters.py and validation.py), as role argument_specs and validate_argument_spec use it:
 * aliases, unsupported names, mutually_exclusive, defaults, required, type conversion, elements,
 * choices, required_together/one_of/if/by and nested options, each check appending ansible's
 * message in ansible's order. Fallbacks, deprecations and no_log bookkeeping are left out: the
 * validate_argument_spec action never shows them.
 */
import { isDict, isFloat, pyEquals, pyStr } from '../values/py.js';
import { CheckTypeError, TYPE_CHECKERS, checkTypeDict, pyClass } from './check-types.js';

/** One option's spec as written in argument_specs (only the keys the validator reads). */
export interface OptionSpec {
  type?: string;
  elements?: string;
  required?: boolean;
  default?: unknown;
  choices?: unknown[];
  aliases?: string[];
  options?: ArgSpec;
  apply_defaults?: boolean;
  mutually_exclusive?: string[][];
  required_together?: string[][];
  required_one_of?: string[][];
  required_if?: unknown[][];
  required_by?: Record<string, string | string[]>;
  [key: string]: unknown;
}
export type ArgSpec = Record<string, OptionSpec>;
type Params = Record<string, unknown>;

/**
 * Which values ansible would see as read from YAML (AnsibleUnicode, …) rather than produced by a
 * template or a conversion: its messages print the Python class of the value.
 */
export class YamlOrigins {
  private readonly deep = new WeakSet<object>();
  private readonly keys = new WeakMap<object, Set<string>>();
  /** `v` and everything in it came from YAML untouched. */
  markDeep(v: unknown): void {
    if (typeof v !== 'object' || v === null || this.deep.has(v)) return;
    this.deep.add(v);
    for (const x of Array.isArray(v) ? v : isDict(v) ? Object.values(v) : []) this.markDeep(x);
  }
  /** `container[key]` came from YAML (and so does all of it). */
  markKey(container: Params, key: string): void {
    let s = this.keys.get(container);
    if (!s) this.keys.set(container, (s = new Set()));
    s.add(key);
    this.markDeep(container[key]);
  }
  isYaml(container: object, key: string | number): boolean {
    return this.deep.has(container) || (typeof key === 'string' && (this.keys.get(container)?.has(key) ?? false));
  }
  /** The container itself (for the element checks of a list). */
  isYamlValue(v: unknown): boolean {
    return typeof v === 'object' && v !== null && this.deep.has(v);
  }
}

/** `key in parameters` for a parameters dict. */
function has(params: Params, key: string): boolean {
  return Object.hasOwn(params, key);
}

function ctxSuffix(msg: string, optionsContext: string[] | undefined): string {
  return optionsContext && optionsContext.length ? `${msg} found in ${optionsContext.join(' -> ')}` : msg;
}

/** count_terms: how many of the terms (one name or a list) are keys of parameters. */
function countTerms(terms: unknown, params: Params): number {
  const list = Array.isArray(terms) ? terms : [terms];
  return new Set(list.filter((t) => typeof t === 'string' && has(params, t))).size;
}

const joinTerms = (t: unknown): string => (Array.isArray(t) ? t.map(pyStr).join(', ') : pyStr(t));

function checkMutuallyExclusive(terms: unknown, params: Params, oc?: string[]): void {
  if (!Array.isArray(terms)) return;
  const hits = terms.filter((check) => countTerms(check, params) > 1);
  if (hits.length) {
    const full = hits.map((c) => (Array.isArray(c) ? c.map(pyStr).join('|') : pyStr(c)));
    throw new CheckTypeError(ctxSuffix(`parameters are mutually exclusive: ${full.join(', ')}`, oc));
  }
}

function checkRequiredTogether(terms: unknown, params: Params, oc?: string[]): void {
  if (!Array.isArray(terms)) return;
  for (const term of terms) {
    const counts = (Array.isArray(term) ? term : [term]).map((f) => countTerms(f, params));
    if (counts.some((c) => c > 0) && counts.includes(0)) throw new CheckTypeError(ctxSuffix(`parameters are required together: ${joinTerms(term)}`, oc));
  }
}

function checkRequiredOneOf(terms: unknown, params: Params, oc?: string[]): void {
  if (!Array.isArray(terms)) return;
  for (const term of terms) {
    if (countTerms(term, params) === 0) throw new CheckTypeError(ctxSuffix(`one of the following is required: ${joinTerms(term)}`, oc));
  }
}

function checkRequiredIf(reqs: unknown, params: Params, oc?: string[]): void {
  if (!Array.isArray(reqs)) return;
  for (const req of reqs) {
    if (!Array.isArray(req)) continue;
    const [key, val, requirements, isOneOf] = req as [string, unknown, unknown[], unknown];
    const list = Array.isArray(requirements) ? requirements : [];
    const maxMissing = isOneOf ? list.length : 0;
    const missing: unknown[] = [];
    if (has(params, key) && pyEquals(params[key], val)) for (const check of list) if (countTerms(check, params) === 0) missing.push(check);
    if (missing.length && missing.length >= maxMissing) {
      throw new CheckTypeError(ctxSuffix(`${key} is ${pyStr(val)} but ${isOneOf ? 'any' : 'all'} of the following are missing: ${missing.map(pyStr).join(', ')}`, oc));
    }
  }
}

function checkRequiredBy(reqs: unknown, params: Params, oc?: string[]): void {
  if (!isDict(reqs)) return;
  for (const [key, value] of Object.entries(reqs)) {
    if (!has(params, key) || params[key] === null) continue;
    const missing = (typeof value === 'string' ? [value] : Array.isArray(value) ? value : []).filter((r) => !has(params, r) || params[r] === null);
    if (missing.length) throw new CheckTypeError(ctxSuffix(`missing parameter(s) required by '${key}': ${missing.join(', ')}`, oc));
  }
}

function checkRequiredArguments(spec: ArgSpec, params: Params, oc?: string[]): void {
  const missing = Object.entries(spec).filter(([k, v]) => v.required && !has(params, k)).map(([k]) => k);
  if (missing.length) throw new CheckTypeError(ctxSuffix(`missing required arguments: ${missing.sort().join(', ')}`, oc));
}

/** _ADDITIONAL_CHECKS, in ansible's order. */
const ADDITIONAL_CHECKS = [
  ['required_together', checkRequiredTogether],
  ['required_one_of', checkRequiredOneOf],
  ['required_if', checkRequiredIf],
  ['required_by', checkRequiredBy],
] as const;

/** _handle_aliases: copies each alias's value to its option; returns alias → option. */
function handleAliases(spec: ArgSpec, params: Params, origins: YamlOrigins): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v.default !== undefined && v.default !== null && v.required) throw new CheckTypeError(`internal error: required and default are mutually exclusive for ${k}`);
    if (v.aliases === undefined || v.aliases === null) continue;
    if (!Array.isArray(v.aliases)) throw new CheckTypeError('internal error: aliases must be a list or tuple');
    for (const alias of v.aliases) {
      out[alias] = k;
      if (has(params, alias)) {
        params[k] = params[alias];
        if (origins.isYaml(params, alias)) origins.markKey(params, k);
      }
    }
  }
  return out;
}

/** _list_no_log_values's type checks: the only part of it that can add an error. */
function checkSubParameterShapes(spec: ArgSpec, params: Params): void {
  for (const [name, opts] of Object.entries(spec)) {
    if (!opts.options) continue;
    const sub = params[name];
    if (sub === undefined || sub === null) continue;
    if (!(opts.type === 'dict' || (opts.type === 'list' && opts.elements === 'dict'))) continue;
    for (let item of Array.isArray(sub) ? sub : [sub]) {
      if (typeof item === 'string') item = checkTypeDict(item);
      if (!isDict(item)) {
        const cls = pyClass(item).replace(/^<class '(?:.*\.)?(.*)'>$/, '$1');
        throw new CheckTypeError(`Value '${pyStr(item)}' in the sub parameter field '${name}' must by a ${opts.type}, not '${cls}'`);
      }
      checkSubParameterShapes(opts.options, item);
    }
  }
}

function setDefaults(spec: ArgSpec, params: Params, setDefault: boolean): void {
  for (const [k, v] of Object.entries(spec)) {
    const d = v.default ?? null;
    if (!has(params, k) && (d !== null || setDefault)) params[k] = structuredCloneValue(d);
  }
}

/** Defaults are shared spec data; a validated dict must not alias them. */
function structuredCloneValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneValue);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneValue(x)]));
  return v;
}

function unsupported(spec: ArgSpec, params: Params, legal: string[], aliases: Record<string, string>, oc: string[] | undefined, state: State): void {
  for (const k of Object.keys(params)) {
    if (legal.includes(k)) continue;
    const context = oc && oc.length ? [...oc, k].join('.') : k;
    state.unsupported.add(context);
    state.supported = [legal.filter((o) => !Object.hasOwn(aliases, o)), Object.keys(aliases)];
  }
}

/** Iterating a value in Python (the elements check): a str's characters, a dict's keys. */
function pyIter(v: unknown, fromYaml: boolean): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  const cls = pyClass(v, fromYaml).replace(/^<class '(?:.*\.)?(.*)'>$/, '$1');
  throw new CheckTypeError(`'${cls}' object is not iterable`);
}

function validateElements(wanted: string, param: string, values: unknown[], fromYaml: boolean, oc: string[] | undefined, state: State): unknown[] {
  const checker = TYPE_CHECKERS[wanted]!;
  const out: unknown[] = [];
  for (const value of values) {
    try {
      out.push(checker(value, fromYaml));
    } catch (e) {
      if (!(e instanceof CheckTypeError)) throw e;
      let msg = `Elements value for option '${param}'`;
      if (oc && oc.length) msg += ` found in '${oc.join(' -> ')}'`;
      state.errors.push(`${msg} is of type ${pyClass(value, fromYaml)} and we were unable to convert to ${wanted}: ${e.message}`);
    }
  }
  return out;
}

function validateTypes(spec: ArgSpec, params: Params, oc: string[] | undefined, state: State): void {
  for (const [param, opts] of Object.entries(spec)) {
    if (!has(params, param)) continue;
    const value = params[param];
    if (value === null && !opts.required && (opts.default ?? null) === null) continue;
    const wanted = opts.type ?? 'str';
    const fromYaml = state.origins.isYaml(params, param);
    try {
      params[param] = TYPE_CHECKERS[wanted]!(value, fromYaml);
      const elementsWanted = opts.elements;
      if (elementsWanted) {
        const elements = params[param];
        if (wanted !== 'list' || !Array.isArray(elements)) {
          let msg = `Invalid type ${wanted} for option '${pyStr(elements)}'`;
          if (oc && oc.length) msg += ` found in '${oc.join(' -> ')}'.`;
          state.errors.push(`${msg}, elements value check is supported only with 'list' type`);
        }
        // A list made by splitting a string holds plain str; a YAML list holds AnsibleUnicode.
        const elemYaml = elements === value ? fromYaml : false;
        params[param] = validateElements(elementsWanted, param, pyIter(elements, fromYaml), elemYaml, oc, state);
      }
    } catch (e) {
      if (!(e instanceof CheckTypeError)) throw e;
      let msg = `argument '${param}' is of type ${pyClass(value, fromYaml)}`;
      if (oc && oc.length) msg += ` found in '${oc.join(' -> ')}'.`;
      state.errors.push(`${msg} and we were unable to convert to ${wanted}: ${e.message}`);
    }
  }
}

function validateValues(spec: ArgSpec, params: Params, oc: string[] | undefined, state: State): void {
  for (const [param, opts] of Object.entries(spec)) {
    const choices = opts.choices;
    if (choices === undefined || choices === null) continue;
    if (!Array.isArray(choices)) {
      state.errors.push(ctxSuffix(`internal error: choices for argument ${param} are not iterable: ${pyStr(choices)}`, oc));
      continue;
    }
    if (!has(params, param)) continue;
    const value = params[param];
    const choicesStr = choices.map(pyStr).join(', ');
    if (Array.isArray(value)) {
      const diff = value.filter((item) => !choices.some((c) => pyEquals(c, item)));
      if (diff.length) state.errors.push(ctxSuffix(`value of ${param} must be one or more of: ${choicesStr}. Got no match for: ${diff.map(pyStr).join(', ')}`, oc));
    } else if (!choices.some((c) => pyEquals(c, value))) {
      // A bool converted to the text 'True'/'False' matches the one boolean word among the choices.
      for (const [text, words] of [['False', ['n', 'no', 'off', '0', 'false', 'f']], ['True', ['y', 'yes', 'on', '1', 'true', 't']]] as const) {
        if (params[param] !== text) continue;
        const overlap = choices.filter((c) => (typeof c === 'string' && (words as readonly string[]).includes(c)) || (typeof c === 'number' && c === (text === 'True' ? 1 : 0)) || c === (text === 'True') || (isFloat(c) && c.value === (text === 'True' ? 1 : 0)));
        if (new Set(overlap.map((c) => pyStr(c))).size === 1) params[param] = overlap[0];
      }
      if (!choices.some((c) => pyEquals(c, params[param]))) state.errors.push(ctxSuffix(`value of ${param} must be one of: ${choicesStr}, got: ${pyStr(params[param])}`, oc));
    }
  }
}

interface State {
  errors: string[];
  unsupported: Set<string>;
  supported?: [string[], string[]];
  origins: YamlOrigins;
}

function validateSubSpec(spec: ArgSpec, params: Params, prefix: string, oc: string[], state: State): void {
  for (const [param, value] of Object.entries(spec)) {
    const wanted = value.type;
    if (!(wanted === 'dict' || (wanted === 'list' && (value.elements ?? '') === 'dict'))) continue;
    const subSpec = value.options;
    if (value.apply_defaults) {
      if (subSpec === undefined || subSpec === null) continue;
      if ((params[param] ?? null) === null) params[param] = {};
    } else if (subSpec === undefined || subSpec === null || !has(params, param) || params[param] === null) continue;
    oc.push(param);
    const v = params[param];
    const elements = Array.isArray(v) ? v : [v];
    elements.forEach((sub, idx) => {
      if (!isDict(sub)) {
        state.errors.push(`value of '${param}' must be of type dict or list of dicts`);
        return;
      }
      const newPrefix = `${prefix}${param}${wanted === 'list' ? `[${idx}]` : ''}.`;
      let aliases: Record<string, string> = {};
      try {
        aliases = handleAliases(subSpec!, sub, state.origins);
      } catch (e) {
        if (!(e instanceof CheckTypeError)) throw e;
        state.errors.push(e.message);
      }
      try {
        checkSubParameterShapes(subSpec!, sub);
      } catch (e) {
        if (!(e instanceof CheckTypeError)) throw e;
        state.errors.push(e.message);
      }
      unsupported(subSpec!, sub, [...Object.keys(aliases), ...Object.keys(subSpec!)], aliases, oc, state);
      runChecks(() => checkMutuallyExclusive(value.mutually_exclusive, sub, oc), state);
      setDefaults(subSpec!, sub, false);
      runChecks(() => checkRequiredArguments(subSpec!, sub, oc), state);
      validateTypes(subSpec!, sub, oc, state);
      validateValues(subSpec!, sub, oc, state);
      for (const [attr, check] of ADDITIONAL_CHECKS) runChecks(() => check(value[attr], sub, oc), state);
      setDefaults(subSpec!, sub, true);
      validateSubSpec(subSpec!, sub, newPrefix, oc, state);
    });
    oc.pop();
  }
}

function runChecks(f: () => void, state: State): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof CheckTypeError)) throw e;
    state.errors.push(e.message);
  }
}

export interface ValidationResult {
  /** The parameters after aliases, defaults and conversions (ansible's validated_parameters). */
  validated: Params;
  /** ansible's error_messages, in its order. */
  errors: string[];
}

/**
 * ArgumentSpecValidator(spec).validate(parameters): `parameters` is copied first, and `origins`
 * says which of its values came from YAML untouched (for the Python class names in messages).
 */
export function validateArgumentSpec(spec: ArgSpec, parameters: Params, origins = new YamlOrigins()): ValidationResult {
  const params = parameters;
  const state: State = { errors: [], unsupported: new Set(), origins };
  let aliases: Record<string, string> = {};
  try {
    aliases = handleAliases(spec, params, origins);
  } catch (e) {
    if (!(e instanceof CheckTypeError)) throw e;
    state.errors.push(e.message);
  }
  const legal = [...Object.keys(aliases), ...Object.keys(spec)];
  runChecks(() => checkSubParameterShapes(spec, params), state);
  unsupported(spec, params, legal, aliases, undefined, state);
  // The validator's own mutually_exclusive/required_* are None for role specs.
  setDefaults(spec, params, false);
  runChecks(() => checkRequiredArguments(spec, params), state);
  validateTypes(spec, params, undefined, state);
  validateValues(spec, params, undefined, state);
  setDefaults(spec, params, true);
  validateSubSpec(spec, params, '', [], state);
  if (state.unsupported.size) {
    const names = [...state.unsupported].sort().join(', ');
    const [params0, aliases0] = state.supported ?? [[], []];
    let supported = [...params0].sort().join(', ');
    if (aliases0.length) supported += ` (${[...aliases0].sort().join(', ')})`;
    state.errors.push(`${names}. Supported parameters include: ${supported}.`);
  }
  return { validated: params, errors: state.errors };
}
