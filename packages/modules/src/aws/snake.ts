/**
 * The collections return boto3 responses through ansible's `camel_dict_to_snake_dict`; the JS SDK
 * answers in the same CamelCase shapes, so the same conversion gives the same keys. Timestamps
 * become what ansible's JSON encoder makes of a datetime (`isoformat()`).
 */
import { isUnknown } from '@pgplay/engine/module-api';

/** ansible.module_utils.common.dict_transformations._camel_to_snake (not reversible). */
export function camelToSnake(name: string): string {
  // Pluralised abbreviations such as TargetGroupARNs: "target_group_arns", not "…_ar_ns".
  let s1 = name.replace(/[A-Z]{3,}s$/, (m) => `_${m.toLowerCase()}`);
  if (s1.startsWith('_') && !name.startsWith('_')) s1 = s1.slice(1);
  const s2 = s1.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return s2.replace(/([a-z0-9])([A-Z]+)/g, '$1_$2').toLowerCase();
}

/** Python's datetime.isoformat() of an aware UTC datetime, as boto3 parses AWS timestamps. */
export function pyIsoformat(d: Date): string {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  const base = iso.slice(0, 19);
  const ms = d.getUTCMilliseconds();
  return `${base}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}

function convertValue(v: unknown): unknown {
  // A check-mode prediction's Unknown (an ID or ARN AWS has not assigned yet) stays itself.
  if (isUnknown(v)) return v;
  if (v instanceof Date) return pyIsoformat(v);
  if (Array.isArray(v)) return v.map((x) => convertValue(x));
  if (v !== null && typeof v === 'object') return camelDictToSnakeDict(v as Record<string, unknown>);
  return v;
}

/** camel_dict_to_snake_dict: keys of dicts (also inside lists) converted; `ignore` keeps a subtree. */
export function camelDictToSnakeDict(d: Record<string, unknown>, ignore: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (v === undefined) continue;
    out[camelToSnake(k)] = ignore.includes(k) ? plainValue(v) : convertValue(v);
  }
  return out;
}

/** A response value with SDK-only types (Date, Uint8Array) turned into JSON values, keys kept. */
export function plainValue(v: unknown): unknown {
  if (isUnknown(v)) return v;
  if (v instanceof Date) return pyIsoformat(v);
  if (Array.isArray(v)) return v.map((x) => plainValue(x));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = plainValue(x);
    return out;
  }
  return v;
}
