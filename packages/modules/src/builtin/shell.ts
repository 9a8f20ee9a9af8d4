import { defineModule } from '@pgplay/engine/module-api';
import { commonProperties, commandReturns, planCommand, applyCommand, type CommandArgs, type CommandActions } from './util/run-command.js';

/** ansible.builtin.shell: runs a command through /bin/sh (or `executable`). */
export default defineModule<CommandArgs, CommandActions>({
  name: 'ansible.builtin.shell',
  aliases: ['shell'],
  doc: { short: 'Execute shell commands on targets', description: 'The text runs under `/bin/sh -c` (dash on Debian/Ubuntu) unless `executable` names another shell.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...commonProperties,
      cmd: { type: 'string', description: 'The command to run.' },
      executable: { type: 'string', description: 'The shell to run the command with (absolute path).' },
    },
  },
  returns: commandReturns,
  capabilities: { check: 'partial', diff: 'none', freeForm: true },
  staticCheck: (args) => (args._raw_params === undefined && args.cmd === undefined ? [{ message: 'no command given' }] : []),
  plan: (args, ctx) => planCommand(args, ctx, true),
  apply: applyCommand,
});
