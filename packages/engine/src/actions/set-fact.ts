import type { EngineAction } from './action.js';
import { toBool } from '../schema/coerce.js';
import { isIdentifier } from './fact-name.js';

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
