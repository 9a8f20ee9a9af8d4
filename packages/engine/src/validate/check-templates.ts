/**
 * Jinja2 syntax of every template in a playbook, checked before any host is touched (Ansible
 * finds these only when the task runs). Values are parsed, never evaluated.
 */
import { parseTemplate } from '../template/parser.js';
import { ANSIBLE_ENV } from '../template/environment.js';
import { isPossiblyTemplate } from '../template/api.js';
import { TemplateError } from '../template/errors.js';
import { isUnsafe } from '../values/unsafe.js';
import { isDict } from '../values/py.js';
import { valuePositionOf, type Pos } from '../load/yaml-source.js';
import type { Diagnostic } from './diagnostic.js';

function syntaxError(source: string): string | undefined {
  try {
    parseTemplate(source, ANSIBLE_ENV);
    return undefined;
  } catch (e) {
    if (e instanceof TemplateError && e.code === 'template-syntax') return e.message;
    throw e;
  }
}

/** A `when`/`until`-style expression: Ansible evaluates it inside `{% if … %}`. */
export function conditionalSyntaxError(cond: unknown): string | undefined {
  if (typeof cond !== 'string') return undefined;
  if (isPossiblyTemplate(cond)) return syntaxError(cond);
  return syntaxError(`{% if ${cond} %}True{% else %}False{% endif %}`);
}

/** Walks a value (lists, dicts) and reports each template string that does not parse. */
export function checkTemplates(v: unknown, pos: Pos, out: Diagnostic[], what: string, depth = 0): void {
  if (depth > 50 || isUnsafe(v)) return;
  if (typeof v === 'string') {
    if (!isPossiblyTemplate(v)) return;
    const err = syntaxError(v);
    if (err) out.push({ code: 'template-syntax', severity: 'error', ...pos, message: `template error while templating string: ${err}. String: ${v}`, expected: `valid Jinja2 in ${what}` });
    return;
  }
  if (Array.isArray(v)) v.forEach((x, i) => checkTemplates(x, valuePositionOf(v, i) ?? pos, out, what, depth + 1));
  else if (isDict(v)) for (const [k, x] of Object.entries(v)) checkTemplates(x, valuePositionOf(v, k) ?? pos, out, what, depth + 1);
}

export function checkConditionals(conds: unknown, pos: Pos, out: Diagnostic[], keyword: string): void {
  const list = Array.isArray(conds) ? conds : [conds];
  list.forEach((c, i) => {
    const err = conditionalSyntaxError(c);
    const p = Array.isArray(conds) ? valuePositionOf(conds, i) ?? pos : pos;
    if (err) out.push({ code: 'template-syntax', severity: 'error', ...p, message: `The conditional check '${String(c)}' failed. The error was: template error while templating string: ${err}`, expected: `a valid Jinja2 expression in ${keyword}` });
  });
}
