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
      that: { description: 'Expressions that must all be true (a list or one expression).' },
      fail_msg: { 'x-aliases': ['msg'], description: 'Message on failure (string or list).' },
      success_msg: { description: 'Message on success.' },
      quiet: { type: 'boolean', default: false, description: 'Less output.' },
    },
  },
  rawArgs: ['that'],
  run(args, ctx) {
    const thats = Array.isArray(args.that) ? args.that : [args.that];
    const verbose = args.quiet === true ? {} : { _ansible_verbose_always: true };
    for (const that of thats) {
      const value = typeof that === 'string' ? ctx.evaluate(that) : that;
      if (isUnknown(value)) return { changed: false, skipped: true, msg: `Assertion depends on a value known only after apply: ${String(that)}` };
      if (!truthy(value)) {
        const msg = args.fail_msg ?? 'Assertion failed';
        return { ...verbose, failed: true, evaluated_to: false, assertion: that, msg };
      }
    }
    return { ...verbose, changed: false, msg: args.success_msg ?? 'All assertions passed' };
  },
};
