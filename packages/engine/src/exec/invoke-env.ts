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
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

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

function delegatedHost(rc: RunContext, task: Task, scope: LayeredScope): string | undefined {
  const d = task.delegateTo ?? inherited(task, 'delegate_to');
  if (d === undefined || d === null) return undefined;
  return String(templateValue(d, scope, {}));
}

export function makeEnv(rc: RunContext, pv: PlayVars, task: Task, host: string, scope: LayeredScope, flags: { check: boolean; diff: boolean }): InvokeEnv {
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
    host: h,
    check: flags.check,
    diff: flags.diff,
    inventoryHostname: host,
    env,
    controller: {
      playbookDir: rc.playbook.dir,
      findFile(kind, name) {
        if (isAbsolute(name)) return existsSync(name) ? name : null;
        for (const d of dirs) for (const c of [join(d, kind, name), join(d, name)]) if (existsSync(c)) return c;
        return null;
      },
      renderTemplate: (source, o) => renderTemplate(source, o?.extraVars ? scope.with({ name: 'template vars', vars: o.extraVars, native: true }) : scope, {
        ...opts, ...(o?.file ? { source: { file: o.file, line: 1, column: 1 } } : {}),
        ...(o?.environment ? { environment: o.environment } : {}), ...(o?.searchPath ? { searchPath: o.searchPath } : {}),
      }),
    },
    clients: rc.clients,
    log: { debug: () => undefined, warn: (m) => rc.emit({ kind: 'warning', message: m, host }) },
    signal: rc.signal,
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
      signal: rc.signal,
      display: (text) => rc.emit({ kind: 'display', text, host }),
      warn: (message) => rc.emit({ kind: 'warning', message, host }),
    },
  };
}
