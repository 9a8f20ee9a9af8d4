import type { EngineAction } from './action.js';

/**
 * ansible.builtin.include_tasks: the action only names the file (TaskExecutor's early return
 * for includes); the strategy loads it and splices its tasks into the hosts that included it.
 * `apply` holds keywords for the included tasks and is not templated here.
 */
export const includeTasksAction: EngineAction = {
  name: 'ansible.builtin.include_tasks',
  aliases: ['include_tasks'],
  freeForm: true,
  rawArgs: ['apply'],
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _raw_params: { type: 'string', 'x-internal': true },
      file: { type: 'string', description: 'The task file to include, relative to the playbook (or the including file).' },
      apply: { type: 'object', description: 'Task keywords applied to every included task.' },
    },
  },
  staticCheck(args) {
    if (args.file !== undefined && args._raw_params !== undefined) return [{ message: 'Invalid options for include_tasks: file and a free-form file name cannot be given together' }];
    if (args.file === undefined && (args._raw_params === undefined || args._raw_params === '')) return [{ message: 'No file specified for include_tasks' }];
    return [];
  },
  run(args) {
    const file = args.file ?? args._raw_params;
    if (typeof file !== 'string' || file === '') return { failed: true, msg: 'No include file was specified to the include' };
    return { include: file, include_args: args.apply !== undefined ? { apply: args.apply } : {} };
  },
};
