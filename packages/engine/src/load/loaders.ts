/**
 * The loaders the executor uses at run time (include_tasks, include_role) and the loader uses
 * for import_tasks, import_role and `roles:`. Both take the play's LoadEnv (`play.loadEnv`:
 * base directory, roles path, role cache) and report problems to a DiagnosticSink instead of
 * throwing, each with file:line:col; a result of `undefined` means "failed, see the sink".
 *
 *   const blocks = loadTaskFile({ env: play.loadEnv!, resolve: rc.actions.resolve, report, file, parent, at });
 *   const r = loadRoleBlocks({ env: play.loadEnv!, resolve: rc.actions.resolve, report, name, parent, at,
 *                              options: { fromFiles: { tasks: 'x.yml' }, fromInclude: true, static: false, public: false } });
 *   // r.block is one Block to run in place of the include (parent = `parent`); r.handlers go to
 *   // the play's handlers; r.role is the RoleInstance (vars, defaults, params, allowDuplicates).
 */
import type { Block, RoleInstance, TaskOrBlock } from './model.js';
import type { LoadEnv } from './load-env.js';
import type { Pos } from './yaml-source.js';
import type { ActionResolver, TaskLoadContext } from './load-task.js';
import type { DiagnosticSink } from '../validate/diagnostic.js';
import { enclosingRole, loadTaskFileInto, resolveTaskFile } from './load-imports.js';
import { compileRole, compileRoleHandlers, loadRole, type LoadRoleOptions } from './load-role.js';

export interface LoaderInput {
  /** The play's load environment (`play.loadEnv`). */
  env: LoadEnv;
  /** The action table's resolver (`ActionTable.resolve`). */
  resolve: ActionResolver;
  report: DiagnosticSink;
  /** The block the loaded tasks hang under (for an include: a block standing for the include task). */
  parent: Block;
  /** Where to report a missing file or role (the include task's position). */
  at: Pos;
  /** Loading handlers (a handlers file / handlers_from). */
  handler?: boolean;
}

/**
 * A task file → its tasks and blocks with `parent` as their parent (ansible's
 * load_list_of_blocks of the file). `file` may be relative: it is resolved as include_tasks
 * does (beside the including file, the role's tasks/, the play's directory). Imports inside the
 * file are resolved now (beside it first: the file is recorded as `parent.importedBy` unless the
 * caller set that); include_* inside it stay tasks. Empty file: [] (and a warning).
 *
 * Tags and `when` of the include task apply to the include only (ansible): give `parent` the
 * `apply:` keywords, not the include task's own, so the loaded tasks inherit only those.
 */
export function loadTaskFile(input: LoaderInput & { file: string }): TaskOrBlock[] | undefined {
  const ctx: TaskLoadContext = { file: input.file, resolve: input.resolve, report: input.report, env: input.env, ...(input.handler ? { handler: true } : {}) };
  const role = enclosingRole(input.parent);
  if (role) ctx.role = role.role;
  const path = resolveTaskFile(input.env, input.file, input.parent, input.handler === true);
  if (!path) {
    input.report({ code: 'file-not-found', severity: 'error', ...input.at, message: `Could not find or access '${input.file}'`, expected: 'a task file beside the including file, in the role or in the playbook directory' });
    return undefined;
  }
  // Imports inside the file resolve beside it first (ansible walks the include's own path).
  input.parent.importedBy ??= { action: 'include_tasks', file: path, pos: input.at };
  return loadTaskFileInto({ ...ctx, file: path }, path, input.parent, input.at);
}

export interface LoadedRole {
  role: RoleInstance;
  /** The role's compiled blocks (dependencies first) under one block whose parent is `parent`. */
  block: Block;
  /** Its handlers (dependencies' first), each under a block marking the role; parent = `parent`. */
  handlers: Block[];
}

/**
 * A role by name (or a `roles:`-style mapping) → loaded, compiled blocks and handlers. The role
 * joins `env.playRoles` (ansible's play.roles: its public vars become visible play-wide). The
 * dependency chain is taken from `parent` (an include inside a role's tasks has that role as
 * parent role).
 */
export function loadRoleBlocks(input: LoaderInput & { name: unknown; options?: LoadRoleOptions }): LoadedRole | undefined {
  const outer = enclosingRole(input.parent);
  const ctx: TaskLoadContext = { file: input.at.file, resolve: input.resolve, report: input.report, env: input.env };
  const role = loadRole(ctx, input.env, input.name, input.at, { ...(outer ? { parent: outer.role } : {}), ...input.options });
  if (!role) return undefined;
  if (!input.env.playRoles.includes(role)) input.env.playRoles.push(role);
  const block = compileRole(ctx, role, input.parent, outer?.depChain ?? [], {});
  const handlers = compileRoleHandlers({ ...ctx, handler: true }, role, input.parent, outer?.depChain ?? []);
  return { role, block, handlers };
}

export type { LoadRoleOptions, LoadEnv, RoleInstance };
