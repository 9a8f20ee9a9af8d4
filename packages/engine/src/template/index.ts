/** Templating: Jinja2 with Ansible's semantics. */
export { renderTemplate, templateValue, evaluateExpression, isPossiblyTemplate, isTemplate } from './api.js';
export { tokenize } from './lexer.js';
export { parseTemplate } from './parser.js';
export { ANSIBLE_ENV } from './environment.js';
export { createLazyScope } from './lazy-scope.js';
export { LazyMapping } from './lazy-mapping.js';
export { composeRegistry, BUILTIN_FILTER_NAMES, BUILTIN_TEST_NAMES } from './registry.js';
export { JUndefined, Markup, PyCallable, isUndefined } from './runtime-values.js';
export { literalEval, NOT_LITERAL } from './literal-eval.js';
export { pyJsonDumps } from './py/json.js';
export { strftime, PyDatetime } from './py/datetime.js';
export { percentFormat, strFormat, formatSpec } from './py/format.js';
export { STATEMENT_NAMES } from './parser.js';
export { GLOBAL_NAMES } from './globals.js';
export { TemplateError } from './errors.js';
