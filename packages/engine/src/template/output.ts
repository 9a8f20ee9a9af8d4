/** How one `{{ … }}` value becomes text: Ansible's finalize (None → '', undefined raises), Unknown inline. */
import { PyFloat, isDict, pyStr } from '../values/py.js';
import { UNKNOWN_TEXT, isUnknown } from '../values/unknown.js';
import { JUndefined } from './runtime-values.js';
import type { Out } from './runtime.js';

/** Ansible's _fail_on_undefined: an Undefined anywhere inside raises. */
export function failOnUndefined(v: unknown, depth = 0): void {
  if (v instanceof JUndefined && !v.lenient) v.fail();
  if (depth > 100 || v === null || typeof v !== 'object' || v instanceof PyFloat) return;
  if (Array.isArray(v)) for (const x of v) failOnUndefined(x, depth + 1);
  else if (isDict(v)) for (const x of Object.values(v)) failOnUndefined(x, depth + 1);
}

function hasUnknown(v: unknown, depth = 0): boolean {
  if (isUnknown(v)) return true;
  if (depth > 100 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => hasUnknown(x, depth + 1));
  if (isDict(v)) return Object.values(v).some((x) => hasUnknown(x, depth + 1));
  return false;
}

export function writeValue(out: Out, v: unknown, nativeText: boolean): void {
  if (typeof v === 'string') {
    out.write(v);
    out.nativeText = nativeText;
    return;
  }
  failOnUndefined(v);
  out.nativeText = nativeText;
  if (v === null || v === undefined || v instanceof JUndefined) return out.write('');
  if (hasUnknown(v)) {
    out.unknown = true;
    return out.write(isUnknown(v) ? UNKNOWN_TEXT : pyStr(v));
  }
  out.write(pyStr(v));
}
