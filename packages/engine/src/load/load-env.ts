/**
 * What loading imports and roles needs beyond one file: the loader's base directory, the roles
 * path, the variables names may be templated with at load time (ansible allows play vars and
 * extra vars there, never host variables), and the play's role cache.
 */
import type { VaultLib } from '../vault/vault-lib.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Block, RoleInstance } from './model.js';
import type { TemplateRegistry } from '../template/types.js';
import { LayeredScope } from '../vars/layered-scope.js';
import { templateValue } from '../template/index.js';

export interface LoadEnv {
  /** The loader's base directory: the directory of the playbook being loaded. */
  basedir: string;
  /** Configured role directories (ANSIBLE_ROLES_PATH or DEFAULT_ROLES_PATH). */
  rolesPath: string[];
  /** `-e` variables (highest precedence at load time too). */
  extraVars: Record<string, unknown>;
  /** The current play's `vars:` (raw); import names may use them. */
  playVars: Record<string, unknown>;
  templates?: TemplateRegistry;
  /** The run's vault secrets: role, task and playbook files may be vaults as a whole. */
  vault?: VaultLib;
  /** The play's roles by identity key: equal invocations share one instance. */
  roleCache: Map<string, RoleInstance>;
  /** ansible's play.roles: `roles:` entries then imported roles, in load order. */
  playRoles: RoleInstance[];
  /** Role directories being loaded (dependency cycle guard). */
  loading: string[];
  /** Task files being imported (import cycle guard). */
  importing: string[];
  /**
   * DEFAULT_PRIVATE_ROLE_VARS when set (ANSIBLE_PRIVATE_ROLE_VARS): roles: and import_role are
   * then public only when it is false. Unset: imports are public, include_role is private.
   */
  privateRoleVars?: boolean;
  /** Handlers of roles brought in by import_role, added to the play's handlers after its own. */
  importedHandlers: Block[];
}

/**
 * ansible's DEFAULT_ROLES_PATH: ANSIBLE_ROLES_PATH when set, otherwise
 * `$ANSIBLE_HOME/roles:/usr/share/ansible/roles:/etc/ansible/roles` (ANSIBLE_HOME defaults to ~/.ansible).
 */
export function defaultRolesPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const expand = (p: string) => (p.startsWith('~') ? join(env.HOME ?? homedir(), p.slice(1)) : p);
  if (env.ANSIBLE_ROLES_PATH !== undefined && env.ANSIBLE_ROLES_PATH !== '') {
    return env.ANSIBLE_ROLES_PATH.split(':').filter((p) => p !== '').map(expand);
  }
  const home = env.ANSIBLE_HOME ? expand(env.ANSIBLE_HOME) : join(env.HOME ?? homedir(), '.ansible');
  return [join(home, 'roles'), '/usr/share/ansible/roles', '/etc/ansible/roles'];
}

/** ansible's boolean() of a configuration value. */
function configBool(v: string): boolean {
  return ['y', 'yes', 'on', '1', 'true', 't'].includes(v.trim().toLowerCase());
}

export function newLoadEnv(basedir: string, opts: { extraVars?: Record<string, unknown>; rolesPath?: string[]; templates?: TemplateRegistry; vault?: VaultLib } = {}): LoadEnv {
  const priv = process.env.ANSIBLE_PRIVATE_ROLE_VARS;
  return {
    ...(priv !== undefined && priv !== '' ? { privateRoleVars: configBool(priv) } : {}),
    basedir,
    rolesPath: opts.rolesPath ?? defaultRolesPath(),
    extraVars: opts.extraVars ?? {},
    playVars: {},
    ...(opts.templates ? { templates: opts.templates } : {}),
    ...(opts.vault ? { vault: opts.vault } : {}),
    roleCache: new Map(),
    playRoles: [],
    loading: [],
    importing: [],
    importedHandlers: [],
  };
}

/** Templates a name at load time with play vars and extra vars; throws TemplateError when it can't. */
export function templateAtLoad(env: LoadEnv, value: unknown, extra: Record<string, unknown> = {}): unknown {
  if (typeof value !== 'string' || !/\{\{|\{%/.test(value)) return value;
  const scope = new LayeredScope(
    [{ name: 'play vars', vars: env.playVars }, { name: 'task vars', vars: extra }, { name: 'extra vars', vars: env.extraVars }],
    { ...(env.templates ? { registry: env.templates } : {}), searchPath: [env.basedir], cwd: env.basedir },
  );
  return templateValue(value, scope, { ...(env.templates ? { registry: env.templates } : {}) });
}
