import type { EngineAction } from './action.js';

export const META_OPS = ['noop', 'flush_handlers', 'refresh_inventory', 'clear_facts', 'clear_host_errors', 'end_play', 'end_host', 'end_batch', 'end_role', 'reset_connection'] as const;
export type MetaOp = (typeof META_OPS)[number];

/** ansible.builtin.meta: the executor acts on the returned `_pgplay_meta`. */
export const metaAction: EngineAction = {
  name: 'ansible.builtin.meta',
  aliases: ['meta'],
  freeForm: true,
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['_raw_params'],
    properties: { _raw_params: { type: 'string', 'x-internal': true } },
  },
  staticCheck(args, ctx) {
    const op = args._raw_params;
    if (typeof op !== 'string' || ctx.isTemplate(op) || (META_OPS as readonly string[]).includes(op)) return [];
    return [{ option: '_raw_params', message: `invalid meta action requested: ${op}` }];
  },
  run(args) {
    if (!(META_OPS as readonly string[]).includes(String(args._raw_params))) return { failed: true, msg: `invalid meta action requested: ${String(args._raw_params)}` };
    return { changed: false, _pgplay_meta: args._raw_params as MetaOp };
  },
};
