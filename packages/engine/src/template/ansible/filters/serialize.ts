/** to_json / to_nice_json / from_json / to_yaml / to_nice_yaml / from_yaml / from_yaml_all. */
import type { FilterFn } from '../../types.js';
import { isInt, pyTypeName } from '../../../values/py.js';
import { dumpYaml } from '../yaml/emit.js';
import { loadYaml, loadYamlAll } from '../yaml/load.js';
import { filterError, pyTruthy, typeError } from '../util.js';
import { jsonDumps, jsonLoads, type DumpOptions } from './py-json.js';

const JSON_KWARGS = ['indent', 'sort_keys', 'separators', 'ensure_ascii', 'skipkeys', 'allow_nan', 'check_circular', 'vault_to_text', 'preprocess_unsafe'];

function dumpOptions(kwargs: Record<string, unknown>): Partial<DumpOptions> {
  for (const k of Object.keys(kwargs)) {
    if (!JSON_KWARGS.includes(k)) throw typeError(`AnsibleJSONEncoder.__init__() got an unexpected keyword argument '${k}'`);
  }
  const opts: Partial<DumpOptions> = {};
  if (kwargs.indent !== undefined && kwargs.indent !== null) {
    if (!isInt(kwargs.indent) && typeof kwargs.indent !== 'string') throw typeError(`indent must be an int or str, not ${pyTypeName(kwargs.indent)}`);
    opts.indent = kwargs.indent as number | string;
  }
  if (kwargs.sort_keys !== undefined) opts.sortKeys = pyTruthy(kwargs.sort_keys);
  if (kwargs.ensure_ascii !== undefined) opts.ensureAscii = pyTruthy(kwargs.ensure_ascii);
  const sep = kwargs.separators;
  if (Array.isArray(sep) && sep.length === 2 && sep.every((s) => typeof s === 'string')) opts.separators = [sep[0] as string, sep[1] as string];
  return opts;
}

const toJson: FilterFn = (_ctx, value, args, kwargs) => {
  if (args.length > 0) throw typeError(`dumps() takes 1 positional argument but ${args.length + 1} were given`);
  return jsonDumps(value, dumpOptions(kwargs));
};

const toNiceJson: FilterFn = (_ctx, value, args, kwargs) => {
  const indent = kwargs.indent ?? args[0] ?? 4;
  const sortKeys = kwargs.sort_keys ?? args[1] ?? true;
  const rest = { ...kwargs };
  delete rest.indent;
  delete rest.sort_keys;
  return jsonDumps(value, { ...dumpOptions(rest), indent: indent as number, sortKeys: pyTruthy(sortKeys), separators: [',', ': '] });
};

const fromJson: FilterFn = (_ctx, value) => {
  if (typeof value !== 'string') throw typeError(`the JSON object must be str, bytes or bytearray, not ${pyTypeName(value)}`);
  return jsonLoads(value);
};

const YAML_KWARGS = ['indent', 'width', 'default_flow_style', 'sort_keys', 'explicit_start', 'explicit_end', 'allow_unicode'];

function yamlDump(name: string, value: unknown, kwargs: Record<string, unknown>, dflt: { flow: boolean | null; indent: number }, fixed: string[]): string {
  // Ansible passes these itself and forwards **kw too: Python refuses the duplicate.
  for (const k of fixed) if (Object.hasOwn(kwargs, k)) throw filterError(`${name} - yaml.dump() got multiple values for keyword argument '${k}'`);
  for (const k of Object.keys(kwargs)) {
    if (!YAML_KWARGS.includes(k)) throw filterError(`${name} - dump_all() got an unexpected keyword argument '${k}'`);
  }
  const flow = kwargs.default_flow_style === undefined ? dflt.flow : kwargs.default_flow_style === null ? null : pyTruthy(kwargs.default_flow_style);
  const indent = isInt(kwargs.indent) ? kwargs.indent : dflt.indent;
  const width = isInt(kwargs.width) ? kwargs.width : undefined;
  try {
    const sortKeys = kwargs.sort_keys === undefined ? true : pyTruthy(kwargs.sort_keys);
    return dumpYaml(value, { flowStyle: flow, indent, width, sortKeys, explicitStart: pyTruthy(kwargs.explicit_start), explicitEnd: pyTruthy(kwargs.explicit_end) });
  } catch (e) {
    throw filterError(`${name} - ${(e as Error).message}`);
  }
}

const toYaml: FilterFn = (_ctx, value, _args, kwargs) => yamlDump('to_yaml', value, kwargs, { flow: null, indent: 2 }, ['allow_unicode']);

const toNiceYaml: FilterFn = (_ctx, value, args, kwargs) => {
  const kw = { ...kwargs };
  if (kw.indent === undefined) kw.indent = args[0] ?? 4;
  yamlDump('to_nice_yaml', null, kw, { flow: false, indent: 4 }, ['allow_unicode', 'default_flow_style']);
  return yamlDump('to_nice_yaml', value, { ...kw, default_flow_style: false }, { flow: false, indent: 4 }, []);
};

const fromYaml: FilterFn = (_ctx, value) => (typeof value === 'string' ? loadYaml(value) : value);
const fromYamlAll: FilterFn = (_ctx, value) => (typeof value === 'string' ? loadYamlAll(value) : value);

export const serializeFilters: Record<string, FilterFn> = {
  to_json: toJson,
  to_nice_json: toNiceJson,
  from_json: fromJson,
  to_yaml: toYaml,
  to_nice_yaml: toNiceYaml,
  from_yaml: fromYaml,
  from_yaml_all: fromYamlAll,
};
