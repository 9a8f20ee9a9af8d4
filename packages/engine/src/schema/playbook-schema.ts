/**
 * A JSON Schema for playbooks, for editors: play/block/task keywords from the keyword table and
 * one task shape per action with that action's own argument schema (the same one ajv checks).
 */
import { PLAY_KEYWORDS, HANDLER_KEYWORDS, BLOCK_KEYWORDS, ROLE_KEYWORDS, IMPORT_PLAYBOOK_KEYWORDS, INCLUDE_ACTIONS, type KeywordSpec } from '../load/keywords.js';
import type { JSONSchema } from './json-schema.js';
import type { ActionTable } from '../exec/registry.js';
import { templateTolerant } from './validate-args.js';

/** What editors should accept: templates wherever a value goes, aliases as options. */
function editorArgs(args: JSONSchema): JSONSchema {
  const t = templateTolerant(args);
  const properties = { ...t.properties };
  for (const [name, p] of Object.entries(args.properties ?? {})) for (const a of p['x-aliases'] ?? []) properties[a] = properties[name]!;
  const { required: _r, ...rest } = t;
  return { ...rest, properties };
}

const TEMPLATE: JSONSchema = { type: 'string', pattern: '\\{\\{|\\{%' };

function keywordSchema(spec: KeywordSpec): JSONSchema {
  switch (spec.type) {
    case 'bool':
      return { anyOf: [{ type: 'boolean' }, { type: 'string' }] };
    case 'int':
      return { anyOf: [{ type: 'integer' }, TEMPLATE] };
    case 'float':
    case 'percent':
      return { anyOf: [{ type: 'number' }, { type: 'string' }] };
    case 'string':
      return { type: ['string', 'number', 'boolean'] };
    case 'list':
      return { anyOf: [{ type: 'array' }, { type: 'string' }] };
    case 'listOrString':
      return { anyOf: [{ type: 'array' }, { type: 'string' }, { type: 'number' }] };
    case 'dict':
      return { type: ['object', 'null'] };
    default:
      return {};
  }
}

const props = (table: Record<string, KeywordSpec>) => Object.fromEntries(Object.entries(table).map(([k, s]) => [k, keywordSchema(s)]));

export function playbookSchema(actions: ActionTable): JSONSchema {
  // One shape for tasks and handlers (editors may offer `listen` on a task; validation refuses it).
  const taskProps = props(HANDLER_KEYWORDS);
  const byAction = new Map<string, { names: string[]; args: JSONSchema; description?: string }>();
  for (const name of actions.names()) {
    const r = actions.get(name)!;
    const entry = byAction.get(r.def.name) ?? { names: [], args: editorArgs(r.def.args), ...(r.kind === 'module' ? { description: r.def.doc.short } : {}) };
    entry.names.push(name);
    byAction.set(r.def.name, entry);
  }
  const taskVariants: JSONSchema[] = [];
  for (const [fqcn, e] of byAction) {
    for (const n of e.names) {
      taskVariants.push({
        title: n === fqcn ? fqcn : `${n} (${fqcn})`,
        type: 'object',
        required: [n],
        properties: { ...taskProps, [n]: { anyOf: [e.args, { type: 'string', description: 'free-form key=value options' }, { type: 'null' }], ...(e.description ? { description: e.description } : {}) } },
        patternProperties: { '^with_': {} },
        additionalProperties: false,
      });
    }
  }
  // The include/import actions the loader handles: a file name, or their options.
  const str = { type: 'string' } as JSONSchema;
  const includeArgs: Record<string, JSONSchema> = {
    import_tasks: { type: 'object', properties: { file: str } },
    include_tasks: { type: 'object', properties: { file: str, apply: { type: 'object' } } },
    import_role: { type: 'object', properties: { name: str, role: str, tasks_from: str, vars_from: str, defaults_from: str, handlers_from: str, allow_duplicates: {}, rolespec_validate: {} } },
    include_role: { type: 'object', properties: { name: str, role: str, tasks_from: str, vars_from: str, defaults_from: str, handlers_from: str, allow_duplicates: {}, rolespec_validate: {}, public: {}, apply: { type: 'object' } } },
  };
  for (const key of ['action', 'local_action']) {
    taskVariants.push({ title: key, type: 'object', required: [key], properties: taskProps, patternProperties: { '^with_': {} }, additionalProperties: false });
  }
  for (const [n, a] of Object.entries(INCLUDE_ACTIONS)) {
    taskVariants.push({
      title: n, type: 'object', required: [n],
      properties: { ...taskProps, [n]: { anyOf: [{ ...includeArgs[a]!, additionalProperties: false }, { type: 'string' }] } },
      patternProperties: { '^with_': {} },
      additionalProperties: false,
    });
  }
  const block: JSONSchema = {
    type: 'object', required: ['block'],
    properties: { ...props(BLOCK_KEYWORDS), block: { type: 'array', items: { $ref: '#/$defs/taskOrBlock' } }, rescue: { type: 'array', items: { $ref: '#/$defs/taskOrBlock' } }, always: { type: 'array', items: { $ref: '#/$defs/taskOrBlock' } } },
    additionalProperties: false,
  };
  const list = { type: 'array', items: { $ref: '#/$defs/taskOrBlock' } } as JSONSchema;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'pgplay playbook',
    type: 'array',
    items: {
      anyOf: [
        {
          type: 'object', required: ['hosts'], additionalProperties: false,
          properties: {
            ...props(PLAY_KEYWORDS), pre_tasks: list, tasks: list, post_tasks: list, handlers: list,
            // A role entry: a name, or role:/name: with keywords; any other key is a role parameter.
            roles: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object', properties: props(ROLE_KEYWORDS) }] } },
          },
        },
        ...['import_playbook', 'ansible.builtin.import_playbook'].map((k) => ({
          type: 'object', required: [k], additionalProperties: false,
          properties: { ...props(IMPORT_PLAYBOOK_KEYWORDS), [k]: { type: 'string' } },
        }) as JSONSchema),
      ],
    },
    // One definition per task shape, referenced from taskOrBlock: a validator then checks each shape
    // in a function of its own instead of one function holding every module's schema (whose stack
    // frame, with a few hundred modules, overflowed the stack at the third level of nested blocks).
    $defs: {
      taskOrBlock: { anyOf: [{ $ref: '#/$defs/block' }, ...taskVariants.map((_, i) => ({ $ref: `#/$defs/task${i}` }))] },
      block,
      ...Object.fromEntries(taskVariants.map((t, i) => [`task${i}`, t])),
    },
  };
}
