import type { EngineAction } from './action.js';
import { TemplateError } from '../template/errors.js';

/** ansible.builtin.debug: msg, or the value of a variable (var), above a verbosity. */
export const debugAction: EngineAction = {
  name: 'ansible.builtin.debug',
  aliases: ['debug'],
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      msg: { description: 'The message to print.', default: 'Hello world!' },
      var: { type: 'string', description: 'A variable name (or expression) to print.' },
      verbosity: { type: 'integer', default: 0, description: 'Print only at this -v level or above.' },
    },
    'x-mutually-exclusive': [['msg', 'var']],
  },
  run(args, ctx) {
    const verbosity = Number(args.verbosity ?? 0);
    if (ctx.verbosity < verbosity) return { skipped: true, skipped_reason: 'Verbosity threshold not met.' };
    if (args.var !== undefined) {
      const name = String(args.var);
      let value: unknown;
      try {
        // Ansible templates "{{" + var + "}}" (convert_bare): the expression's value, not its truth;
        // the text, without spaces, is what a failure quotes.
        value = ctx.template(`{{${name}}}`);
        // A bare name whose value is the same text means "not a variable" in Ansible.
        if (value === name) value = 'VARIABLE IS NOT DEFINED!';
      } catch (e) {
        if (!(e instanceof TemplateError) || e.code !== 'undefined-variable') throw e;
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { [name]: value, _ansible_verbose_always: true };
    }
    return { msg: args.msg === undefined ? 'Hello world!' : args.msg, _ansible_verbose_always: true };
  },
};
