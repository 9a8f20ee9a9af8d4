/**
 * The environment an action runs in for one host: the connection (made on first use, delegated
 * when delegate_to says so), the task environment, controller services and the engine context.
 */
import { readDataFile } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { Task } from '../load/model.js';
import { ModuleFailure, type ModuleContext, type HostConnection } from '../module-api.js';
import type { RunContext } from './run-context.js';
import type { PlayVars } from './task-vars.js';
import { templateOptions, playScope } from './task-vars.js';
import type { LayeredScope } from '../vars/layered-scope.js';
import type { InvokeEnv } from './invoke.js';
import { evaluateExpression, templateValue, renderTemplate } from '../template/index.js';
import { gathered, inherited } from './inherit.js';
import { isDict, pyStr } from '../values/py.js';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { readSshSpec } from '../connection/ssh-spec.js';
import type { BecomeSpec } from '../connection/become.js';
import { UnsupportedConnectionError, type ConnectionRequest } from './connections.js';
import { toBool } from '../schema/coerce.js';
import { findInSearchPath, searchCandidates } from '../load/search-path.js';
import { taskRole } from './role-vars.js';
import { dirname } from 'node:path';

function connectionType(task: Task, scope: LayeredScope): string {
  const v = scope.get('ansible_connection');
  if (typeof v === 'string' && v) return v;
  const kw = inherited(task, 'connection');
  if (kw !== undefined) return String(templateValue(kw, scope, {}));
  return 'ssh';
}

function defined(scope: LayeredScope, names: string[]): unknown {
  for (const n of names) {
    const v = scope.get(n);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A keyword's value, overridden by its connection variable as play_context does it. */
function setting(task: Task, scope: LayeredScope, vars: string[], keyword: string): unknown {
  const v = defined(scope, vars);
  if (v !== undefined) return v;
  const kw = inherited(task, keyword);
  return kw === undefined ? undefined : templateValue(kw, scope, {});
}

/**
 * The task's become for a host (null when off, or when it would become the login user itself,
 * which ansible skips unless become_allow_same_user).
 */
function becomeSpec(task: Task, scope: LayeredScope, type: string): BecomeSpec | null {
  const on = setting(task, scope, ['ansible_become'], 'become');
  if (on === undefined || !toBool(on)) return null;
  const method = String(setting(task, scope, ['ansible_become_method'], 'become_method') ?? 'sudo');
  if (method !== 'sudo' && method !== 'su') throw new UnsupportedConnectionError(`the become method '${method}' is not available in pgplay (sudo and su are)`);
  const user = String(setting(task, scope, ['ansible_become_user'], 'become_user') ?? 'root');
  const remote = defined(scope, ['ansible_user', 'ansible_ssh_user']) ?? (type === 'local' ? undefined : inherited(task, 'remote_user'));
  const login = remote !== undefined ? String(templateValue(remote, scope, {})) : userInfo().username;
  if (user === login) return null;
  const flags = setting(task, scope, [`ansible_become_flags`, `ansible_${method}_flags`], 'become_flags');
  const exe = setting(task, scope, ['ansible_become_exe', `ansible_${method}_exe`], 'become_exe');
  const password = defined(scope, ['ansible_become_password', 'ansible_become_pass', `ansible_${method}_pass`, `ansible_${method}_password`]);
  return {
    method, user,
    ...(flags !== undefined ? { flags: String(flags) } : {}), ...(exe !== undefined ? { exe: String(exe) } : {}),
    ...(password !== undefined ? { password: pyStr(password) } : {}),
  };
}

function connectionRequest(task: Task, scope: LayeredScope, host: string, type: string): ConnectionRequest {
  return {
    become: becomeSpec(task, scope, type),
    ssh: () => {
      const port = inherited(task, 'port');
      const remoteUser = inherited(task, 'remote_user');
      return readSshSpec(host, (n) => scope.get(n), {
        ...(port !== undefined ? { port: templateValue(port, scope, {}) } : {}),
        ...(remoteUser !== undefined ? { remoteUser: templateValue(remoteUser, scope, {}) } : {}),
      });
    },
  };
}

function taskEnvironment(task: Task, scope: LayeredScope): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of gathered(task, 'environment')) {
    const v = templateValue(e, scope, {});
    if (isDict(v)) for (const [k, x] of Object.entries(v)) env[k] = pyStr(x);
  }
  return env;
}

export function delegatedHost(rc: RunContext, task: Task, scope: LayeredScope): string | undefined {
  const d = task.delegateTo ?? inherited(task, 'delegate_to');
  if (d === undefined || d === null) return undefined;
  return String(templateValue(d, scope, {}));
}

/** Every command of the task gets its abort signal, so `timeout` kills what is running. */
function withSignal(h: HostConnection, signal: AbortSignal): HostConnection {
  return new Proxy(h, {
    get(target, prop, receiver) {
      if (prop === 'exec') return (cmd: Parameters<HostConnection['exec']>[0], o: Parameters<HostConnection['exec']>[1] = {}) => target.exec(cmd, { signal, ...o });
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

export function makeEnv(rc: RunContext, pv: PlayVars, task: Task, host: string, scope: LayeredScope, flags: { check: boolean; diff: boolean }, signal: AbortSignal = rc.signal): InvokeEnv {
  const opts = templateOptions(rc, task);
  const env = taskEnvironment(task, scope);
  const delegate = delegatedHost(rc, task, scope);
  const connection = (): HostConnection => {
    if (delegate && delegate !== host) {
      const dscope = (rc.inventory.getHost(delegate) !== undefined) ? playScope(rc, pv, delegate) : undefined;
      const type = dscope ? connectionType(task, dscope) : delegate === 'localhost' ? 'local' : 'ssh';
      return rc.connections.get(delegate, type, connectionRequest(task, dscope ?? scope, delegate, type));
    }
    const type = connectionType(task, scope);
    return rc.connections.get(host, type, connectionRequest(task, scope, host, type));
  };
  const dirs = opts.searchPath ?? [rc.playbook.dir];
  const moduleContext = (h: HostConnection): ModuleContext => ({
    host: withSignal(h, signal),
    check: flags.check,
    diff: flags.diff,
    inventoryHostname: host,
    env,
    controller: {
      playbookDir: rc.playbook.dir,
      findFile: (kind, name) => findInSearchPath(dirs, kind, name),
      readFile: (path) => {
        let f;
        try {
          f = readDataFile(path, rc.vault);
        } catch (e) {
          // The task fails with ansible-vault's message; other helpers' errors stay theirs.
          if (e instanceof VaultError) throw new ModuleFailure(e.message);
          throw e;
        }
        if (f.vaulted) {
          const text = f.bytes.toString('utf8');
          rc.vault.reveal(text);
          for (const line of text.split('\n')) rc.vault.reveal(line);
        }
        return f;
      },
      renderTemplate: (source, o) => renderTemplate(source, o?.extraVars ? scope.with({ name: 'template vars', vars: o.extraVars, native: true }) : scope, {
        ...opts, ...(o?.file ? { source: { file: o.file, line: 1, column: 1 } } : {}),
        ...(o?.environment ? { environment: o.environment } : {}), ...(o?.searchPath ? { searchPath: o.searchPath } : {}),
      }),
    },
    clients: rc.clients,
    log: { debug: () => undefined, warn: (m) => rc.emit({ kind: 'warning', message: m, host }) },
    signal,
  });
  return {
    ...flags,
    connection,
    moduleContext,
    taskEnv: env,
    action: {
      inventoryHostname: host,
      check: flags.check,
      verbosity: rc.options.verbosity,
      vars: scope,
      evaluate: (e) => evaluateExpression(e, scope, opts),
      template: (v) => templateValue(v, scope, opts),
      signal,
      display: (text) => rc.emit({ kind: 'display', text, host }),
      warn: (message) => rc.emit({ kind: 'warning', message, host }),
      findNeedle: (kind, name) => {
        const path = findInSearchPath(dirs, kind, name);
        return path !== null ? { path } : { searched: searchCandidates(dirs, kind, name) };
      },
      taskDir: dirname(task.pos.file),
      ...(taskRole(task) ? { rolePath: taskRole(task)!.role.path } : {}),
      vault: rc.vault,
    },
  };
}
