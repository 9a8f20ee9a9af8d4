/**
 * Static checks of one task: its arguments against the action's schema (with each problem at
 * the option it is about), the action's own static checks, keyword shapes that the loader can't
 * judge alone (register, environment, loop, with_<lookup>), and Jinja2 syntax everywhere.
 */
import type { Task } from '../load/model.js';
import type { Runnable } from '../exec/registry.js';
import type { Diagnostic } from './diagnostic.js';
import type { TemplateRegistry } from '../template/types.js';
import type { StaticCheckContext } from '../module-api.js';
import { validateArgsStatic, type ArgProblem } from '../schema/validate-args.js';
import { positionOf, valuePositionOf, type Pos } from '../load/yaml-source.js';
import { checkTemplates, checkConditionals } from './check-templates.js';
import { isIdentifier } from '../actions/fact-name.js';
import { isDict } from '../values/py.js';
import { isPossiblyTemplate } from '../template/api.js';

const isTemplate = (v: unknown) => typeof v === 'string' && isPossiblyTemplate(v);
const KEYWORDS_PY = new Set(['when', 'register']);

function where(task: Task, p: ArgProblem | { option?: string; at?: string }): Pos {
  const args = task.args;
  if (!p.option || p.at === 'task') return task.pos;
  const fromArgs = p.at === 'key' ? positionOf(args, p.option) : valuePositionOf(args, p.option);
  return fromArgs && fromArgs !== positionOf(args) ? fromArgs : task.argsPos;
}

function checkArgs(task: Task, r: Runnable, sc: StaticCheckContext, out: Diagnostic[]): void {
  const def = r.def;
  const expected = `the options of ${def.name}`;
  const openArgs = r.kind === 'action' && r.def.openArgs;
  if (!openArgs) {
    for (const p of validateArgsStatic(def.name, def.args, task.args)) {
      const code = p.message.includes('not supported by pgplay yet') ? 'unsupported-option' : 'invalid-module-args';
      out.push({ code, severity: 'error', ...where(task, p), message: p.message, expected });
    }
  }
  for (const p of def.staticCheck?.(task.args, sc) ?? []) {
    out.push({ code: p.code ?? 'invalid-module-args', severity: 'error', ...where(task, { ...(p.option ? { option: p.option } : {}), at: p.at ?? 'value' }), message: p.message, expected });
  }
  const raw = new Set(r.kind === 'action' ? r.def.rawArgs ?? [] : []);
  for (const [k, v] of Object.entries(task.args)) if (!raw.has(k)) checkTemplates(v, valuePositionOf(task.args, k) ?? task.argsPos, out, `option ${k}`);
}

function keywordPos(task: Task, key: string): Pos {
  return valuePositionOf(task.keywords, key) ?? task.pos;
}

function checkKeywords(task: Task, templates: TemplateRegistry, out: Diagnostic[]): void {
  const kw = task.keywords;
  const bad = (key: string, message: string, expected: string, pos = keywordPos(task, key)) => out.push({ code: 'invalid-keyword-value', severity: 'error', ...pos, message, expected });
  if (kw.register !== undefined && (typeof kw.register !== 'string' || !isIdentifier(kw.register) || KEYWORDS_PY.has(kw.register))) {
    bad('register', `Invalid variable name in 'register' specified: '${String(kw.register)}'`, 'a variable name (letters, digits, underscores; not starting with a digit)');
  }
  const env = kw.environment;
  if (env !== undefined && env !== null && !isTemplate(env) && !isDict(env) && !(Array.isArray(env) && env.every((e) => isDict(e) || isTemplate(e)))) {
    bad('environment', "the field 'environment' should be a mapping of variable names to values (or a list of them)", 'a mapping such as {PATH: /usr/bin}');
  }
  if (task.loop?.kind === 'loop') {
    const v = task.loop.value;
    if (!Array.isArray(v) && !isTemplate(v)) bad('loop', `Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(v)}`, 'a list, or a template that gives one', task.loop.pos.line ? valuePositionOf(task.keywords, 'loop') ?? task.loop.pos : task.loop.pos);
  } else if (task.loop?.kind === 'with' && !templates.lookups?.[task.loop.lookup]) {
    out.push({ code: 'unknown-keyword', severity: 'error', ...task.loop.pos, message: `'with_${task.loop.lookup}' is not a valid attribute for a Task: there is no lookup plugin named ${task.loop.lookup}`, expected: 'with_<lookup> for a lookup pgplay provides' });
  }
  for (const key of ['when', 'changed_when', 'failed_when', 'until'] as const) {
    if (kw[key] !== undefined) checkConditionals(kw[key], keywordPos(task, key), out, key);
  }
  for (const key of ['name', 'loop_control', 'vars', 'environment', 'delegate_to', 'retries', 'delay']) {
    if (kw[key] !== undefined) checkTemplates(kw[key], keywordPos(task, key), out, key);
  }
  if (task.loop) checkTemplates(task.loop.value, task.loop.pos, out, task.loop.kind === 'loop' ? 'loop' : `with_${task.loop.lookup}`);
}

export function checkTask(task: Task, r: Runnable, templates: TemplateRegistry, sc: StaticCheckContext, out: Diagnostic[]): void {
  checkArgs(task, r, sc, out);
  checkKeywords(task, templates, out);
  if (r.def.name === 'ansible.builtin.assert' && task.args.that !== undefined) checkConditionals(task.args.that, valuePositionOf(task.args, 'that') ?? task.argsPos, out, 'that');
}
