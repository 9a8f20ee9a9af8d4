/** ansible.builtin.cron's arguments (ansible-core 2.16). */
import type { JSONSchema } from '@pgplay/engine/module-api';

export interface CronArgs {
  name: string;
  user?: string;
  job?: string;
  cron_file?: string;
  state: 'present' | 'absent';
  backup: boolean;
  minute: string;
  hour: string;
  day: string;
  month: string;
  weekday: string;
  special_time?: string;
  disabled: boolean;
  env: boolean;
  insertafter?: string;
  insertbefore?: string;
}

const field = (what: string, aliases?: string[]): JSONSchema => ({ type: 'string', default: '*', description: `${what} when the job should run (e.g. 0-59, */2).`, ...(aliases ? { 'x-aliases': aliases } : {}) });

export const cronSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', description: 'Description of a crontab entry or, with env, the name of the variable; the "#Ansible: <name>" header identifies the job.' },
    user: { type: 'string', description: 'The user whose crontab is changed (default: the user running the task).' },
    job: { type: 'string', 'x-aliases': ['value'], description: 'The command to run, or the value of the variable with env.' },
    cron_file: { type: 'string', 'x-type': 'path', description: 'A file in /etc/cron.d (or an absolute path) instead of a user crontab; needs user.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the job or variable should exist.' },
    backup: { type: 'boolean', default: false, description: 'Save the crontab to a temporary file before changing it (backup_file).' },
    minute: field('Minute'),
    hour: field('Hour'),
    day: field('Day of the month', ['dom']),
    month: field('Month'),
    weekday: field('Day of the week', ['dow']),
    special_time: { type: 'string', enum: ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'hourly'], description: 'A special time specification nickname.' },
    disabled: { type: 'boolean', default: false, description: 'Write the job commented out.' },
    env: { type: 'boolean', default: false, description: 'Manage an environment variable (name="job") instead of a job.' },
    insertafter: { type: 'string', description: 'With env and state=present, insert the variable after this one.' },
    insertbefore: { type: 'string', description: 'With env and state=present, insert the variable before this one.' },
  },
  'x-mutually-exclusive': [['insertafter', 'insertbefore']],
};
