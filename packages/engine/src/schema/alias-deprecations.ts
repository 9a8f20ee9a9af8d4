/**
 * ArgumentSpecValidator's alias deprecations (ansible-core 2.16 `_handle_aliases` +
 * ModuleArgumentSpecValidator.validate): a task that uses an alias listed in an option's
 * `x-deprecated-aliases` gets one module.deprecate entry per such alias, in the option order of
 * the spec and the list order within an option, before anything the module itself deprecates.
 * They are made during argument validation, so a task that then fails validation carries them too.
 */
import type { JSONSchema } from './json-schema.js';

export interface ArgDeprecation {
  msg: string;
  date?: string;
  version?: string;
  collection_name?: string;
}

export function aliasDeprecations(schema: JSONSchema, raw: Record<string, unknown>): ArgDeprecation[] {
  const out: ArgDeprecation[] = [];
  for (const prop of Object.values(schema.properties ?? {})) {
    for (const d of prop['x-deprecated-aliases'] ?? []) {
      if (!Object.hasOwn(raw, d.name)) continue;
      // AnsibleModule.deprecate keeps `date` when given, else `version` (even None).
      const when = d.date !== undefined ? { date: d.date } : { version: d.version };
      out.push({ msg: `Alias '${d.name}' is deprecated. See the module docs for more information`, ...when, collection_name: d.collection_name });
    }
  }
  return out;
}
