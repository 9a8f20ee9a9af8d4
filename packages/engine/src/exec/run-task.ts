/**
 * One task on one host: when → loop → (template args → invoke → changed_when/failed_when →
 * until) per item → register. Mirrors ansible-core's TaskExecutor.run/_execute, minus the
 * 1,281 lines: the pieces live in small files next to this one.
 */
import type { Task } from '../load/model.js';
import type { ModuleResult } from '../module-api.js';
import type { RunContext } from './run-context.js';
import type { RunEvent, TaskInfo } from '../output/events.js';
import { taskScope, playScope, templateOptions, type PlayVars } from './task-vars.js';
import { evaluateConditions, conditionList } from './conditional.js';
import { loopItems, LoopError } from './loop-items.js';
import { inherited, gathered } from './inherit.js';
import { templateArgs } from './task-args.js';
import { invoke } from './invoke.js';
import { makeEnv, delegatedHost } from './invoke-env.js';
import { finishResult, aggregateLoop, statusOf, callbackCopy, templateErrorResult, nameErrorResult } from './task-result.js';
import { loopVarsLayer, itemLabel } from './loop-vars.js';
import { TemplateError, errorKind } from '../template/errors.js';
import { toBool } from '../schema/coerce.js';
import type { LayeredScope } from '../vars/layered-scope.js';
import { templateValue } from '../template/index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { truthy } from '../actions/truthy.js';
import { storeHostFacts } from './host-state.js';
import { cleanFacts, namespaceFacts } from './facts-vars.js';
import { itemTaskInfo } from './task-info.js';

export interface HostOutcome {
  host: string;
  result: ModuleResult;
  status: ReturnType<typeof statusOf>;
  ignored: boolean;
  events: RunEvent[];
}

function boolKeyword(task: Task, scope: LayeredScope, key: string, dflt: boolean): boolean {
  const v = inherited(task, key);
  return v === undefined ? dflt : toBool(templateValue(v, scope, {}));
}

function intKeyword(task: Task, scope: LayeredScope, key: string, inherit = false): number | undefined {
  const v = inherit ? inherited(task, key) : task.keywords[key];
  if (v === undefined || v === null) return undefined;
  const n = Number(templateValue(v, scope, {}));
  if (!Number.isFinite(n)) throw new TemplateError('template-type', `the field '${key}' has an invalid value, which could not be converted to an int`);
  return Math.trunc(n);
}

/**
 * The task keyword `timeout` (TaskExecutor's SIGALRM): the action is aborted through its signal
 * and the task fails with ansible's message once the seconds are up.
 */
async function invokeWithTimeout(rc: RunContext, seconds: number, task: Task, run: (signal: AbortSignal) => Promise<ModuleResult>): Promise<ModuleResult> {
  if (seconds <= 0) return run(rc.signal);
  const ac = new AbortController();
  const onAbort = () => ac.abort(rc.signal.reason);
  rc.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<ModuleResult>((resolve) => {
    timer = setTimeout(() => {
      ac.abort(new Error('task timeout'));
      resolve({ failed: true, msg: `The ${task.action} action failed to execute in the expected time frame (${seconds}) and was terminated` });
    }, seconds * 1000);
  });
  try {
    return await Promise.race([run(ac.signal), expired]);
  } finally {
    clearTimeout(timer);
    rc.signal.removeEventListener('abort', onAbort);
  }
}

interface Attempt {
  result: ModuleResult;
  retries: RunEvent[];
}

/** One execution of the action (with until/retries), for one item or the whole task. */
async function executeOnce(rc: RunContext, pv: PlayVars, task: Task, host: string, scope: LayeredScope, info: TaskInfo, noLog: boolean): Promise<Attempt> {
  const opts = templateOptions(rc, task);
  const runnable = rc.actions.get(task.resolved)!;
  const check = boolKeyword(task, scope, 'check_mode', rc.options.check);
  const diff = boolKeyword(task, scope, 'diff', rc.options.diff);
  const nameFailure = templatedNameFailure(task, scope, opts);
  if (nameFailure) return { result: abortUnlessTraceback(nameFailure), retries: [] };
  let args: Record<string, unknown>;
  try {
    args = templateArgs(rc, task, runnable, scope, opts);
  } catch (e) {
    // An include returns from _execute before post_validate: its file is templated like any other value.
    if (e instanceof TemplateError) return { result: abortUnlessTraceback(templateErrorResult(e, task, isIncludeAction(task) ? 'other' : 'args')), retries: [] };
    throw e;
  }
  const untilConds = conditionList(task.keywords.until);
  const retriesKw = intKeyword(task, scope, 'retries');
  const retries = 1 + (retriesKw !== undefined ? Math.max(0, retriesKw) : untilConds.length ? 3 : 0);
  const delay = Math.max(0, intKeyword(task, scope, 'delay') ?? 5);
  const register = typeof task.keywords.register === 'string' ? task.keywords.register : undefined;
  const timeout = intKeyword(task, scope, 'timeout', true) ?? 0;
  const retryEvents: RunEvent[] = [];
  let result: ModuleResult = {};
  for (let attempt = 1; attempt <= retries; attempt++) {
    result = await invokeWithTimeout(rc, timeout, task, (signal) => invoke(runnable, args, makeEnv(rc, pv, task, host, scope, { check, diff }, signal)));
    result = finishResult(result, attempt, retries);
    const withReg = register ? scope.with({ name: 'registered', vars: { [register]: result }, native: true }) : scope;
    if (!result.skipped) applyWhenKeywords(task, result, withReg, opts, warnFor(rc));
    if (retries <= 1) break;
    const done = evaluateConditions(untilConds.length ? untilConds : [!result.failed], withReg, opts, warnFor(rc));
    if (done.value === true || done.value === 'unknown') break;
    if (attempt < retries) {
      retryEvents.push({ kind: 'task-retry', task: info, host, retriesLeft: retries - attempt, result: callbackCopy({ ...result, retries, _ansible_retry: true }, noLog) });
      if (delay > 0) await sleep(delay * 1000, undefined, { signal: rc.signal });
    } else {
      result = { ...result, attempts: retries - 1, failed: true };
    }
  }
  return { result, retries: retryEvents };
}

/**
 * An error TaskExecutor._execute raises rather than returns (an AnsibleError from the condition or
 * from post_validate): it leaves a loop at once, and the task's result is that error alone.
 */
class TaskAbort extends Error {
  constructor(readonly result: ModuleResult) {
    super('task aborted');
  }
}

/** post_validate returns only a Python exception's traceback as the (item's) result; anything else is raised. */
function abortUnlessTraceback(r: ModuleResult): ModuleResult {
  if (typeof r.exception === 'string' && r.msg === undefined) return r;
  throw new TaskAbort(r);
}

/** Base.post_validate templates the task's name (per host and item) before its arguments. */
function templatedNameFailure(task: Task, scope: LayeredScope, opts: ReturnType<typeof templateOptions>): ModuleResult | undefined {
  const name = task.keywords.name;
  if (typeof name !== 'string' || !name.includes('{')) return undefined;
  try {
    templateValue(name, scope, { ...opts, source: undefined });
    return undefined;
  } catch (e) {
    if (e instanceof TemplateError) return nameErrorResult(e, task);
    throw e;
  }
}

function applyWhenKeywords(task: Task, result: ModuleResult, scope: LayeredScope, opts: ReturnType<typeof templateOptions>, warn: (msg: string) => void): void {
  let cond = 'changed';
  try {
    const changedWhen = conditionList(task.keywords.changed_when);
    if (changedWhen.length) {
      const r = evaluateConditions(changedWhen, scope, opts, warn);
      if (r.value !== 'unknown') result.changed = r.value;
    }
    cond = 'failed';
    const failedWhen = conditionList(task.keywords.failed_when);
    if (failedWhen.length) {
      const r = evaluateConditions(failedWhen, scope, opts, warn);
      if (r.value !== 'unknown') result.failed_when_result = result.failed = r.value;
    }
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    // Only an AnsibleError becomes the *_when_result; a Python exception fails the whole task (TaskExecutor.run).
    const kind = errorKind(e);
    if (kind === 'python' || kind === 'value') throw e;
    result.failed = true;
    result[`${cond}_when_result`] = e.message;
  }
}

function isIncludeAction(task: Task): boolean {
  return task.resolved === 'ansible.builtin.include_tasks' || task.resolved === 'ansible.builtin.include_role';
}

function skipResult(cond: unknown): ModuleResult {
  return { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: cond };
}

function undecidableResult(cond: string): ModuleResult {
  return { changed: false, skipped: true, skip_reason: `Conditional depends on a value known only after apply: ${cond}` };
}

async function runLoop(rc: RunContext, pv: PlayVars, task: Task, host: string, scope: LayeredScope, info: TaskInfo, noLog: boolean, events: RunEvent[]): Promise<ModuleResult> {
  const opts = templateOptions(rc, task);
  let items: unknown[];
  try {
    items = loopItems(task.loop!, scope, opts, rc.templates);
  } catch (e) {
    if (e instanceof TemplateError && e.code === 'undefined-variable') return loopEvalError(rc, task, scope, e);
    // A lookup's failure in `loop:` is its bare text, as in the task's arguments.
    if (e instanceof TemplateError) return templateErrorResult(e, task, 'loop');
    if (e instanceof LoopError) return { failed: true, msg: e.message };
    throw e;
  }
  if (items.length === 0) return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] };
  const results: ModuleResult[] = [];
  // What earlier items left in the loop's variables: ansible's _run_loop shares one task_vars
  // across items, and each item's register and facts are written into it (a looped set_fact
  // accumulates: `t: "{{ t | default([]) + [item] }}"`).
  const carried: Record<string, unknown> = {};
  const register = typeof task.keywords.register === 'string' ? task.keywords.register : undefined;
  for (let i = 0; i < items.length; i++) {
    const layer = loopVarsLayer(task, items, i, scope);
    const itemScope = Object.keys(carried).length > 0 ? scope.with({ name: 'earlier loop items', vars: { ...carried }, native: true }, layer.layer) : scope.with(layer.layer);
    let r = await runGuarded(rc, pv, task, host, itemScope, info, noLog, events);
    r = { ...r, ...layer.resultKeys };
    carryItem(task, r, register, carried, itemScope);
    // An include's item results come from TaskExecutor's early return: no `changed` default.
    if (isIncludeAction(task) && !r.skipped && !r.failed) {
      delete r.changed;
      delete r.failed;
    }
    const label = itemLabel(task, itemScope, items[i], noLog);
    r._ansible_item_label = label;
    results.push(r);
    events.push({ kind: 'host-result', task: r.skipped ? info : itemTaskInfo(task, info, itemScope, rc), host, status: statusOf(r), item: { label }, ...diffShown(rc, task, itemScope), result: callbackCopy(r, noLog) });
  }
  return aggregateLoop(results);
}

/** TaskExecutor._execute's last step for one loop item: its register and facts into the loop's vars. */
function carryItem(task: Task, r: ModuleResult, register: string | undefined, carried: Record<string, unknown>, itemScope: LayeredScope): void {
  if (register) carried[register] = stripForRegister(r);
  const facts = r.ansible_facts;
  if (!facts || typeof facts !== 'object' || Array.isArray(facts) || task.resolved === 'ansible.builtin.debug') return;
  const f = facts as Record<string, unknown>;
  if (task.resolved === 'ansible.builtin.set_fact' || task.resolved === 'ansible.builtin.include_vars') {
    Object.assign(carried, f);
    return;
  }
  const current = carried.ansible_facts ?? itemScope.get('ansible_facts');
  carried.ansible_facts = { ...(current && typeof current === 'object' ? (current as Record<string, unknown>) : {}), ...namespaceFacts(f) };
  Object.assign(carried, cleanFacts(f));
}

/** Display.warning from the task's evaluation (the callback shows each text once per run). */
function warnFor(rc: RunContext): (msg: string) => void {
  return (message) => rc.emit({ kind: 'warning', message });
}

/** The task's `when` in this scope: the result that ends the task here (a template error, false, undecidable), or undefined to go on. */
function whenStops(rc: RunContext, task: Task, scope: LayeredScope): ModuleResult | undefined {
  let cond;
  try {
    cond = evaluateConditions(inheritedWhen(task), scope, templateOptions(rc, task), warnFor(rc));
  } catch (e) {
    if (e instanceof TemplateError) throw new TaskAbort(templateErrorResult(e, task, 'when'));
    throw e;
  }
  if (cond.value === false) return skipResult(cond.failed);
  if (cond.value === 'unknown') return undecidableResult(cond.condition);
  return undefined;
}

/** `when` (evaluated per item inside loops), then the action. */
async function runGuarded(rc: RunContext, pv: PlayVars, task: Task, host: string, scope: LayeredScope, info: TaskInfo, noLog: boolean, events: RunEvent[]): Promise<ModuleResult> {
  const stop = whenStops(rc, task, scope);
  if (stop) return stop;
  const a = await executeOnce(rc, pv, task, host, scope, info, noLog);
  events.push(...a.retries);
  return a.result;
}

/**
 * TaskExecutor keeps an undefined-variable error from the loop (_loop_eval_error) and runs the task
 * unlooped: `when` decides first (false skips), then the error is raised bare, with do_template's
 * ". <original>" suffix.
 */
function loopEvalError(rc: RunContext, task: Task, scope: LayeredScope, e: TemplateError): ModuleResult {
  return whenStops(rc, task, scope) ?? { failed: true, msg: `${e.message}. ${e.message}` };
}

function inheritedWhen(task: Task): unknown[] {
  return gathered(task, 'when');
}

/** Ansible's strategy shows a result's diff only when the task runs in diff mode. */
function diffShown(rc: RunContext, task: Task, scope: LayeredScope): { diff?: true } {
  try {
    return boolKeyword(task, scope, 'diff', rc.options.diff) ? { diff: true } : {};
  } catch {
    return {};
  }
}

function ignoreErrors(task: Task, scope: LayeredScope): boolean {
  return boolOrFalse(task, scope, 'ignore_errors');
}

function boolOrFalse(task: Task, scope: LayeredScope, key: string): boolean {
  try {
    return boolKeyword(task, scope, key, false);
  } catch {
    return false;
  }
}

/** Runs `task` for `host`; returns the final result and the events to print, in order. */
export async function runTaskOnHost(rc: RunContext, pv: PlayVars, task: Task, host: string, info: TaskInfo): Promise<HostOutcome> {
  const events: RunEvent[] = [];
  const scope = taskScope(rc, pv, task, host);
  let noLog = false;
  let result: ModuleResult;
  try {
    noLog = boolKeyword(task, scope, 'no_log', false);
    result = task.loop ? await runLoop(rc, pv, task, host, scope, info, noLog, events) : await runGuarded(rc, pv, task, host, scope, info, noLog, events);
  } catch (e) {
    if (e instanceof TaskAbort) result = e.result;
    else if (e instanceof TemplateError) result = templateErrorResult(e, task);
    else throw e;
  }
  // ignore_unreachable: the host stays in the play; the result still shows UNREACHABLE.
  const ignored = result.unreachable === true ? boolOrFalse(task, scope, 'ignore_unreachable') : result.failed === true && ignoreErrors(task, scope);
  const register = task.keywords.register;
  const state = rc.hosts.get(host);
  if (typeof register === 'string') state.nonPersistent[register] = stripForRegister(result);
  let delegate: string | undefined;
  try {
    delegate = delegatedHost(rc, task, scope);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
  }
  applyFacts(rc, task, delegate !== undefined && boolKeyword(task, scope, 'delegate_facts', false) ? delegate : host, result);
  const status = statusOf(result);
  // Delegated results carry the delegate (ansible's _ansible_delegated_vars), a loop's aggregate not.
  const delegated = delegate !== undefined ? { delegatedTo: delegateAddress(rc, pv, delegate), delegatedHost: delegate } : {};
  // A result skipped by its condition never resolved the delegation (no _ansible_delegated_vars).
  for (const e of events) if (e.kind === 'host-result' && e.status !== 'skipped') Object.assign(e, delegated);
  events.push({ kind: 'host-result', task: info, host, ...((task.loop && Array.isArray(result.results)) || result.skipped ? {} : delegated), status, ...(loopShown(task, result) && !noLog ? { loopSummary: true } : {}), ...(ignored ? { ignored } : {}), ...diffShown(rc, task, scope), result: callbackCopy(result, noLog) });
  return { host, result, status, ignored, events };
}

/**
 * Ansible's callback treats a result as a loop summary when the task's loop attribute is truthy:
 * `loop:` after templating (an empty list is not), `with_*:` as written (its terms).
 */
function loopShown(task: Task, result: ModuleResult): boolean {
  if (!task.loop || !Array.isArray(result.results)) return false;
  // The callback tests the task's loop as written: `loop: []` is falsy, `loop: "{{ [] }}"` is not.
  return truthy(task.loop.value);
}

/** What `register` stores: the result without internal keys and invocation (strategy code). */
function stripForRegister(r: ModuleResult): ModuleResult {
  const out: ModuleResult = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('_ansible_') && !k.startsWith('_pgplay_') && k !== 'invocation') out[k] = v;
  return out;
}

/** What ansible reports as the delegated host: its ansible_host, or its name. */
function delegateAddress(rc: RunContext, pv: PlayVars, delegate: string): string {
  if (rc.inventory.getHost(delegate) === undefined) return delegate;
  try {
    const v = playScope(rc, pv, delegate).get('ansible_host');
    return typeof v === 'string' && v ? v : delegate;
  } catch {
    return delegate;
  }
}

/** The strategy's handling of `ansible_facts`: per loop item for a loop, only when the task did not fail. */
function applyFacts(rc: RunContext, task: Task, host: string, result: ModuleResult): void {
  if (result.failed || result.skipped) return;
  const items = task.loop && Array.isArray(result.results) ? (result.results as ModuleResult[]) : [result];
  const state = rc.hosts.get(host);
  for (const item of items) {
    const facts = item.ansible_facts;
    if (!facts || typeof facts !== 'object' || task.resolved === 'ansible.builtin.debug') continue;
    if (task.resolved === 'ansible.builtin.include_vars') {
      // include_vars results go to the host's vars cache, not its facts.
      Object.assign(state.includeVars, facts);
    } else if (task.resolved === 'ansible.builtin.set_fact') {
      Object.assign(state.nonPersistent, facts);
      if (item._ansible_facts_cacheable) storeHostFacts(rc.hosts, host, facts);
    } else storeHostFacts(rc.hosts, host, facts);
  }
}
