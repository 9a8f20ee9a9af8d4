/**
 * Ansible's argument type conversions (module_utils/common/validation.py check_type_*), applied
 * to templated arguments before the JSON Schema check: "yes" is a bool, "8" an int, "a,b" a list.
 * The JSON Schema `type` picks the conversion; `x-type` refines it (path, raw, json, jsonarg).
 */
import type { JSONSchema } from './json-schema.js';
import { isDict, isFloat, pyTypeName, pyStr, PyFloat } from '../values/py.js';

const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't', '1.0']);
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f', '0.0']);

export class CoerceError extends Error {}

const pyType = (v: unknown) => `<class '${pyTypeName(v)}'>`;

export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v.toLowerCase().trim() : typeof v === 'number' ? String(v) : isFloat(v) ? String(v.value) : undefined;
  if (s !== undefined && TRUE.has(s)) return true;
  if (s !== undefined && FALSE.has(s)) return false;
  throw new CoerceError(`The value '${pyStr(v)}' is not a valid boolean.  Valid booleans include: 0, 'on', 'f', 'false', 1, 'no', 'n', '1', '0', 't', 'y', 'off', 'yes', 'true'`);
}

function toInt(v: unknown): number {
  if (typeof v === 'number') return v;
  if (isFloat(v) && Number.isInteger(v.value)) return v.value;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  throw new CoerceError(`${pyType(v)} cannot be converted to an int`);
}

function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (isFloat(v)) return v.value;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new CoerceError(`${pyType(v)} cannot be converted to a float`);
}

function toStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  return pyStr(v);
}

function toList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.split(',');
  if (typeof v === 'number' || isFloat(v)) return [pyStr(v)];
  throw new CoerceError(`${pyType(v)} cannot be converted to a list`);
}

function toDict(v: unknown): Record<string, unknown> {
  if (isDict(v)) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{')) {
      try {
        const parsed = JSON.parse(t) as unknown;
        if (isDict(parsed)) return parsed;
      } catch {
        throw new CoerceError('unable to evaluate string as dictionary');
      }
    }
    const out: Record<string, unknown> = {};
    for (const field of t.split(/[,\s]+/).filter(Boolean)) {
      const i = field.indexOf('=');
      if (i < 1) throw new CoerceError('dictionary requested, could not parse JSON or key=value');
      out[field.slice(0, i)] = field.slice(i + 1);
    }
    return out;
  }
  throw new CoerceError(`${pyType(v)} cannot be converted to a dict`);
}

export function mainType(schema: JSONSchema): string | undefined {
  const xt = schema['x-type'];
  if (typeof xt === 'string') return xt;
  const t = schema.type;
  if (Array.isArray(t)) return t.filter((x) => x !== 'null').length === 1 ? t.find((x) => x !== 'null') : undefined;
  return t;
}

/** Converts one value to the schema's type; values of an unknown or mixed type pass as they are. */
export function coerceValue(v: unknown, schema: JSONSchema): unknown {
  if (v === null || v === undefined) return v;
  switch (mainType(schema)) {
    case 'boolean':
      return toBool(v);
    case 'integer':
      return toInt(v);
    case 'number':
      return toFloat(v);
    case 'string':
    case 'path':
      return toStr(v);
    case 'json':
    case 'jsonarg':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'array': {
      const list = toList(v);
      return schema.items ? list.map((x) => coerceValue(x, schema.items!)) : list;
    }
    case 'object': {
      const d = toDict(v);
      return schema.properties ? coerceObject(d, schema) : d;
    }
    default:
      return v instanceof PyFloat ? v.value : v;
  }
}

/** Converts every known property of an args dict; unknown ones are left for the validator. */
export function coerceObject(args: Record<string, unknown>, schema: JSONSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    const prop = schema.properties && Object.hasOwn(schema.properties, k) ? schema.properties[k] : undefined;
    try {
      out[k] = prop ? coerceValue(v, prop) : v;
    } catch (e) {
      if (!(e instanceof CoerceError)) throw e;
      const wanted = prop ? String(mainType(prop) ?? 'raw').replace('boolean', 'bool').replace('integer', 'int').replace('number', 'float').replace('string', 'str').replace('array', 'list').replace('object', 'dict') : 'raw';
      throw new CoerceError(`argument '${k}' is of type ${pyType(v)} and we were unable to convert to ${wanted}: ${e.message}`);
    }
  }
  return out;
}
