import type { EngineAction } from './action.js';
import { isDict } from '../values/py.js';
import { validateArgumentSpec, YamlOrigins, type ArgSpec } from '../argspec/validator.js';
import { argSpecSchema, checkOptionSpecs } from '../argspec/spec-schema.js';

/** Whether a raw value is template-free, so ansible would hand it on as the YAML object it read. */
function untemplated(v: unknown): boolean {
  if (typeof v === 'string') return !/\{\{|\{%|\{#/.test(v);
  if (Array.isArray(v)) return v.every(untemplated);
  if (isDict(v)) return Object.values(v).every(untemplated);
  return true;
}

/**
 * Layers whose strings ansible holds as plain `str`, not as the AnsibleUnicode its YAML loader
 * makes: `-e key=value` pairs and INI inventory variables (pgplay's inventory layers do not say
 * whether they came from an INI or a YAML source; INI is taken).
 */
function plainStrLayer(layer: string | undefined): boolean {
  return layer === 'extra vars' || layer === 'registered' || (layer?.startsWith('inventory ') ?? false);
}

/** Values of the validated dict are the validator's to change; the variables they came from are not. */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  return v;
}

/**
 * ansible.builtin.validate_argument_spec (plugins/action/validate_argument_spec.py): options not
 * given in `provided_arguments` are taken from the task's variables, and the lot is checked with
 * ansible's ArgumentSpecValidator. The validated values are not handed back to anything: ansible
 * 2.16 neither sets defaults nor converts the role's variables.
 */
export const validateArgumentSpecAction: EngineAction = {
  name: 'ansible.builtin.validate_argument_spec',
  aliases: ['validate_argument_spec'],
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['argument_spec'],
    properties: {
      argument_spec: { ...argSpecSchema, description: 'A dictionary like AnsibleModule argument_spec.' },
      provided_arguments: { description: 'The arguments to validate against argument_spec.' },
      validate_args_context: { type: 'object', description: 'What is validated (shown in the result).' },
    },
  },
  rawArgs: ['provided_arguments'],
  staticCheck(args, sc) {
    const spec = args.argument_spec;
    if (!isDict(spec) || sc.isTemplate(spec)) return [];
    return checkOptionSpecs(spec, { file: '', line: 0, column: 0 }).map((p) => ({ message: `argument_spec: ${p.message}`, option: 'argument_spec', at: 'value' as const }));
  },
  run(args, ctx) {
    const result: Record<string, unknown> = { validate_args_context: args.validate_args_context ?? {} };
    const spec = args.argument_spec;
    if (!isDict(spec)) return { ...result, failed: true, msg: `Incorrect type for argument_spec, expected dict and got <class '${typeof spec}'>` };
    const rawProvided = args.provided_arguments ?? {};
    const provided = ctx.template(rawProvided);
    if (!isDict(provided)) return { ...result, failed: true, msg: `Incorrect type for provided_arguments, expected dict and got <class '${typeof provided}'>` };
    const origins = new YamlOrigins();
    const params: Record<string, unknown> = {};
    const scope = ctx.vars as { raw?: (name: string) => unknown; layerName?: (name: string) => string | undefined };
    for (const name of Object.keys(spec)) {
      if (!ctx.vars.has(name)) continue;
      params[name] = copy(ctx.vars.get(name));
      if (scope.raw && untemplated(scope.raw(name)) && !plainStrLayer(scope.layerName?.(name))) origins.markKey(params, name);
    }
    for (const [k, v] of Object.entries(provided)) {
      params[k] = copy(v);
      if (isDict(rawProvided) && untemplated(rawProvided[k])) origins.markKey(params, k);
    }
    const { errors } = validateArgumentSpec(spec as ArgSpec, params, origins);
    if (errors.length) {
      return { ...result, failed: true, msg: `Validation of arguments failed:\n${errors.join('\n')}`, argument_spec_data: spec, argument_errors: errors };
    }
    return { ...result, changed: false, msg: 'The arg spec validation passed' };
  },
};
