/**
 * The loaded playbook: plain objects with source positions, values still raw (templating is
 * lazy and happens per host when a task runs). Blocks and tasks point at their parent so the
 * executor can resolve inherited keywords.
 */
import type { Pos } from './yaml-source.js';
import type { LoadEnv } from './load-env.js';

export interface Playbook {
  file: string;
  dir: string;
  plays: Play[];
}

export interface Play {
  kind: 'play';
  /** The name as written (may be a template); '' when absent. */
  name: string;
  hosts: unknown;
  pos: Pos;
  /** All play keywords as written, except the task lists. */
  keywords: Record<string, unknown>;
  preTasks: Block;
  tasks: Block;
  postTasks: Block;
  handlers: Block;
  file: string;
  /** Position of the play in its playbook file (0-based). */
  index: number;
  /**
   * ansible's play.roles: the `roles:` entries, then roles brought in by import_role, in load
   * order. Their defaults and vars are visible to every task of the play when `public`.
   */
  roles?: RoleInstance[];
  /** What loading this play used (base directory, roles path, role cache): include_tasks and
   * include_role load through it at run time. */
  loadEnv?: LoadEnv;
  /** The playbook file that imported this play's file (import_playbook), when not the top one. */
  importedFrom?: string;
}

export type LoopSpec =
  | { kind: 'loop'; value: unknown; pos: Pos }
  | { kind: 'with'; lookup: string; value: unknown; pos: Pos };

export interface Task {
  kind: 'task';
  /** The action as written (`command`, `ansible.builtin.command`). */
  action: string;
  /** The resolved FQCN or engine action name. */
  resolved: string;
  args: Record<string, unknown>;
  /** Task keywords as written (name, when, register, …); loop moved to `loop`. */
  keywords: Record<string, unknown>;
  loop?: LoopSpec;
  /** `local_action` implies delegate_to: localhost. */
  delegateTo?: unknown;
  pos: Pos;
  /** Where the module's arguments are written (the value of the module key). */
  argsPos: Pos;
  parent: Block;
  handler?: boolean;
  /** Added by the engine (the play's flush_handlers points): no banner, no callback events. */
  implicit?: boolean;
  /** The play's implicit "Gathering Facts" task (never skipped by --start-at-task). */
  gathering?: boolean;
  /** Stable identity within the run: file:line:col. */
  id: string;
}

export interface Block {
  kind: 'block';
  block: (Task | Block)[];
  rescue: (Task | Block)[];
  always: (Task | Block)[];
  keywords: Record<string, unknown>;
  pos: Pos;
  /** The play's own task list, or a `block:` written by the user. */
  implicit: boolean;
  parent: Block | Play;
  /**
   * Set on the block that holds one role's compiled blocks (its dependencies' first): tasks
   * under it belong to that role. `keywords` of that block are the role's (when, tags, become,
   * …) minus `vars`, which the role keeps at its own precedence level.
   */
  role?: RoleInstance;
  /** The dependency chain of `role` (outermost parent first, the role itself last). */
  depChain?: RoleInstance[];
  /**
   * Set on the block that stands for an `import_tasks`/`import_role` task (its keywords are the
   * task's) or for an include whose file was loaded into it: `file` is where nested relative
   * imports are looked for first.
   */
  importedBy?: { action: 'import_tasks' | 'import_role' | 'include_tasks' | 'include_role'; file?: string; pos: Pos };
}

/**
 * One role as loaded for a play (ansible's Role): one instance per distinct invocation
 * (name, path, params, when, tags, vars, from-files), so a second `roles:` entry with equal
 * parameters is the same instance and runs once per host unless `allow_duplicates`.
 */
export interface RoleInstance {
  /** The role's name (the directory name when given as a path). */
  name: string;
  /** Directory of the role, as found (role_path). */
  path: string;
  /** Role parameters: the keys of a `roles:` entry that are not keywords (high precedence). */
  params: Record<string, unknown>;
  /** The `vars:` written on the role entry or the import_role task. */
  keywordVars: Record<string, unknown>;
  /** defaults/ of the role (lowest precedence). */
  defaults: Record<string, unknown>;
  /** vars/ of the role (above play vars_files). */
  vars: Record<string, unknown>;
  /** Direct dependencies from meta/main.yml, in order. */
  deps: RoleInstance[];
  allowDuplicates: boolean;
  /** Role vars and defaults visible to the whole play (roles:, import_role), not only its tasks. */
  public: boolean;
  /** Loaded by import_role/include_role rather than `roles:` or a dependency. */
  fromInclude: boolean;
  /** tasks_from/vars_from/defaults_from/handlers_from (basenames). */
  fromFiles: Record<string, string>;
  /** The role's task blocks as loaded (uncompiled: no dependencies, no wrapper). */
  taskBlocks: Block[];
  /** The role's handler blocks as loaded. */
  handlerBlocks: Block[];
  /** Identity for de-duplication (ansible's Role._get_hash_dict). */
  key: string;
  pos: Pos;
}

export type TaskOrBlock = Task | Block;
