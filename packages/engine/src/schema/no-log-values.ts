/**
 * AnsibleModule's no_log values: every argument the module's spec marks no_log (`x-no-log` here,
 * nested options included) gives strings that are taken out of everything the module returns
 * (module_utils.common.parameters._list_no_log_values and remove_values). A returned string equal
 * to one of them becomes VALUE_SPECIFIED_IN_NO_LOG_PARAMETER; one that contains it has it replaced
 * by eight asterisks. So an S3 presigned URL carrying the session token shows `********` where the
 * token was, as ansible prints it, whatever the module itself thought to mask.
 */
import type { JSONSchema } from './json-schema.js';
import { isDict, isFloat, pyStr } from '../values/py.js';

/** _return_datastructure_name: the non-empty strings and the numbers' str() in a value. */
function strings(v: unknown, out: Set<string>): void {
  if (typeof v === 'string') {
    if (v) out.add(v);
  } else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (isDict(v)) for (const x of Object.values(v)) strings(x, out);
  else if (typeof v === 'number' || isFloat(v)) out.add(pyStr(v));
}

/**
 * _list_no_log_values for a module's argument schema and its validated arguments, with set_fallbacks'
 * no_log values: an unset no_log argument with an environment fallback (`x-env-fallback`) takes the
 * first of those variables present in the module's environment (`env` looks one up) (the AWS secret key and session
 * token from AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are masked in ansible's output too).
 */
export function noLogValues(schema: JSONSchema, args: Record<string, unknown>, env: (name: string) => string | undefined = () => undefined, out: Set<string> = new Set()): Set<string> {
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    let value = args[name];
    if ((value === undefined || value === null) && prop['x-no-log'] === true) value = prop['x-env-fallback']?.map(env).find((v) => v !== undefined);
    if (value === undefined || value === null) continue;
    if (prop['x-no-log'] === true) strings(value, out);
    // Sub-options: a dict, or a list of dicts.
    const sub = prop.properties ? prop : prop.items?.properties ? prop.items : undefined;
    if (!sub) continue;
    for (const each of Array.isArray(value) ? value : [value]) if (isDict(each)) noLogValues(sub, each, env, out);
  }
  return out;
}

export const NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';

/** remove_values: a copy of `value` with the no_log strings taken out of every value in it (keys stay). */
export function removeValues<T>(value: T, noLog: ReadonlySet<string>): T {
  if (noLog.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (noLog.has(v)) return NO_LOG_PLACEHOLDER;
      let s = v;
      for (const omit of noLog) s = s.split(omit).join('********');
      return s;
    }
    if (Array.isArray(v)) return Array.from(v, walk);
    if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    // Numbers, booleans and None: replaced whole when their str() holds a no_log value ("True"
    // holds "ru"), as remove_values does; results' own flags are no exception there either.
    if (typeof v === 'number' || typeof v === 'boolean' || v === null || isFloat(v)) {
      const text = pyStr(v);
      for (const omit of noLog) if (text.includes(omit)) return NO_LOG_PLACEHOLDER;
    }
    return v;
  };
  return walk(value) as T;
}
