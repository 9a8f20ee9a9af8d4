/**
 * The environment an action runs in for one host: the connection (made on first use, delegated
 * when delegate_to says so), the task environment, controller services and the engine context.
 */
import type { Task } from '../load/model.js';
import type { ModuleContext, HostConnection } from '../module-api.js';
import type { RunContext } from './run-context.js';
import type { PlayVars } from './task-vars.js';
import { templateOptions, playScope } from './task-vars.js';
import type { LayeredScope } from '../vars/layered-scope.js';
import type { InvokeEnv } from './invoke.js';
import { evaluateExpression, templateValue, renderTemplate } from '../template/index.js';
import { gathered, inherited } from './inherit.js';
import { isDict, pyStr } from '../values/py.js';
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
      return rc.connections.get(delegate, type);
    }
    return rc.connections.get(host, connectionType(task, scope));
  };
  const dirs = opts.searchPath ?? [rc.playbook.dir];
  const moduleContext = (h: HostConnection): ModuleContext => ({
    host: withSignal(h, signal),
    check: flags.check,
    diff: flags.diff,
    inventoryHostname: host,
    env,
    controller: {
      findFile: (kind, name) => findInSearchPath(dirs, kind, name),
      renderTemplate: (source, o) => renderTemplate(source, o?.extraVars ? scope.with({ name: 'template vars', vars: o.extraVars, native: true }) : scope, { ...opts, ...(o?.file ? { source: { file: o.file, line: 1, column: 1 } } : {}) }),
    },
    clients: rc.clients,
    log: { debug: () => undefined, warn: (m) => rc.emit({ kind: 'warning', message: m, host }) },
    signal,
  });
  return {
    ...flags,
    connection,
    moduleContext,
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
    },
  };
}
