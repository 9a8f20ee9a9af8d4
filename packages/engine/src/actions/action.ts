/**
 * Controller actions that need the engine's internals (variables, the play's flow): debug,
 * set_fact, assert, fail, meta, pause. Modules can't be these: they only see a host.
 */
import type { VaultLib } from '../vault/vault-lib.js';
import type { JSONSchema } from '../schema/json-schema.js';
import type { ModuleResult, StaticCheckContext, StaticProblem } from '../module-api.js';
import type { Scope } from '../template/types.js';

export interface ActionContext {
  inventoryHostname: string;
  check: boolean;
  verbosity: number;
  /** The task's variables (lazy; templated on access). */
  vars: Scope;
  /** Evaluates a bare Jinja2 expression in the task's variables. */
  evaluate(expression: string): unknown;
  /** Templates a string the way `{{ }}` task arguments are templated. */
  template(value: unknown): unknown;
  signal: AbortSignal;
  /** A line for the output (ansible's display.display from an action). */
  display(text: string): void;
  warn(text: string): void;
  /** ActionBase._find_needle: a controller file by the task's search path, or where it looked. */
  findNeedle?(kind: string, name: string): { path: string } | { searched: string[] };
  /** Directory of the file the task is written in. */
  taskDir?: string;
  /** The role directory, for a role's task. */
  rolePath?: string;
  /** The run's vault secrets (include_vars reads vaulted files). */
  vault: VaultLib;
}

export interface EngineAction {
  name: string;
  aliases?: string[];
  args: JSONSchema;
  /** Accepts free-form text as `_raw_params` (meta, set_fact k=v). */
  freeForm?: boolean;
  /** Argument names that are not templated before `run` (they are expressions). */
  rawArgs?: readonly string[];
  /** Any option names accepted (set_fact): the schema only checks the known ones. */
  openArgs?: boolean;
  /** Checks of the raw arguments before any host is touched. */
  staticCheck?(args: Record<string, unknown>, ctx: StaticCheckContext): StaticProblem[];
  /** Runs in check mode too (all of these are controller-side and change nothing). */
  run(args: Record<string, unknown>, ctx: ActionContext): Promise<ModuleResult> | ModuleResult;
}
