import { isDict, isFloat } from '../values/py.js';
import { isUnknown } from '../values/unknown.js';

/** Python truthiness of a native value (conditional results, `bool()`). */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (isFloat(v)) return v.value !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  if (isUnknown(v)) return true;
  return true;
}
