/**
 * Load and validation problems, all collected before any host is touched and printed together.
 * Runtime errors use the same shape so every message names file:line:col.
 */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'yaml-duplicate-key'
  | 'file-not-found'
  | 'playbook-structure'
  | 'unknown-keyword'
  | 'invalid-keyword-value'
  | 'unknown-module'
  | 'conflicting-action'
  | 'missing-action'
  | 'invalid-module-args'
  | 'unsupported-option'
  | 'template-syntax'
  | 'inventory-syntax'
  | 'inventory-invalid'
  | 'invalid-extra-vars'
  | 'vault'
  | 'unknown-handler'
  | 'role-not-found'
  | 'unsupported-feature'
  | 'invalid-argument-spec';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  /** What would have been accepted, in words ("a list of tasks", "one of: present, absent"). */
  expected?: string;
}

export type DiagnosticSink = (d: Diagnostic) => void;

/** One paragraph, as the CLI prints it: "ERROR file:line:col: message (expected …)". */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const tag = d.severity === 'error' ? 'ERROR' : 'WARNING';
  const exp = d.expected ? ` Expected ${d.expected}.` : '';
  return `${tag} [${d.code}] ${where}: ${d.message}${exp}`;
}

/** Thrown when loading cannot go on; carries every diagnostic collected so far. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticsError';
  }
}
