/**
 * The playbook keywords of ansible-core 2.16 (playbook/{base,play,block,task,handler}.py and
 * their mixins), with the type each accepts. The loader rejects anything else; the executor
 * reads inheritance from here.
 */
export type KeywordType = 'string' | 'bool' | 'int' | 'float' | 'list' | 'dict' | 'listOrString' | 'any' | 'percent';

export interface KeywordSpec {
  type: KeywordType;
  /** Inherited from play → block → task (Ansible's FieldAttribute, not NonInheritable). */
  inherit?: boolean;
  /** Lists that parents extend (when, tags, environment, module_defaults). */
  extend?: boolean;
}

/** Base + Become + CollectionSearch + Taggable: valid on plays, blocks and tasks. */
const BASE: Record<string, KeywordSpec> = {
  name: { type: 'string' },
  connection: { type: 'string', inherit: true },
  port: { type: 'int', inherit: true },
  remote_user: { type: 'string', inherit: true },
  vars: { type: 'dict' },
  module_defaults: { type: 'any', inherit: true, extend: true },
  environment: { type: 'any', inherit: true, extend: true },
  no_log: { type: 'bool', inherit: true },
  run_once: { type: 'bool', inherit: true },
  ignore_errors: { type: 'bool', inherit: true },
  ignore_unreachable: { type: 'bool', inherit: true },
  check_mode: { type: 'bool', inherit: true },
  diff: { type: 'bool', inherit: true },
  any_errors_fatal: { type: 'bool', inherit: true },
  throttle: { type: 'int', inherit: true },
  timeout: { type: 'int', inherit: true },
  debugger: { type: 'string', inherit: true },
  become: { type: 'bool', inherit: true },
  become_method: { type: 'string', inherit: true },
  become_user: { type: 'string', inherit: true },
  become_flags: { type: 'string', inherit: true },
  become_exe: { type: 'string', inherit: true },
  collections: { type: 'list' },
  tags: { type: 'listOrString', inherit: true, extend: true },
};

const CONDITIONAL: Record<string, KeywordSpec> = { when: { type: 'any', inherit: true, extend: true } };
const NOTIFY_DELEGATE: Record<string, KeywordSpec> = {
  notify: { type: 'listOrString', inherit: true },
  delegate_to: { type: 'string', inherit: true },
  delegate_facts: { type: 'bool', inherit: true },
};

export const PLAY_KEYWORDS: Record<string, KeywordSpec> = {
  ...BASE,
  hosts: { type: 'listOrString' },
  gather_facts: { type: 'bool' },
  gather_subset: { type: 'listOrString' },
  gather_timeout: { type: 'int' },
  fact_path: { type: 'string' },
  vars_files: { type: 'listOrString' },
  vars_prompt: { type: 'list' },
  roles: { type: 'list' },
  pre_tasks: { type: 'list' },
  tasks: { type: 'list' },
  post_tasks: { type: 'list' },
  handlers: { type: 'list' },
  serial: { type: 'any' },
  strategy: { type: 'string' },
  order: { type: 'string' },
  max_fail_percentage: { type: 'percent' },
  force_handlers: { type: 'bool' },
};

export const BLOCK_KEYWORDS: Record<string, KeywordSpec> = {
  ...BASE,
  ...CONDITIONAL,
  ...NOTIFY_DELEGATE,
  block: { type: 'list' },
  rescue: { type: 'list' },
  always: { type: 'list' },
};

export const TASK_KEYWORDS: Record<string, KeywordSpec> = {
  ...BASE,
  ...CONDITIONAL,
  ...NOTIFY_DELEGATE,
  action: { type: 'any' },
  local_action: { type: 'any' },
  args: { type: 'any' },
  async: { type: 'int' },
  poll: { type: 'int' },
  changed_when: { type: 'any' },
  failed_when: { type: 'any' },
  until: { type: 'any' },
  delay: { type: 'int' },
  retries: { type: 'int' },
  loop: { type: 'any' },
  loop_control: { type: 'dict' },
  register: { type: 'string' },
};

export const HANDLER_KEYWORDS: Record<string, KeywordSpec> = { ...TASK_KEYWORDS, listen: { type: 'listOrString' } };

export const LOOP_CONTROL_KEYS = new Set(['loop_var', 'index_var', 'label', 'pause', 'extended', 'extended_allitems', 'break_when']);

/** Keywords whose values are Jinja expressions without braces. */
export const CONDITIONAL_KEYWORDS = new Set(['when', 'changed_when', 'failed_when', 'until']);

/** RoleInclude (a `roles:` entry, a meta dependency): Base + Conditional + Taggable + Delegatable + role. Other keys are role parameters. */
export const ROLE_KEYWORDS: Record<string, KeywordSpec> = {
  ...BASE,
  ...CONDITIONAL,
  delegate_to: { type: 'string', inherit: true },
  delegate_facts: { type: 'bool', inherit: true },
  role: { type: 'string' },
};

/** TaskInclude.VALID_INCLUDE_KEYWORDS: the only keywords import_/include_tasks and _role accept. */
export const INCLUDE_KEYWORDS = new Set(['action', 'args', 'collections', 'debugger', 'ignore_errors', 'loop', 'loop_control', 'loop_with', 'name', 'no_log', 'register', 'run_once', 'tags', 'timeout', 'vars', 'when']);

/** PlaybookInclude: Base + Conditional + Taggable + import_playbook. */
export const IMPORT_PLAYBOOK_KEYWORDS: Record<string, KeywordSpec> = { ...BASE, ...CONDITIONAL, import_playbook: { type: 'string' } };

/** The include/import actions the loader itself handles (short, legacy and builtin names). */
export const INCLUDE_ACTIONS: Record<string, 'import_tasks' | 'include_tasks' | 'import_role' | 'include_role'> = {};
for (const a of ['import_tasks', 'include_tasks', 'import_role', 'include_role'] as const) {
  for (const n of [a, `ansible.builtin.${a}`, `ansible.legacy.${a}`]) INCLUDE_ACTIONS[n] = a;
}
