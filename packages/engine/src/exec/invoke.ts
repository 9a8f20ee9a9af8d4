/**
 * Runs one action with its templated arguments: an engine action directly, a module through
 * plan → apply. Check mode is decided here and only here: under --check `apply` is never called.
 */
import type { ModuleContext, ModuleResult, HostConnection } from '../module-api.js';
import { ModuleFailure } from '../module-api.js';
import type { Runnable } from './registry.js';
import type { ActionContext } from '../actions/action.js';
import { validateArgsRuntime } from '../schema/validate-args.js';
import { aliasDeprecations } from '../schema/alias-deprecations.js';
import { noLogValues, removeValues } from '../schema/no-log-values.js';
import { isDict } from '../values/py.js';
import { addOutputLines } from './task-result.js';
import { CoerceError } from '../schema/coerce.js';
import { UnreachableError } from '../connection/ssh-transport.js';
import { BecomeError } from '../connection/channel.js';
import { SshOptionError } from '../connection/ssh-spec.js';
import { NetworkGuardError } from '../connection/net-guard.js';
import { UnsupportedConnectionError } from './connections.js';

export interface InvokeEnv {
  check: boolean;
  diff: boolean;
  action: ActionContext;
  /** Made lazily: engine actions never open a connection. */
  connection: () => HostConnection;
  moduleContext: (host: HostConnection) => ModuleContext;
  /** The task's `environment:` (a module's environment is the host's with this on top). */
  taskEnv: Record<string, string>;
}

function failure(e: unknown): ModuleResult {
  if (e instanceof ModuleFailure) return { ...e.result, failed: true, msg: e.message };
  // A host that cannot be reached: TaskExecutor's AnsibleConnectionFailure result.
  if (e instanceof UnreachableError) return { unreachable: true, changed: false, msg: e.message };
  // Become conversations that failed ('Incorrect sudo password'), settings pgplay refuses,
  // addresses the network guard refuses: the task fails with the message.
  if (e instanceof BecomeError || e instanceof SshOptionError || e instanceof NetworkGuardError || e instanceof UnsupportedConnectionError) return { failed: true, msg: e.message, _pgplay_bare: true };
  throw e;
}

/**
 * The module's result as AnsibleModule returns it: argument validation's alias deprecations first,
 * and the values of no_log arguments taken out of all of it (remove_values), failures included.
 */
async function invokeModule(r: Extract<Runnable, { kind: 'module' }>, args: Record<string, unknown>, env: InvokeEnv): Promise<ModuleResult> {
  const def = r.def;
  const checked = validateArgsRuntime(def.name, def.args, args);
  // The module's environment is looked up only for an unset argument with a fallback (no copy per task).
  const noLog = noLogValues(def.args, checked.ok ? checked.args : args, (name) => env.taskEnv[name] ?? process.env[name]);
  if (!checked.ok) return removeValues({ failed: true, msg: checked.errors.join('; ') }, noLog);
  const deps = aliasDeprecations(def.args, args);
  const res = await runModule(r, checked.args, env);
  if (!deps.length) return removeValues(res, noLog);
  return removeValues({ ...res, deprecations: [...deps, ...(Array.isArray(res['deprecations']) ? (res['deprecations'] as unknown[]) : [])] }, noLog);
}

async function runModule(r: Extract<Runnable, { kind: 'module' }>, args: Record<string, unknown>, env: InvokeEnv): Promise<ModuleResult> {
  const def = r.def;
  if (env.check && def.capabilities.check === 'none') {
    return { skipped: true, changed: false, msg: `remote module (${def.name.split('.').pop()}) does not support check mode` };
  }
  try {
    const ctx = env.moduleContext(env.connection());
    const plan = await def.plan(args, ctx);
    const withDiff = (res: ModuleResult): ModuleResult => (env.diff && plan.diff && res.diff === undefined ? { ...res, diff: plan.diff } : res);
    if (env.check || (!plan.changed && plan.applyUnchanged !== true)) return withDiff({ ...(plan.result ?? {}), changed: plan.changed });
    // plan.diff is shown only under --diff; a `diff` key the module puts in its own result stays,
    // because some ansible modules (file) return it whatever the diff setting.
    const res = await def.apply(plan, ctx);
    return withDiff({ changed: plan.changed, ...res });
  } catch (e) {
    return failure(e);
  }
}

async function invokeAction(r: Extract<Runnable, { kind: 'action' }>, args: Record<string, unknown>, env: InvokeEnv): Promise<ModuleResult> {
  const def = r.def;
  if (!def.openArgs) {
    const checked = validateArgsRuntime(def.name, def.args, args);
    if (!checked.ok) return { failed: true, msg: checked.errors.join('; ') };
    args = checked.args;
  }
  try {
    return await def.run(args, env.action);
  } catch (e) {
    // A value the action could not convert (cacheable: sometimes) fails the task, as in Ansible.
    if (e instanceof CoerceError) return { failed: true, msg: e.message };
    throw e;
  }
}

export async function invoke(r: Runnable, args: unknown, env: InvokeEnv): Promise<ModuleResult> {
  if (!isDict(args)) return { failed: true, msg: `the arguments of ${r.def.name} must be a mapping, got ${typeof args}` };
  return r.kind === 'module' ? addOutputLines(await invokeModule(r, args, env)) : invokeAction(r, args, env);
}
