import type { EngineAction } from './action.js';

/** ansible.builtin.fail */
export const failAction: EngineAction = {
  name: 'ansible.builtin.fail',
  aliases: ['fail'],
  args: {
    type: 'object',
    additionalProperties: false,
    properties: { msg: { description: 'The failure message.', default: 'Failed as requested from task' } },
  },
  run(args) {
    return { failed: true, msg: args.msg === undefined ? 'Failed as requested from task' : args.msg };
  },
};
