/**
 * Module arguments against the module's JSON Schema (ajv), with Ansible's wording. Two phases:
 * before any host is touched (templates accepted wherever a value goes), and per host after
 * templating (values converted as Ansible converts them, defaults filled in).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from '../vendor.js';
import type { JSONSchema } from './json-schema.js';
import { coerceObject, coerceValue, CoerceError, mainType } from './coerce.js';
import { isDict } from '../values/py.js';

// verbose: enum errors quote the rejected value ("got: shared"), as Ansible's message does.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, verbose: true });
const TEMPLATE = { type: 'string', pattern: '\\{\\{|\\{%' } as const;

function hasTemplate(v: unknown): boolean {
  if (typeof v === 'string') return /\{\{|\{%/.test(v);
  if (Array.isArray(v)) return v.some(hasTemplate);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasTemplate);
  return false;
}

const runtimeCache = new WeakMap<JSONSchema, ValidateFunction>();
const staticCache = new WeakMap<JSONSchema, ValidateFunction>();

/** A copy of the schema where any value may also be a Jinja2 template (checked after templating). */
export function templateTolerant(schema: JSONSchema, root = true): JSONSchema {
  const out: JSONSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, templateTolerant(s, false)]));
  }
  if (schema.items) out.items = templateTolerant(schema.items, false);
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) if (schema[k]) out[k] = schema[k]!.map((s) => templateTolerant(s, false));
  if (root) return out;
  delete out.default; // static checks must not fill defaults into the task's raw args
  return { anyOf: [out, TEMPLATE] };
}

function compile(cache: WeakMap<JSONSchema, ValidateFunction>, schema: JSONSchema, make: () => JSONSchema): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    v = ajv.compile(make() as object);
    cache.set(schema, v);
  }
  return v;
}

function supported(schema: JSONSchema): string {
  const props = Object.keys(schema.properties ?? {}).filter((k) => !schema.properties![k]!['x-internal']).sort();
  const aliases = Object.values(schema.properties ?? {}).flatMap((p) => p['x-aliases'] ?? []).sort();
  return props.join(', ') + (aliases.length ? ` (${aliases.join(', ')})` : '');
}

/** A problem with the arguments, and what it is about: an option's key, its value, or the task. */
export interface ArgProblem {
  message: string;
  option?: string;
  at: 'key' | 'value' | 'task';
}

function describe(module: string, schema: JSONSchema, errors: ErrorObject[]): ArgProblem[] {
  const out = new Map<string, ArgProblem>();
  const add = (p: ArgProblem) => out.set(p.message, p);
  const unsupported = [...new Set(errors.filter((e) => e.keyword === 'additionalProperties' && e.instancePath === '').map((e) => String(e.params.additionalProperty)))].sort();
  if (unsupported.length) add({ message: `Unsupported parameters for (${module}) module: ${unsupported.join(', ')}. Supported parameters include: ${supported(schema)}.`, option: unsupported[0]!, at: 'key' });
  const missing = [...new Set(errors.filter((e) => e.keyword === 'required' && e.instancePath === '').map((e) => String(e.params.missingProperty)))].sort();
  if (missing.length) add({ message: `missing required arguments: ${missing.join(', ')}`, at: 'task' });
  for (const e of errors) {
    if (e.keyword === 'additionalProperties' && e.instancePath === '') continue;
    if (e.keyword === 'required' && e.instancePath === '') continue;
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    if (e.keyword === 'pattern' && e.schemaPath.includes('anyOf')) continue;
    const option = e.instancePath.replace(/^\//, '').split('/')[0] ?? '';
    const param = e.instancePath.replace(/^\//, '').replace(/\//g, ' -> ');
    if (e.keyword === 'enum') add({ message: `value of ${param} must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}, got: ${String(e.data)}`, option, at: 'value' });
    else add({ message: `argument '${param}' ${e.message ?? 'is invalid'}`, option, at: 'value' });
  }
  return [...out.values()];
}

/** Ansible's extra argument-spec rules, kept as schema extensions. */
export function checkRelations(schema: JSONSchema, args: Record<string, unknown>): string[] {
  const set = (k: string) => args[k] !== undefined && args[k] !== null;
  const out: string[] = [];
  // check_mutually_exclusive names each whole group that has more than one member set.
  const exclusive = ((schema['x-mutually-exclusive'] as string[][] | undefined) ?? []).filter((group) => group.filter(set).length > 1);
  if (exclusive.length) out.push(`parameters are mutually exclusive: ${exclusive.map((g) => g.join('|')).join(', ')}`);
  for (const group of (schema['x-required-one-of'] as string[][] | undefined) ?? []) {
    if (!group.some(set)) out.push(`one of the following is required: ${group.join(', ')}`);
  }
  for (const group of (schema['x-required-together'] as string[][] | undefined) ?? []) {
    if (group.some(set) && !group.every(set)) out.push(`parameters are required together: ${group.join(', ')}`);
  }
  for (const [key, value, needed, any] of (schema['x-required-if'] as [string, unknown, string[], boolean?][] | undefined) ?? []) {
    // required_if runs after the explicit defaults are set (ArgumentSpecValidator.validate).
    const current = args[key] !== undefined ? args[key] : schema.properties?.[key]?.default;
    if (current !== value) continue;
    const miss = needed.filter((n) => !set(n));
    if (any ? miss.length === needed.length : miss.length > 0) out.push(`${key} is ${String(value)} but ${any ? 'any' : 'all'} of the following are missing: ${miss.join(', ')}`);
  }
  // required_by: an option that is set needs these others (systemd's state needs name).
  for (const [key, needed] of Object.entries((schema['x-required-by'] as Record<string, string[]> | undefined) ?? {})) {
    if (!set(key)) continue;
    const miss = needed.filter((n) => !set(n));
    if (miss.length) out.push(`missing parameter(s) required by '${key}': ${miss.join(', ')}`);
  }
  return out;
}

/** Renames aliases to their option names. Both given is not an error in ansible-core 2.16
 * (`_handle_aliases`): it warns "Both option X and its alias Y are set." and the alias wins; this
 * is what happens when module_defaults sets `region` and a task says `aws_region`. */
export function applyAliases(schema: JSONSchema, args: Record<string, unknown>): { args: Record<string, unknown>; errors: string[] } {
  const out: Record<string, unknown> = { ...args };
  const errors: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    for (const alias of prop['x-aliases'] ?? []) {
      if (!Object.hasOwn(out, alias)) continue;
      out[name] = out[alias];
      delete out[alias];
    }
  }
  return { args: out, errors };
}

function unsupportedOptions(schema: JSONSchema, args: Record<string, unknown>, module: string): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([k, p]) => p['x-unsupported'] && args[k] !== undefined)
    .map(([k, p]) => `option '${k}' of ${module} is not supported by pgplay yet: ${p['x-unsupported']}`);
}

/** Before templating: unknown options, missing required ones, values that can't be right. */
export function validateArgsStatic(module: string, schema: JSONSchema, raw: Record<string, unknown>): ArgProblem[] {
  if (Object.hasOwn(raw, '_variable_params')) return [];
  const aliased = applyAliases(schema, raw);
  const args = aliased.args;
  const errors: ArgProblem[] = aliased.errors.map((message) => ({ message, at: 'task' }));
  // Convert what can be converted now ("0" for an int, "yes" for a bool); templates wait.
  const converted: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    const prop = schema.properties && Object.hasOwn(schema.properties, k) ? schema.properties[k] : undefined;
    if (!prop) {
      converted[k] = v;
      continue;
    }
    try {
      converted[k] = hasTemplate(v) ? coercePartly(v, prop) : coerceObject({ [k]: v }, schema)[k];
    } catch (e) {
      if (!(e instanceof CoerceError)) throw e;
      errors.push({ message: e.message, option: k, at: 'value' });
      converted[k] = v;
    }
  }
  const validate = compile(staticCache, schema, () => templateTolerant(schema));
  if (!validate(structuredClone(converted))) errors.push(...describe(module, schema, validate.errors ?? []));
  errors.push(...checkRelations(schema, converted).map((message): ArgProblem => ({ message, at: 'task' })));
  const unsupported = Object.entries(schema.properties ?? {}).filter(([k, p]) => p['x-unsupported'] && args[k] !== undefined);
  errors.push(...unsupported.map(([k, p]): ArgProblem => ({ message: `option '${k}' of ${module} is not supported by pgplay yet: ${p['x-unsupported']}`, option: k, at: 'key' })));
  return errors;
}

/**
 * A value holding templates somewhere inside (a list of rule dicts with one templated field):
 * everything around the templates is converted now, so a literal `cidr_ip: 10.0.0.0/8` next to a
 * templated `group_id` is checked as the list it becomes; the templates wait for run time.
 */
function coercePartly(v: unknown, prop: JSONSchema): unknown {
  if (!hasTemplate(v)) return coerceValue(v, prop);
  const t = mainType(prop);
  if (Array.isArray(v) && t === 'array' && prop.items) return v.map((x) => coercePartly(x, prop.items!));
  if (isDict(v) && t === 'object' && prop.properties) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Object.hasOwn(prop.properties!, k) ? coercePartly(x, prop.properties![k]!) : x]));
  }
  return v;
}

export type ArgsCheck = { ok: true; args: Record<string, unknown> } | { ok: false; errors: string[] };

/** After templating: convert, fill defaults, validate. */
export function validateArgsRuntime(module: string, schema: JSONSchema, templated: unknown): ArgsCheck {
  if (!isDict(templated)) return { ok: false, errors: [`the arguments of ${module} must be a mapping`] };
  const aliased = applyAliases(schema, templated);
  if (aliased.errors.length) return { ok: false, errors: aliased.errors };
  let args: Record<string, unknown>;
  try {
    args = coerceObject(aliased.args, schema);
  } catch (e) {
    if (e instanceof CoerceError) return { ok: false, errors: [e.message] };
    throw e;
  }
  const relations = checkRelations(schema, args);
  const validate = compile(runtimeCache, schema, () => schema);
  if (!validate(args)) return { ok: false, errors: [...describe(module, schema, validate.errors ?? []).map((p) => p.message), ...relations] };
  const unsupported = unsupportedOptions(schema, args, module);
  if (relations.length || unsupported.length) return { ok: false, errors: [...relations, ...unsupported] };
  return { ok: true, args };
}
