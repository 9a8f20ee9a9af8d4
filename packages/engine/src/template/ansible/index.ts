/**
 * Ansible's own filters, tests and lookups (ansible-core 2.16), as one registry layered over
 * Jinja2's builtins: where both define a name (unique, random) Ansible's version wins.
 * Not here: the url lookup (pgplay makes no network requests but to hosts it was given).
 */
import type { FilterFn, LookupFn, TemplateRegistry, TestFn } from '../types.js';
import { Unknown, containsUnknown } from '../../values/unknown.js';
import { dataFilters } from './filters/data.js';
import { encodingFilters } from './filters/encoding.js';
import { itertoolsFilters } from './filters/itertools.js';
import { mathFilters } from './filters/math.js';
import { passwordFilters } from './filters/password.js';
import { pathFilters } from './filters/path.js';
import { randomFilters } from './filters/random.js';
import { regexFilters } from './filters/regex.js';
import { serializeFilters } from './filters/serialize.js';
import { setFilters } from './filters/sets.js';
import { textFilters } from './filters/text.js';
import { timeFilters } from './filters/time.js';
import { urlFilters } from './filters/url.js';
import { vaultFilters } from './filters/vault.js';
import { envLookup } from './lookups/env.js';
import { fileLookup } from './lookups/file.js';
import { fileglobLookup } from './lookups/fileglob.js';
import { firstFoundLookup } from './lookups/first-found.js';
import { iniLookup } from './lookups/ini.js';
import { csvfileLookup } from './lookups/csvfile.js';
import { listLookups } from './lookups/lists.js';
import { passwordLookup } from './lookups/password.js';
import { linesLookup, pipeLookup } from './lookups/pipe.js';
import { sequenceLookup } from './lookups/sequence.js';
import { templateLookup } from './lookups/template.js';
import { varnamesLookup, varsLookup } from './lookups/vars.js';
import { unvaultLookup } from './lookups/unvault.js';
import { inventoryHostnamesLookup } from './lookups/inventory-hostnames.js';
import { configLookup } from './lookups/config.js';
import { fileTests } from './tests/files.js';
import { miscTests } from './tests/misc.js';
import { regexTests } from './tests/regex.js';
import { resultTests } from './tests/result.js';

/** Registered under the short name and the ansible.builtin FQCN, as Ansible resolves both. */
function withFqcn<T>(table: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const [name, fn] of Object.entries(table)) {
    out[name] = fn;
    out[`ansible.builtin.${name}`] = fn;
  }
  return out;
}

const filters: Record<string, FilterFn> = {
  ...serializeFilters, ...regexFilters, ...textFilters, ...encodingFilters, ...dataFilters, ...setFilters,
  ...mathFilters, ...itertoolsFilters, ...pathFilters, ...passwordFilters, ...randomFilters, ...timeFilters, ...urlFilters, ...vaultFilters,
};

const tests: Record<string, TestFn> = { ...resultTests, ...regexTests, ...miscTests, ...fileTests };

const lookups: Record<string, LookupFn> = {
  file: fileLookup, env: envLookup, template: templateLookup, vars: varsLookup, varnames: varnamesLookup,
  pipe: pipeLookup, lines: linesLookup, fileglob: fileglobLookup, first_found: firstFoundLookup,
  sequence: sequenceLookup, password: passwordLookup, ini: iniLookup, csvfile: csvfileLookup, ...listLookups,
  unvault: unvaultLookup, inventory_hostnames: inventoryHostnamesLookup, config: configLookup,
};

/**
 * A value known only after apply (check mode) anywhere in a filter's input or arguments makes the
 * result unknown too: `{{ {'id': vpc.id} | to_json }}` must not print a placeholder as data.
 */
function unknownAware(table: Record<string, FilterFn>): Record<string, FilterFn> {
  const out: Record<string, FilterFn> = {};
  for (const [name, fn] of Object.entries(table)) {
    out[name] = (ctx, value, args, kwargs) =>
      containsUnknown(value) || args.some((a) => containsUnknown(a)) || Object.values(kwargs).some((a) => containsUnknown(a)) ? Unknown : fn(ctx, value, args, kwargs);
  }
  return out;
}

export const ansibleRegistry: TemplateRegistry = { filters: withFqcn(unknownAware(filters)), tests: withFqcn(tests), lookups: withFqcn(lookups) };

// Python semantics other parts of the engine need too (lineinfile/replace regexes, YAML/JSON output).
export { compilePython, type CompiledPattern, type PyFlags } from './regex/translate.js';
export { reSearch, reMatch, reSub, reFindall, reEscape } from './regex/ops.js';
export { dumpYaml, type DumpYamlOptions } from './yaml/emit.js';
export { jsonDumps } from './filters/py-json.js';
export { passwordHash } from './filters/password.js';
export { versionCompare } from './tests/versions.js';
