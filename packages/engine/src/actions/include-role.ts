import type { EngineAction } from './action.js';

/**
 * ansible.builtin.include_role: the action only hands its options back (TaskExecutor's early
 * return for include_role, `include_args`); the strategy loads the role and splices its blocks
 * into the hosts that included it, its handlers into the play's.
 */
export const includeRoleAction: EngineAction = {
  name: 'ansible.builtin.include_role',
  aliases: ['include_role'],
  // include_args are the options as written (the strategy templates the role name).
  rawArgs: ['name', 'role', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'apply', 'public', 'allow_duplicates', 'rolespec_validate'],
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', description: 'The role to include.' },
      role: { type: 'string', description: 'Alias of name.' },
      tasks_from: { type: 'string' },
      vars_from: { type: 'string' },
      defaults_from: { type: 'string' },
      handlers_from: { type: 'string' },
      apply: { type: 'object', description: 'Task keywords applied to every task of the role.' },
      public: { type: 'boolean' },
      allow_duplicates: { type: 'boolean' },
      rolespec_validate: { type: 'boolean' },
    },
  },
  run(args) {
    return { include_args: { ...args } };
  },
};
