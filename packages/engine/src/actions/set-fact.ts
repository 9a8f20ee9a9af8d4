import type { EngineAction } from './action.js';
import { toBool } from '../schema/coerce.js';
import { isIdentifier } from './fact-name.js';
import type { StaticProblem } from '../module-api.js';

/** ansible.builtin.set_fact: host variables at set_fact precedence (and the fact cache when cacheable). */
export const setFactAction: EngineAction = {
  name: 'ansible.builtin.set_fact',
  aliases: ['set_fact'],
  freeForm: true,
  openArgs: true,
  args: {
    type: 'object',
    properties: { cacheable: { type: 'boolean', default: false, description: 'Also store in the fact cache.' } },
  },
  staticCheck(args, ctx) {
    const names = Object.keys(args).filter((k) => k !== 'cacheable');
    if (names.length === 0) return [{ message: 'No key/value pairs provided, at least one is required for this action to succeed' }];
    const out: StaticProblem[] = names.filter((k) => !ctx.isTemplate(k) && !isIdentifier(k)).map((k) => ({ option: k, at: 'key' as const, message: `The variable name '${k}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.` }));
    if (args.cacheable !== undefined && !ctx.isTemplate(args.cacheable)) {
      try {
        toBool(args.cacheable);
      } catch (e) {
        out.push({ option: 'cacheable', message: `argument 'cacheable' is of type <class '${typeof args.cacheable === 'string' ? 'str' : typeof args.cacheable}'> and we were unable to convert to bool: ${(e as Error).message}` });
      }
    }
    return out;
  },
  run(args) {
    const facts: Record<string, unknown> = {};
    let cacheable = false;
    for (const [k, v] of Object.entries(args)) {
      if (k === 'cacheable') {
        cacheable = toBool(v);
        continue;
      }
      if (!isIdentifier(k)) return { failed: true, msg: `The variable name '${k}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.` };
      // Ansible's quirk (non-native mode): these strings become booleans, k=v or not.
      facts[k] = typeof v === 'string' && ['true', 'false', 'yes', 'no'].includes(v.toLowerCase()) ? toBool(v) : v;
    }
    if (Object.keys(facts).length === 0) return { failed: true, msg: 'No key/value pairs provided, at least one is required for this action to succeed' };
    return { ansible_facts: facts, _ansible_facts_cacheable: cacheable };
  },
};
