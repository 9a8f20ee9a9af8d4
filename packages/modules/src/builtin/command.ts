import { defineModule } from '@pgplay/engine/module-api';
import { commonProperties, commandReturns, planCommand, applyCommand, type CommandArgs, type CommandActions } from './util/run-command.js';

/** ansible.builtin.command: runs a program without a shell. */
export default defineModule<CommandArgs, CommandActions>({
  name: 'ansible.builtin.command',
  aliases: ['command'],
  doc: { short: 'Execute commands on targets', description: 'Runs argv directly (no shell): no pipes, redirects or variable expansion beyond $VAR and ~.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...commonProperties,
      cmd: { type: 'string', description: 'The command to run.' },
      argv: { type: 'array', items: { type: 'string' }, description: 'The command as a list of arguments.' },
      expand_argument_vars: { type: 'boolean', default: true, description: 'Expand $VAR and ~ in the arguments.' },
      executable: { type: 'string', description: 'Ignored by the command module (as in Ansible, which warns).' },
    },
  },
  returns: commandReturns,
  capabilities: { check: 'partial', diff: 'none', freeForm: true },
  staticCheck: (args) => (args._raw_params === undefined && args.cmd === undefined && args.argv === undefined ? [{ message: 'no command given' }] : []),
  async plan(args, ctx) {
    if (args.executable) ctx.log.warn(`As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${args.executable}'.`);
    return planCommand({ ...args, executable: undefined }, ctx, false);
  },
  apply: applyCommand,
});
