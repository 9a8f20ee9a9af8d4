/**
 * The shape of a role's argument_specs (meta/argument_specs.yml or meta/main.yml's
 * `argument_specs`), checked with ajv before any host is touched. ansible-core 2.16 reads only
 * the keys its ArgumentSpecValidator knows and ignores the rest, so a typo (`requird: true`) or
 * an unknown `type:` would silently not validate, or fail only when the role runs; pgplay
 * reports them with file:line:col instead.
 */
import { Ajv, type ErrorObject } from '../vendor.js';
import type { JSONSchema } from '../schema/json-schema.js';
import { positionOf, valuePositionOf, type Pos } from '../load/yaml-source.js';
import { isDict } from '../values/py.js';

export const ARG_TYPES = ['str', 'list', 'dict', 'bool', 'int', 'float', 'path', 'raw', 'jsonarg', 'json', 'bytes', 'bits'];

const names: JSONSchema = { type: 'array', items: { type: 'string' } };
const nameLists: JSONSchema = { type: 'array', items: { oneOf: [names, { type: 'string' }] } };
const text: JSONSchema = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

/** One option of a spec, with its nested `options` (the recursion is through $defs). */
const OPTION: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { enum: ARG_TYPES },
    elements: { enum: ARG_TYPES },
    required: { type: 'boolean' },
    default: {},
    choices: { type: 'array' },
    aliases: names,
    options: { $ref: '#/$defs/options' },
    apply_defaults: { type: 'boolean' },
    no_log: { type: 'boolean' },
    description: text,
    version_added: { type: ['string', 'number'] },
    mutually_exclusive: nameLists,
    required_together: nameLists,
    required_one_of: nameLists,
    required_if: { type: 'array', items: { type: 'array', minItems: 3, maxItems: 4 } },
    required_by: { type: 'object', additionalProperties: { oneOf: [names, { type: 'string' }] } },
    deprecated_aliases: { type: 'array', items: { type: 'object' } },
    removed_in_version: { type: ['string', 'number'] },
    removed_at_date: { type: 'string' },
    removed_from_collection: { type: 'string' },
  },
};

const OPTIONS: JSONSchema = { type: 'object', additionalProperties: { $ref: '#/$defs/option' } };

/** What validate_argument_spec's `argument_spec` argument must be: option name → option. */
export const argSpecSchema: JSONSchema = { type: 'object' };

/** The `argument_specs` mapping: entry point name → entry point. */
const ENTRY_POINTS: JSONSchema = {
  $defs: { option: OPTION, options: OPTIONS },
  type: 'object',
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      short_description: { type: 'string' },
      description: text,
      author: text,
      version_added: { type: ['string', 'number'] },
      options: { $ref: '#/$defs/options' },
      notes: text,
      requirements: text,
      seealso: { type: 'array' },
      attributes: { type: 'object' },
      examples: { type: 'string' },
    },
  },
};

const OPTIONS_ROOT: JSONSchema = { $defs: { option: OPTION, options: OPTIONS }, $ref: '#/$defs/options' };

const ajv = new Ajv({ allErrors: true, strict: false });
const checkEntryPoints = ajv.compile(ENTRY_POINTS as object);
const checkOptions = ajv.compile(OPTIONS_ROOT as object);

export interface SpecProblem {
  pos: Pos;
  message: string;
  expected: string;
}

/** The node an ajv instancePath points at, with its parent and key (for positions). */
function walk(root: unknown, path: string): { parent: unknown; key: string | number | undefined; node: unknown } {
  let parent: unknown;
  let key: string | number | undefined;
  let node = root;
  for (const raw of path.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    parent = node;
    key = Array.isArray(node) ? Number(k) : k;
    node = Array.isArray(node) ? node[Number(k)] : isDict(node) ? node[k] : undefined;
  }
  return { parent, key, node };
}

function describe(e: ErrorObject): { message: string; expected: string } {
  const where = e.instancePath === '' ? 'the spec' : `'${e.instancePath.slice(1).replace(/\//g, '.')}'`;
  switch (e.keyword) {
    case 'additionalProperties':
      return { message: `'${String(e.params.additionalProperty)}' is not a valid key in ${where}`, expected: 'the keys of an argument spec (type, required, default, choices, elements, options, aliases, no_log, description, apply_defaults, mutually_exclusive, required_together, required_one_of, required_if, required_by)' };
    case 'enum':
      return { message: `${where} must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`, expected: 'an argument type ansible knows' };
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}`, expected: 'a valid argument spec' };
  }
}

function problems(root: unknown, errors: ErrorObject[] | null | undefined, fallback: Pos): SpecProblem[] {
  const out = new Map<string, SpecProblem>();
  for (const e of errors ?? []) {
    // oneOf/anyOf failures repeat what their branches said.
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const { parent, key, node } = walk(root, e.instancePath);
    let pos: Pos | undefined;
    if (e.keyword === 'additionalProperties') pos = positionOf(node, String(e.params.additionalProperty));
    else if (parent !== undefined && key !== undefined) pos = valuePositionOf(parent, key);
    const { message, expected } = describe(e);
    out.set(message, { pos: pos ?? positionOf(node) ?? fallback, message, expected });
  }
  return [...out.values()];
}

/** Problems in an `argument_specs` mapping (entry point → spec). */
export function checkEntryPointSpecs(specs: unknown, fallback: Pos): SpecProblem[] {
  return checkEntryPoints(specs) ? [] : problems(specs, checkEntryPoints.errors, fallback);
}

/** Problems in one spec (option name → option), as validate_argument_spec's `argument_spec`. */
export function checkOptionSpecs(spec: unknown, fallback: Pos): SpecProblem[] {
  return checkOptions(spec) ? [] : problems(spec, checkOptions.errors, fallback);
}
