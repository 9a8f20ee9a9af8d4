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
