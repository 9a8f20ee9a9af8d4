/**
 * The exception classes a lookup plugin raises, because Templar._lookup (ansible/template/__init__.py)
 * treats each differently: undefined-variable and options errors always fail the template,
 * AnsibleLookupError is "handled" (errors=warn/ignore swallow it with one text), anything else is
 * "unhandled" (swallowed with another text, or re-raised wrapped in "An unhandled exception…").
 */
import { TemplateError } from './errors.js';

export type LookupErrorClass =
  | 'AnsibleLookupError'
  | 'AnsibleError'
  | 'AnsibleOptionsError'
  | 'AnsibleUndefinedVariable'
  // pgplay's own "not supported yet": never swallowed, as pgplay cannot know what ansible would return.
  | 'Unsupported';

export class LookupPluginError extends TemplateError {
  readonly ansibleClass: LookupErrorClass;
  constructor(ansibleClass: LookupErrorClass, message: string) {
    super(ansibleClass === 'AnsibleUndefinedVariable' ? 'undefined-variable' : 'lookup-failed', message);
    this.ansibleClass = ansibleClass;
  }
}

/** How a failure inside a lookup plugin is classed; errors pgplay's own code raises default as ansible's would. */
export function lookupErrorClass(err: unknown): LookupErrorClass | 'other' {
  if (err instanceof LookupPluginError) return err.ansibleClass;
  // Templating inside a plugin (the template lookup, a term's own template) raises these.
  if (err instanceof TemplateError) return err.code === 'undefined-variable' ? 'AnsibleUndefinedVariable' : 'AnsibleError';
  return 'other';
}

/** type(e) as the "unhandled exception" text prints it. */
export function pyExceptionClass(err: unknown): string {
  if (err instanceof TemplateError) return `<class '${err.pyClass ?? 'ansible.errors.AnsibleError'}'>`;
  const name = (err as Error)?.name ?? 'Exception';
  return name.startsWith('<class ') ? name : `<class '${name}'>`;
}

/** A Python exception of a class outside ansible.errors (ValueError, configparser.ParsingError…), as "unhandled" prints it. */
export function pyException(qualifiedClass: string, message: string): Error {
  const e = new Error(message);
  e.name = `<class '${qualifiedClass}'>`;
  return e;
}
