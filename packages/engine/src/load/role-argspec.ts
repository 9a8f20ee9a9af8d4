/**
 * A role's argument_specs as ansible-core 2.16 reads them (Role._get_role_argspecs,
 * _create_validation_task): meta/argument_specs.{yml,yaml,json} wins over meta/main.yml's
 * `argument_specs`; the entry point's spec becomes a validate_argument_spec task at the front of
 * the role's tasks. The spec is checked here, before any host is touched.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleInstance } from './model.js';
import type { Pos } from './yaml-source.js';
import { positionOf, valuePositionOf } from './yaml-source.js';
import { findRole, loadRoleYaml } from './role-files.js';
import type { LoadEnv } from './load-env.js';
import type { Task } from './model.js';
import { isPossiblyTemplate } from '../template/api.js';
import type { DiagnosticSink } from '../validate/diagnostic.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { isDict } from '../values/py.js';
import { checkEntryPointSpecs } from '../argspec/spec-schema.js';

export interface RoleArgSpecs {
  /** Entry point name → its spec (short_description, options, …). */
  specs: Record<string, unknown>;
  /** The file they were read from (where an inserted task points when the role has no tasks file). */
  file: string;
}

/** The role's argument specs, or undefined after reporting a malformed one. */
export function loadArgumentSpecs(role: Pick<RoleInstance, 'name' | 'path'>, metaData: unknown, report: DiagnosticSink, at: Pos, vault?: VaultLib): RoleArgSpecs | undefined {
  let specs: unknown;
  let owner: unknown;
  let file = join(role.path, 'meta', 'main.yml');
  if (['.yml', '.yaml', '.json'].some((ext) => existsSync(join(role.path, 'meta', `argument_specs${ext}`)))) {
    const y = loadRoleYaml(role.name, role.path, 'meta', 'argument_specs', false, report, at, vault);
    if (!y) return undefined;
    file = y.files[0] ?? file;
    // `argument_specs.get('argument_specs') or {}`: a file that is not a mapping gives no specs.
    owner = y.data;
    specs = isDict(y.data) ? y.data.argument_specs : undefined;
  } else if (isDict(metaData)) {
    owner = metaData;
    specs = metaData.argument_specs;
    file = positionOf(metaData)?.file ?? file;
  }
  if (specs === undefined || specs === null) return { specs: {}, file };
  const fallback = (isDict(owner) ? valuePositionOf(owner, 'argument_specs') : undefined) ?? { file, line: 1, column: 1 };
  const problems = checkEntryPointSpecs(specs, fallback);
  for (const p of problems) {
    report({ code: 'invalid-argument-spec', severity: 'error', ...p.pos, message: `role '${role.name}' argument_specs: ${p.message}`, expected: p.expected });
  }
  if (problems.length) return undefined;
  return { specs: specs as Record<string, unknown>, file };
}

/** Role._create_validation_task: the task data ansible prepends for one entry point. */
export function validationTask(role: RoleInstance, spec: unknown, entrypoint: string): Record<string, unknown> {
  const s = isDict(spec) ? spec : {};
  let name = `Validating arguments against arg spec '${entrypoint}'`;
  if ('short_description' in s) name += ` - ${String(s.short_description)}`;
  return {
    action: {
      module: 'ansible.builtin.validate_argument_spec',
      argument_spec: s.options ?? {},
      provided_arguments: role.params,
      validate_args_context: { type: 'role', name: role.name, argument_spec_name: entrypoint, path: role.path },
    },
    name,
    tags: ['always'],
  };
}

/**
 * include_role loads its role only at run time; a literal role name's argument_specs are checked
 * before any host is touched all the same (a role that is not found is left to the run, as ansible).
 */
export function checkIncludedRoleSpecs(env: LoadEnv, task: Task, report: DiagnosticSink): void {
  if (task.resolved !== 'ansible.builtin.include_role') return;
  const name = task.args.name ?? task.args.role;
  if (typeof name !== 'string' || isPossiblyTemplate(name)) return;
  const found = findRole(env, name);
  if ('searched' in found) return;
  const at = valuePositionOf(task.args, task.args.name !== undefined ? 'name' : 'role') ?? task.pos;
  const meta = loadRoleYaml(name, found.path, 'meta', undefined, false, () => undefined, at, env.vault);
  loadArgumentSpecs({ name: found.name, path: found.path }, meta?.data ?? null, report, at, env.vault);
}
