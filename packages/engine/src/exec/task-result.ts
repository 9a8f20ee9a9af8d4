/**
 * Result bookkeeping as ansible-core's TaskExecutor does it: failed from rc, changed default,
 * stdout_lines, the loop aggregate, the status shown, and no_log censoring.
 */
import type { ModuleResult } from '../module-api.js';
import type { HostStatus } from '../output/events.js';
import type { Task } from '../load/model.js';
import { TemplateError, errorKind } from '../template/errors.js';
import { pyStr } from '../values/py.js';
import { errorContext } from './error-context.js';

export const CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

export function finishResult(r: ModuleResult, attempt: number, retries: number): ModuleResult {
  const out: ModuleResult = { ...r };
  if (out.failed === undefined) out.failed = out.rc !== undefined && out.rc !== 0 && out.rc !== ('0' as unknown);
  if (retries > 1) out.attempts = attempt;
  // An error raised around the module (ansible: an AnsibleError in TaskExecutor.run) has no `changed`.
  if (out._pgplay_bare) delete out._pgplay_bare;
  else if (out.changed === undefined) out.changed = false;
  return out;
}

/** Module results get pre-split output (ActionBase._parse_returned_data); engine actions don't. */
export function addOutputLines(r: ModuleResult): ModuleResult {
  if ('stdout' in r && r.stdout_lines === undefined) r.stdout_lines = splitLines(typeof r.stdout === 'string' ? r.stdout : '');
  if ('stderr' in r && r.stderr_lines === undefined) r.stderr_lines = splitLines(typeof r.stderr === 'string' ? r.stderr : '');
  return r;
}

/** Python's str.splitlines(). */
export function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function aggregateLoop(results: ModuleResult[]): ModuleResult {
  const res: ModuleResult = { results, skipped: true };
  for (const item of results) {
    if (item.changed) res.changed = true;
    if (res.skipped && !item.skipped) res.skipped = false;
    if (item.failed && !res.failed) {
      res.failed = true;
      res.msg = 'One or more items failed';
    }
  }
  if (!res.failed) res.msg = 'All items completed';
  if (res.skipped) res.msg = 'All items skipped';
  if (res.changed === undefined) res.changed = false;
  return res;
}

export function statusOf(r: ModuleResult): HostStatus {
  if (r.unreachable) return 'unreachable';
  if (r.failed) return 'failed';
  if (r.skipped) return 'skipped';
  return r.changed ? 'changed' : 'ok';
}

/**
 * What callbacks see (TaskResult.clean_copy): no `failed`/`skipped` keys (the status says it),
 * and under no_log only the censored notice plus attempts/changed/retries.
 */
export function callbackCopy(r: ModuleResult, noLog: boolean): ModuleResult {
  if (noLog || r._ansible_no_log === true) {
    const out: ModuleResult = { censored: CENSORED };
    for (const k of ['attempts', 'changed', 'retries']) if (k in r) out[k] = r[k];
    return out;
  }
  const { failed: _f, skipped: _s, ...rest } = r;
  return rest;
}

/**
 * Where a templating failure happened, because ansible words it by site and exception class:
 * `args`  Base.post_validate of the task's arguments: TypeError/ValueError become "the field 'args'
 *         has an invalid value …" with the task's position, any other Python exception a bare
 *         traceback result (TaskExecutor._execute's `except Exception`), an AnsibleError its message;
 * `when`  Conditional: an AnsibleError is wrapped with the task's position (obj=ds);
 * `loop`  the loop's items (TaskExecutor.run): an AnsibleError is its bare message;
 * `other` anything else reaching TaskExecutor.run (an action's `that`, `until`…): bare message.
 * Outside `args`, a Python exception is "Unexpected failure during module execution" (run's
 * `except Exception`).
 */
export type ErrorSite = 'args' | 'when' | 'loop' | 'other';

export function templateErrorResult(e: TemplateError, task: Task, site: ErrorSite = 'other'): ModuleResult {
  const kind = errorKind(e);
  if (kind === 'ansible' && site !== 'when') return { failed: true, msg: e.message, _ansible_no_log: false };
  if (kind === 'value' && site === 'args') return invalidField(e, task, 'args', task.args, 'dict');
  if (kind === 'python' && site === 'args') return postValidateException(e);
  if (kind === 'python' || kind === 'value') return unexpectedFailure(e);
  const undefinedVar = kind === 'undefined';
  const head = undefinedVar ? `The task includes an option with an undefined variable. The error was: ${e.message}. ${e.message}` : `${e.message}`;
  const bare = site !== 'when' && site !== 'other' && (e.code === 'lookup-failed' || e.code === 'unknown-lookup');
  return { failed: true, msg: bare ? head : `${head}${errorContext(task.pos)}`, _ansible_no_log: false };
}

/**
 * The task's `name` is templated by Base.post_validate before its arguments: an undefined variable
 * there is ignored, anything else fails the task as it would in the arguments (undefined: no result).
 */
export function nameErrorResult(e: TemplateError, task: Task): ModuleResult | undefined {
  const kind = errorKind(e);
  if (kind === 'ansible') return { failed: true, msg: e.message, _ansible_no_log: false };
  if (kind === 'value') return invalidField(e, task, 'name', task.keywords.name, 'string');
  if (kind === 'python') return postValidateException(e);
  return undefined;
}

/** Base.post_validate's `except (TypeError, ValueError)`: AnsibleParserError with the task's position. */
function invalidField(e: TemplateError, task: Task, field: string, value: unknown, isa: string): ModuleResult {
  const msg = `the field '${field}' has an invalid value (${pyStr(value)}), and could not be converted to an ${isa}.The error was: ${e.message}`;
  return { failed: true, msg: `${msg}${errorContext(task.pos)}`, _ansible_no_log: false };
}

/** TaskExecutor._execute's `except Exception` around post_validate: only the traceback. */
function postValidateException(e: TemplateError): ModuleResult {
  return { changed: false, failed: true, exception: pyTraceback(e), _ansible_no_log: false };
}

/** TaskExecutor.run's `except Exception`: a Python exception that escaped the task's evaluation. */
export function unexpectedFailure(e: TemplateError): ModuleResult {
  return { failed: true, msg: `Unexpected failure during module execution: ${e.message}`, exception: pyTraceback(e), stdout: '', _ansible_no_log: false };
}

/**
 * traceback.format_exc() as far as pgplay can give it: no Python frames, only the last line, which
 * is all the default callback shows below -vvv ("The error was: re.error: …").
 */
function pyTraceback(e: TemplateError): string {
  const cls = (e.pyClass ?? 'Exception').replace(/^builtins\./, '');
  return `Traceback (most recent call last):\n  (pgplay: templating; no Python frames)\n${cls}: ${e.message}\n`;
}
