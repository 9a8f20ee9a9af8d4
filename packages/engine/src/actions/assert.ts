import type { EngineAction } from './action.js';
import { isUnknown } from '../values/unknown.js';
import { truthy } from './truthy.js';

/** ansible.builtin.assert: every `that` expression must hold. */
export const assertAction: EngineAction = {
  name: 'ansible.builtin.assert',
  aliases: ['assert'],
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['that'],
    properties: {
      that: { type: ['array', 'string'], items: { type: 'string' }, description: 'Expressions that must all be true.' },
      fail_msg: { 'x-aliases': ['msg'], description: 'Message on failure (string or list).' },
      success_msg: { description: 'Message on success.' },
      quiet: { type: 'boolean', default: false, description: 'Less output.' },
    },
  },
  rawArgs: ['that'],
  run(args, ctx) {
    const thats = Array.isArray(args.that) ? args.that : [args.that];
    for (const that of thats) {
      const cond = String(that);
      const value = ctx.evaluate(cond);
      if (isUnknown(value)) return { changed: false, skipped: true, msg: `Assertion depends on a value known only after apply: ${cond}` };
      if (!truthy(value)) {
        const msg = args.fail_msg ?? 'Assertion failed';
        return { failed: true, evaluated_to: false, assertion: cond, msg };
      }
    }
    const result: Record<string, unknown> = { changed: false, msg: args.success_msg ?? 'All assertions passed' };
    if (args.quiet !== true) result._ansible_verbose_always = true;
    return result;
  },
};
