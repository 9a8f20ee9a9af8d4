/**
 * The three entry points, with ansible-core 2.16's rules:
 *  renderTemplate      what the `template` module writes (AnsibleEnvironment, ansible_concat,
 *                      trailing newlines preserved, `#jinja2:` header overrides);
 *  templateValue       Templar.template(): lists/dicts walked (values only, keys as they are),
 *                      a lone `{{ var }}` holding a bool/number returned as is, otherwise text,
 *                      literal_eval'd when it looks like a list/dict/bool (ansible_eval_concat);
 *  evaluateExpression  Conditional._check_conditional(): `{% if expr %} True {% else %} False {% endif %}`.
 */
import { tokenize } from './lexer.js';
import { isVaultText } from '../values/vault-text.js';
import type { TemplateOptions, Vars } from './types.js';
import { TemplateError, errorKind } from './errors.js';
import { ANSIBLE_ENV, applyHeader, envOf, parseCached } from './environment.js';
import { escapeBackslashes } from './lexer.js';
import { literalEval, NOT_LITERAL } from './literal-eval.js';
import { layer, locate, runAst, setRenderHooks } from './render.js';
import { UnknownValue, isUnknown } from '../values/unknown.js';
import { UnsafeText } from '../values/unsafe.js';
import { PyFloat, PyTuple, isDict, pyStr, setItem } from '../values/py.js';
import { isScope } from './runtime.js';
import { createLazyScope, rawValueOf } from './lazy-scope.js';

const NO_OPTIONS: TemplateOptions = {};
const LOCATED = new WeakSet<TemplateError>();

function located(err: unknown, src: string, options: TemplateOptions, headerLines: number,
  wrap: (e: TemplateError) => string): TemplateError {
  if (err instanceof TemplateError && LOCATED.has(err)) return err;
  const e = locate(err, src, options, headerLines, wrap);
  LOCATED.add(e);
  return e;
}

function valueWording(src: string): (e: TemplateError) => string {
  return (e) => {
    // AnsibleError(…, orig_exc=e) prints ". <e>" after its own text (AnsibleError.message).
    if (e.code === 'template-syntax') return `template error while templating string: ${e.message}. String: ${src}. ${e.message}`;
    if (e.code === 'template-type') return `Unexpected templating type error occurred on (${src}): ${e.message}. ${e.message}`;
    return e.message;
  };
}

function countTrailingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s[s.length - 1 - n] === '\n') n++;
  return n;
}

export function renderTemplate(source: string, vars: Vars, options: TemplateOptions = NO_OPTIONS): string {
  const h = applyHeader(source, envOf(options));
  const body = h.source;
  try {
    const out = runAst(parseCached(body, h.env), vars, options, h.env);
    let text = out.text();
    const want = countTrailingNewlines(body);
    const have = countTrailingNewlines(text);
    if (want > have) text += h.env.newlineSequence.repeat(want - have);
    return text;
  } catch (err) {
    throw located(err, body, options, h.lines, valueWording(body));
  }
}

/** Ansible's is_possibly_template: the text holds a `{{`, `{%` or `{#` start (of the options' environment). */
export function isPossiblyTemplate(s: string, options: TemplateOptions = NO_OPTIONS): boolean {
  const env = envOf(options);
  if (env === ANSIBLE_ENV) return s.includes('{') && (s.includes('{{') || s.includes('{%') || s.includes('{#'));
  return s.includes(env.variableStartString) || s.includes(env.blockStartString) || s.includes(env.commentStartString);
}

/**
 * Ansible's is_template: the first Jinja2 start delimiter is closed by its own end delimiter
 * (a text the lexer refuses is not a template).
 */
export function isTemplate(s: string, options: TemplateOptions = NO_OPTIONS): boolean {
  if (!isPossiblyTemplate(s, options)) return false;
  const env = envOf(options);
  const at = (d: string) => {
    const i = s.indexOf(d);
    return i < 0 ? Infinity : i;
  };
  // A comment first: its own end makes it a template (ansible's loop returns at the first end
  // token that matches the last start), an unclosed one a syntax error, so no template.
  const comment = at(env.commentStartString);
  if (comment < Math.min(at(env.variableStartString), at(env.blockStartString))) return s.includes(env.commentEndString, comment + env.commentStartString.length);
  let tokens;
  try {
    tokens = tokenize(s, env);
  } catch {
    return false;
  }
  const begin = tokens.findIndex((t) => t.type === 'var_begin' || t.type === 'block_begin');
  if (begin < 0) return false;
  const end = tokens.slice(begin + 1).find((t) => t.type === 'var_end' || t.type === 'block_end');
  return end !== undefined && end.type === (tokens[begin]!.type === 'var_begin' ? 'var_end' : 'block_end');
}

const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/;

function templateString(s: string, vars: Vars, options: TemplateOptions): unknown {
  if (!isPossiblyTemplate(s, options)) return s;
  const env = envOf(options);
  if (env === ANSIBLE_ENV) {
    const m = SINGLE_VAR.exec(s);
    if (m) {
      const raw = rawValueOf(vars, m[1]!);
      // Templar.template's SINGLE_VAR shortcut: a lone variable whose raw value is a bool or number.
      if (typeof raw === 'number' || typeof raw === 'boolean' || raw instanceof PyFloat) return raw;
      if (raw === null) return null;
    }
  }
  const src = escapeBackslashes(s, env);
  try {
    const out = runAst(parseCached(src, env), vars, options, env);
    if (out.unknown) return new UnknownValue(s);
    let res: unknown = out.text();
    const text = res as string;
    if (!(out.nodes === 1 && out.nativeText) && (text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False')) {
      const v = literalEval(text);
      if (v !== NOT_LITERAL) res = v;
    }
    if (typeof res === 'string') {
      const want = countTrailingNewlines(s);
      const have = countTrailingNewlines(res);
      if (want > have) res += env.newlineSequence.repeat(want - have);
    }
    return res;
  } catch (err) {
    throw located(err, src, options, 0, valueWording(src));
  }
}

/** Templar.template(value) in default (non-native) mode. */
export function templateValue(value: unknown, vars: Vars, options: TemplateOptions = NO_OPTIONS): unknown {
  if (value instanceof UnsafeText) return value.value;
  if (isUnknown(value)) return value;
  if (isVaultText(value)) {
    if (options.vault) return options.vault(value);
    throw new TemplateError('vault', 'Attempting to decrypt but no vault secrets found', value.where);
  }
  if (typeof value === 'string') return templateString(value, vars, options);
  if (Array.isArray(value)) {
    const items = value.map((v) => templateValue(v, vars, options));
    return value instanceof PyTuple ? PyTuple.of_(items) : items;
  }
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setItem(out, k, templateValue(v, vars, options));
    return out;
  }
  return value;
}

function exprWording(expr: string): (e: TemplateError) => string {
  // Conditional._check_conditional re-raises do_template's AnsibleUndefinedVariable, whose text ends
  // with ". <the original UndefinedError>" (AnsibleError's orig_exc suffix).
  return (e) => `The conditional check '${expr}' failed. The error was: ${e.code === 'undefined-variable'
    ? `error while evaluating conditional (${expr}): ${e.message}. ${e.message}` : e.message}`;
}

/**
 * A `when:`/`failed_when:`/`until:`/`that:` condition: true/false as Ansible decides it, or an
 * UnknownValue when the result depends on a value known only after apply.
 */
export function evaluateExpression(expression: unknown, vars: Vars, options: TemplateOptions = NO_OPTIONS): boolean | UnknownValue {
  if (expression === null || expression === undefined || expression === '') return true;
  if (typeof expression === 'boolean') return expression;
  let cond: unknown = expression;
  const original = pyStr(expression);
  try {
    if (typeof cond === 'string' && isPossiblyTemplate(cond, options)) {
      cond = templateValue(cond, vars, options);
      if (typeof cond === 'boolean') return cond;
      if (isUnknown(cond)) return cond;
      if (cond === '') return false;
    }
    const wrapped = `{% if ${pyStr(cond)} %} True {% else %} False {% endif %}`;
    const r = templateValue(wrapped, vars, options);
    if (isUnknown(r)) return new UnknownValue(original);
    return typeof r === 'string' && r.trim() === 'True';
  } catch (err) {
    if (err instanceof TemplateError) {
      // Conditional.evaluate_conditional_with_result wraps only AnsibleErrors; Python's pass through.
      const kind = errorKind(err);
      if (kind === 'python' || kind === 'value') throw err;
      // The conditional's own wrapper is a plain AnsibleError, an undefined variable inside included:
      // the task's failure is its text, never "The task includes an option with an undefined variable".
      const e = new TemplateError(err.code === 'undefined-variable' ? 'template-runtime' : err.code, exprWording(original)(err), {
        file: err.file, line: err.line, column: err.column, template: original,
      });
      e.pyClass = 'ansible.errors.AnsibleError';
      throw e;
    }
    throw err;
  }
}

setRenderHooks({
  renderString: (source, vars, options) => renderTemplate(source, vars, options),
  wrapVars: (vars, options) => (isScope(vars) ? vars : createLazyScope(vars as Record<string, unknown>, options)),
});

export { layer };
