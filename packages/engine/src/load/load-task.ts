/**
 * One task or block dict → a Task/Block, as ansible-core's ModuleArgsParser and Block.load read
 * it: the action is the one key that names a module, free-form text is split into k=v options,
 * `args:` has the lowest precedence. Problems go to the sink with the task's position.
 */
import { positionOf, valuePositionOf, copyPosition, type Pos } from './yaml-source.js';
import { BLOCK_KEYWORDS, HANDLER_KEYWORDS, TASK_KEYWORDS, LOOP_CONTROL_KEYS } from './keywords.js';
import { parseKv, SplitArgsError } from './split-args.js';
import { checkKeywordValue } from './check-keyword.js';
import type { Block, Play, RoleInstance, Task, TaskOrBlock, LoopSpec } from './model.js';
import type { LoadEnv } from './load-env.js';
import { includeKeyOf, loadIncludeTask } from './load-imports.js';
import type { DiagnosticSink } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

export interface ResolvedAction {
  /** FQCN of a module, or the engine action's name. */
  fqcn: string;
  /** Takes free-form text as `_raw_params` (command, shell, raw, script, set_fact, meta …). */
  freeForm: boolean;
  /** command-like modules whose k=v parsing keeps unknown pairs in the raw text. */
  rawKv?: boolean;
}
export type ActionResolver = (name: string) => ResolvedAction | undefined;

export interface TaskLoadContext {
  file: string;
  resolve: ActionResolver;
  report: DiagnosticSink;
  handler?: boolean;
  /** Imports and roles resolve through this; without it they are reported as unavailable. */
  env?: LoadEnv;
  /** The role whose files are being loaded. */
  role?: RoleInstance;
}

const hasTemplate = (s: string) => /\{\{|\{%/.test(s);

function posOf(ctx: TaskLoadContext, obj: unknown, key?: string): Pos {
  return (key === undefined ? positionOf(obj) : positionOf(obj, key)) ?? { file: ctx.file, line: 1, column: 1 };
}

function error(ctx: TaskLoadContext, pos: Pos, code: Parameters<DiagnosticSink>[0]['code'], message: string, expected?: string): void {
  ctx.report({ code, severity: 'error', ...pos, message, ...(expected ? { expected } : {}) });
}

/** `module: <thing>` → args dict, as _normalize_new_style_args. */
function normalizeArgs(ctx: TaskLoadContext, thing: unknown, act: ResolvedAction, pos: Pos): Record<string, unknown> {
  if (thing === null || thing === undefined) return {};
  if (isDict(thing)) return { ...thing };
  if (typeof thing === 'string' || typeof thing === 'number' || typeof thing === 'boolean') {
    try {
      return parseKv(String(thing), act.rawKv ?? false);
    } catch (e) {
      if (e instanceof SplitArgsError) error(ctx, pos, 'invalid-module-args', e.message, 'balanced quotes and Jinja2 blocks');
      else throw e;
      return {};
    }
  }
  error(ctx, pos, 'invalid-module-args', `unexpected parameter type in action: ${Array.isArray(thing) ? 'list' : typeof thing}`, 'a mapping of options or a free-form string');
  return {};
}

/** `action: copy src=a` / `local_action: {module: copy, src: a}` → [name, thing]. */
function oldStyle(ctx: TaskLoadContext, thing: unknown, pos: Pos): [string, unknown] | undefined {
  if (typeof thing === 'string') {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(thing);
    return m ? [m[1]!, m[2] ?? ''] : undefined;
  }
  if (isDict(thing) && typeof thing.module === 'string') {
    const { module, ...rest } = thing;
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(module as string)!;
    return [m[1]!, m[2] ? { ...rest, ...parseKv(m[2]) } : rest];
  }
  error(ctx, pos, 'invalid-module-args', 'unexpected parameter type in action', 'a module name followed by its options, or a mapping with a "module" key');
  return undefined;
}

function findAction(ctx: TaskLoadContext, ds: Record<string, unknown>, keywords: Record<string, unknown>, pos: Pos) {
  const found: { name: string; thing: unknown; resolved: ResolvedAction; pos: Pos; keyPos: Pos }[] = [];
  for (const key of ['action', 'local_action'] as const) {
    if (!(key in ds)) continue;
    const kpos = valuePositionOf(ds, key) ?? posOf(ctx, ds, key);
    const split = oldStyle(ctx, ds[key], kpos);
    if (!split) continue;
    const resolved = ctx.resolve(split[0]);
    if (!resolved) error(ctx, kpos, 'unknown-module', `couldn't resolve module/action '${split[0]}'. This often indicates a misspelling, missing collection, or incorrect module path.`, 'a module pgplay provides');
    else found.push({ name: split[0], thing: split[1], resolved, pos: kpos, keyPos: posOf(ctx, ds, key) });
  }
  const unknown: string[] = [];
  for (const key of Object.keys(ds)) {
    if (Object.hasOwn(keywords, key) || key.startsWith('with_')) continue;
    const resolved = ctx.resolve(key);
    if (resolved) found.push({ name: key, thing: ds[key], resolved, pos: valuePositionOf(ds, key) ?? posOf(ctx, ds, key), keyPos: posOf(ctx, ds, key) });
    else unknown.push(key);
  }
  return { found, unknown };
}

function loadLoop(ctx: TaskLoadContext, ds: Record<string, unknown>): LoopSpec | undefined {
  const withKeys = Object.keys(ds).filter((k) => k.startsWith('with_'));
  const specs: LoopSpec[] = withKeys.map((k) => ({ kind: 'with', lookup: k.slice(5), value: ds[k], pos: posOf(ctx, ds, k) }));
  if ('loop' in ds) specs.push({ kind: 'loop', value: ds.loop, pos: posOf(ctx, ds, 'loop') });
  if (specs.length > 1) {
    const later = [...specs].sort((a, b) => b.pos.line - a.pos.line || b.pos.column - a.pos.column)[0]!;
    error(ctx, later.pos, 'invalid-keyword-value', `duplicate loop in task: ${[...withKeys, ...('loop' in ds ? ['loop'] : [])].join(', ')}`, 'one of loop or with_<lookup> per task');
  }
  const lc = ds.loop_control;
  if (lc !== undefined) {
    if (!isDict(lc)) error(ctx, posOf(ctx, ds, 'loop_control'), 'invalid-keyword-value', 'loop_control must be a mapping', 'a mapping with loop_var, index_var, label, pause, extended');
    else for (const k of Object.keys(lc)) if (!LOOP_CONTROL_KEYS.has(k)) error(ctx, posOf(ctx, lc, k), 'unknown-keyword', `'${k}' is not a valid attribute for a LoopControl`, `one of ${[...LOOP_CONTROL_KEYS].join(', ')}`);
  }
  return specs[0];
}

export function loadTask(ctx: TaskLoadContext, ds: unknown, parent: Block, at?: Pos): TaskOrBlock | undefined {
  const pos = positionOf(ds) ?? at ?? posOf(ctx, ds);
  if (!isDict(ds)) {
    error(ctx, pos, 'playbook-structure', `A malformed task was found: ${JSON.stringify(ds)}`, 'a task (a mapping with a module) or a block');
    return undefined;
  }
  if ('block' in ds) return loadBlock(ctx, ds, parent);
  const include = includeKeyOf(ds);
  if (include !== undefined) return loadIncludeTask(ctx, ds, include, parent, pos);
  const keywords = ctx.handler ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  const { found, unknown } = findAction(ctx, ds, keywords, pos);
  if (found.length > 1) {
    error(ctx, found[1]!.keyPos, 'conflicting-action', `conflicting action statements: ${found[0]!.name}, ${found[1]!.name}`, 'exactly one module per task');
    return undefined;
  }
  if (found.length === 0) {
    if (unknown.length > 0) {
      const k = unknown[0]!;
      error(ctx, posOf(ctx, ds, k), 'unknown-module', `couldn't resolve module/action '${k}'. This often indicates a misspelling, missing collection, or incorrect module path.`, 'a module pgplay provides or a task keyword');
    } else error(ctx, pos, 'missing-action', 'no module/action detected in task.', 'one module per task');
    return undefined;
  }
  for (const k of unknown) error(ctx, posOf(ctx, ds, k), 'unknown-keyword', `'${k}' is not a valid attribute for a Task`, 'a task keyword');
  const act = found[0]!;
  return buildTask(ctx, ds, parent, act, pos);
}

function buildTask(ctx: TaskLoadContext, ds: Record<string, unknown>, parent: Block, act: { name: string; thing: unknown; resolved: ResolvedAction; pos: Pos; keyPos: Pos }, pos: Pos): Task {
  const extra = ds.args;
  const args: Record<string, unknown> = {};
  if (typeof extra === 'string') {
    if (hasTemplate(extra)) args._variable_params = extra;
    else error(ctx, posOf(ctx, ds, 'args'), 'invalid-module-args', 'Complex args containing variables cannot use bare variables (without Jinja2 delimiters), and must use the full variable style (\'{{var_name}}\')', 'a mapping or "{{ var }}"');
  } else if (isDict(extra)) Object.assign(args, extra);
  else if (extra !== undefined && extra !== null) error(ctx, valuePositionOf(ds, 'args') ?? posOf(ctx, ds, 'args'), 'invalid-keyword-value', `the field 'args' has an invalid value: Complex args must be a dictionary or variable string ("{{var}}").`, 'a mapping of module options');
  const own = normalizeArgs(ctx, act.thing, act.resolved, act.pos);
  Object.assign(args, own);
  if (isDict(act.thing)) copyPosition(act.thing, args);
  if (typeof args._raw_params === 'string' && args._raw_params !== '' && !act.resolved.freeForm) {
    const raw = args._raw_params;
    delete args._raw_params;
    if (hasTemplate(raw)) args._variable_params = raw;
    else error(ctx, act.pos, 'invalid-module-args', `this task '${act.name}' has extra params, which is only allowed in the following modules: command, shell, raw, script, include_vars, include_tasks, import_tasks, add_host, group_by, set_fact, meta`, 'options written as key=value');
  }
  const keywords: Record<string, unknown> = {};
  const table = ctx.handler ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  for (const [k, v] of Object.entries(ds)) {
    if (!Object.hasOwn(table, k) || k === 'action' || k === 'local_action' || k === 'args' || k === 'loop') continue;
    checkKeywordValue(ctx.report, k, v, table[k]!, valuePositionOf(ds, k) ?? pos, 'Task');
    keywords[k] = v;
  }
  copyPosition(ds, keywords);
  const loop = loadLoop(ctx, ds);
  const task: Task = {
    kind: 'task', action: act.name, resolved: act.resolved.fqcn, args, keywords, pos, argsPos: act.pos, parent,
    id: `${pos.file}:${pos.line}:${pos.column}`,
    ...(loop ? { loop } : {}),
    ...('local_action' in ds ? { delegateTo: 'localhost' } : {}),
    ...(ctx.handler ? { handler: true } : {}),
  };
  return task;
}

export function loadTaskList(ctx: TaskLoadContext, list: unknown, parent: Block, at?: Pos): TaskOrBlock[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    error(ctx, positionOf(list) ?? at ?? posOf(ctx, list), 'playbook-structure', 'A list of tasks was expected here', 'a list of tasks');
    return [];
  }
  return list.map((t, i) => loadTask(ctx, t, parent, valuePositionOf(list, i))).filter((t): t is TaskOrBlock => t !== undefined);
}

export function loadBlock(ctx: TaskLoadContext, ds: Record<string, unknown>, parent: Block | Play): Block {
  const pos = posOf(ctx, ds);
  const keywords: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ds)) {
    if (!Object.hasOwn(BLOCK_KEYWORDS, k)) {
      error(ctx, posOf(ctx, ds, k), 'unknown-keyword', `'${k}' is not a valid attribute for a Block`, 'a block keyword (block, rescue, always, when, vars, …)');
      continue;
    }
    if (k === 'block' || k === 'rescue' || k === 'always') continue;
    checkKeywordValue(ctx.report, k, v, BLOCK_KEYWORDS[k]!, valuePositionOf(ds, k) ?? pos, 'Block');
    keywords[k] = v;
  }
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords, pos, implicit: false, parent };
  block.block = loadTaskList(ctx, ds.block, block, valuePositionOf(ds, 'block'));
  block.rescue = loadTaskList(ctx, ds.rescue, block, valuePositionOf(ds, 'rescue'));
  block.always = loadTaskList(ctx, ds.always, block, valuePositionOf(ds, 'always'));
  return block;
}

/** The play's own task lists become implicit blocks, as Ansible does. */
export function implicitBlock(ctx: TaskLoadContext, list: unknown, play: Play, pos: Pos): Block {
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos, implicit: true, parent: play };
  block.block = loadTaskList(ctx, list, block, pos);
  return block;
}
