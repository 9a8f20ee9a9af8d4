/**
 * `when`, `changed_when`, `failed_when`, `until`: bare Jinja2 expressions, a list meaning AND,
 * evaluated as ansible-core 2.16's Conditional does (a bool, or the truth of the value).
 */
import { evaluateExpression, isTemplate } from '../template/index.js';
import type { Scope, TemplateOptions } from '../template/types.js';
import { isUnknown } from '../values/unknown.js';
import { truthy } from '../actions/truthy.js';

export type ConditionResult = { value: true } | { value: false; failed: unknown } | { value: 'unknown'; condition: string };

export function conditionList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** `warn`: Conditional's warning for a condition written as a template (`when: "{{ x }}"`). */
export function evaluateConditions(conds: unknown[], vars: Scope, options: TemplateOptions, warn?: (msg: string) => void): ConditionResult {
  for (const c of conds) {
    if (c === undefined || c === null) continue;
    let value: unknown;
    if (typeof c === 'boolean') value = c;
    else if (typeof c === 'string') {
      if (warn && isTemplate(c, options)) warn(`conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${c}`);
      value = evaluateExpression(c, vars, options);
    }
    else value = c;
    if (isUnknown(value)) return { value: 'unknown', condition: String(c) };
    if (!truthy(value)) return { value: false, failed: c };
  }
  return { value: true };
}
