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
    properties: { _raw_params: { type: 'string', enum: [...META_OPS], 'x-internal': true } },
  },
  run(args) {
    return { changed: false, _pgplay_meta: args._raw_params as MetaOp };
  },
};
