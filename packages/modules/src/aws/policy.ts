/**
 * Policy documents compared as documents (module_utils/policy.py compare_policies): key order,
 * list order, a one-item list versus its item, `"*"` versus `{"AWS": "*"}` as a principal,
 * an account's root ARN versus its number, true versus "true", and a missing Version (taken as
 * 2008-10-17) do not count as differences.
 */
import { pyJsonLoads } from '@pgplay/engine/module-api';

type Canon = string | Canon[];

/** _canonify_root_arn */
function rootArn(s: string): string {
  return s.startsWith('arn:aws:iam::') && s.endsWith(':root') ? s.split(':')[4]! : s;
}

const byText = (a: Canon, b: Canon): number => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * _hashable_policy, with tuples as arrays: scalars become one-item tuples, lists and dicts sorted
 * lists of their hashed items, and a list of exactly one tuple collapses to that tuple.
 */
function hashable(v: unknown): Canon[] {
  if (typeof v === 'boolean') return [String(v)];
  if (typeof v === 'number') return [String(v)];
  if (typeof v === 'string') return [rootArn(v)];
  let list: Canon[] = [];
  if (Array.isArray(v)) list = v.map((x) => hashable(x));
  else if (v && typeof v === 'object') {
    for (const key of Object.keys(v).sort()) {
      let item = (v as Record<string, unknown>)[key];
      if ((key === 'Principal' || key === 'NotPrincipal') && item === '*') item = { AWS: '*' };
      list.push([key, hashable(item)]);
    }
  }
  if (list.length === 1 && Array.isArray(list[0])) return list[0];
  return list.sort(byText);
}

/** True when the two policies differ (compare_policies). */
export function policiesDiffer(current: unknown, desired: unknown, defaultVersion = '2008-10-17'): boolean {
  const withVersion = (p: unknown) => (p && typeof p === 'object' && !Array.isArray(p) ? { Version: defaultVersion, ...p } : p);
  const asSet = (p: unknown) => new Set(hashable(withVersion(p)).map((x) => JSON.stringify(x)));
  const a = asSet(current);
  const b = asSet(desired);
  return a.size !== b.size || [...a].some((x) => !b.has(x));
}

/** A policy option given as JSON text or as a dict, as a dict (or whatever the JSON holds). */
export function policyValue(p: unknown, what: string): unknown {
  if (typeof p !== 'string') return p;
  try {
    return JSON.parse(p) as unknown;
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Python's json.loads error text for `text` ("Expecting value: line 1 column 1 (char 0)"). */
export function pyJsonError(text: string, e: unknown): string {
  try {
    pyJsonLoads(text);
  } catch (py) {
    return (py as Error).message;
  }
  return (e as Error).message;
}

/** json.loads: JSON text parsed, failing with Python's message. */
export function parseJsonAsPython(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(pyJsonError(text, e));
  }
}
