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
  | 'sandbox';

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
