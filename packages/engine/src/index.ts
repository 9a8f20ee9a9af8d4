/** @pgplay/engine: the library. Named re-exports only; see module-api.ts for what modules use. */
export * from './module-api.js';
export * from './values/py.js';
export { UNKNOWN_TEXT } from './values/unknown.js';
export type * from './template/types.js';
export { TemplateError } from './template/errors.js';
export type { TemplateErrorCode } from './template/errors.js';
export { maskSecrets } from './connection/sh.js';
export { UnsafeText, isUnsafe } from './values/unsafe.js';
export { renderTemplate, templateValue, evaluateExpression, createLazyScope, isUndefined, literalEval, NOT_LITERAL } from './template/index.js';
export { Unknown, UnknownValue, isUnknown, containsUnknown } from './values/unknown.js';
export { BUILTIN_FILTER_NAMES, BUILTIN_TEST_NAMES, STATEMENT_NAMES, GLOBAL_NAMES, composeRegistry } from './template/index.js';
export { isPossiblyTemplate, tokenize, parseTemplate, ANSIBLE_ENV, LazyMapping } from './template/index.js';
export { ansibleRegistry, compilePython, reSearch, reMatch, reSub, reFindall, reEscape, dumpYaml, jsonDumps, passwordHash, versionCompare } from './template/ansible/index.js';
export type { CompiledPattern, PyFlags, DumpYamlOptions } from './template/ansible/index.js';
