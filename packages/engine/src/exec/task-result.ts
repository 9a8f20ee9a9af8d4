/**
 * Result bookkeeping as ansible-core's TaskExecutor does it: failed from rc, changed default,
 * stdout_lines, the loop aggregate, the status shown, and no_log censoring.
 */
import type { ModuleResult } from '../module-api.js';
import type { HostStatus } from '../output/events.js';
import type { Task } from '../load/model.js';
import { TemplateError } from '../template/errors.js';
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
 * `argsSite`: the error came from templating the task's arguments (Base.post_validate), where
 * ansible wraps only an undefined variable with the task's position (AnsibleParserError(obj=ds));
 * any other AnsibleError (a lookup's, a filter's) reaches the result as its bare message.
 */
export function templateErrorResult(e: TemplateError, task: Task, argsSite = false): ModuleResult {
  const undefinedVar = e.code === 'undefined-variable';
  const head = undefinedVar ? `The task includes an option with an undefined variable. The error was: ${e.message}. ${e.message}` : `${e.message}`;
  const bare = argsSite && (e.code === 'lookup-failed' || e.code === 'unknown-lookup');
  return { failed: true, msg: bare ? head : `${head}${errorContext(task.pos)}`, _ansible_no_log: false };
}
