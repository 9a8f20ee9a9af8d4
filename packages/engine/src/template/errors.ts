import type { SourceRef } from './types.js';

export type TemplateErrorCode =
  | 'template-syntax'
  | 'undefined-variable'
  | 'template-type'
  | 'template-runtime'
  | 'unknown-filter'
  | 'unknown-test'
  | 'unknown-lookup'
  | 'lookup-failed'
  | 'unsupported-regex'
  | 'template-recursion'
  | 'sandbox'
  | 'vault';

/** Every templating failure: a code, where (file:line:col of the template), and what was expected. */
export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The template text, for messages that quote it. */
  readonly template: string | undefined;
  /**
   * The Python exception class ansible would see here, qualified as a traceback's last line names it
   * ('ValueError', 'json.decoder.JSONDecodeError', 're.error', 'ansible.errors.AnsibleError'), because
   * Base.post_validate and TaskExecutor word a failure by its class. Unset: not known (engine-raised).
   */
  pyClass: string | undefined;
  constructor(code: TemplateErrorCode, message: string, where: SourceRef & { template?: string } = {}) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.template = where.template;
  }
}

/** A Python exception outside ansible.errors raised while templating (ValueError, re.error, ZeroDivisionError…). */
export function pyRuntimeError(qualifiedClass: string, message: string): TemplateError {
  const e = new TemplateError('template-runtime', message);
  e.pyClass = qualifiedClass;
  return e;
}

/** Classes Base.post_validate catches as (TypeError, ValueError): builtins' subclasses included. */
const VALUE_OR_TYPE = new Set(['ValueError', 'TypeError', 'json.decoder.JSONDecodeError', 'binascii.Error', 'UnicodeEncodeError', 'UnicodeDecodeError']);

/**
 * How ansible words a templating failure, by its exception class: `undefined` (AnsibleUndefinedVariable),
 * `ansible` (any other AnsibleError: its message as is), `value` (TypeError/ValueError: "the field … has an
 * invalid value" inside post_validate), `python` (any other exception: a traceback), `unknown` (unclassed).
 */
export function errorKind(e: TemplateError): 'undefined' | 'ansible' | 'value' | 'python' | 'unknown' {
  if (e.code === 'undefined-variable') return 'undefined';
  const c = e.pyClass;
  if (c === undefined) return 'unknown';
  if (c.startsWith('ansible.')) return 'ansible';
  return VALUE_OR_TYPE.has(c) ? 'value' : 'python';
}

/**
 * A failure found at an offset of the template text; the API functions turn `pos` into
 * line/column (offset onto options.source) when the error leaves templating.
 */
export class PositionedError extends TemplateError {
  pos: number | undefined;
  constructor(code: TemplateErrorCode, message: string, pos?: number) {
    super(code, message);
    this.pos = pos;
  }
}

export function syntaxError(message: string, pos?: number): PositionedError {
  return new PositionedError('template-syntax', message, pos);
}
