/**
 * Everything that can be checked before any host is touched, beyond what loading checked:
 * module arguments against their schemas (templates accepted where values go), features pgplay
 * does not have yet, vars_files that don't exist.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Block, Playbook, Task, TaskOrBlock } from '../load/model.js';
import type { ActionTable } from '../exec/registry.js';
import type { Diagnostic } from './diagnostic.js';
import { validateArgsStatic } from '../schema/validate-args.js';
import { positionOf } from '../load/yaml-source.js';

function* tasksOf(list: TaskOrBlock[]): Generator<Task> {
  for (const t of list) {
    if (t.kind === 'task') yield t;
    else yield* tasksOfBlock(t);
  }
}
function* tasksOfBlock(b: Block): Generator<Task> {
  yield* tasksOf(b.block);
  yield* tasksOf(b.rescue);
  yield* tasksOf(b.always);
}

const isTemplate = (v: unknown) => typeof v === 'string' && /\{\{|\{%/.test(v);

function checkTask(task: Task, actions: ActionTable, out: Diagnostic[]): void {
  const r = actions.get(task.resolved);
  if (!r) return;
  const argsPos = positionOf(task.args) ?? task.pos;
  const schema = r.def.args;
  const openArgs = r.kind === 'action' && r.def.openArgs;
  if (!openArgs) {
    for (const msg of validateArgsStatic(r.def.name, schema, task.args)) {
      out.push({ code: msg.includes('not supported by pgplay yet') ? 'unsupported-option' : 'invalid-module-args', severity: 'error', ...argsPos, message: msg, expected: `the options of ${r.def.name} (pgplay doc ${r.def.name})` });
    }
  }
  if (task.keywords.notify !== undefined) {
    out.push({ code: 'unsupported-feature', severity: 'error', ...(positionOf(task.keywords) ?? task.pos), message: 'notify/handlers are not supported by pgplay yet', expected: 'tasks without notify' });
  }
  for (const k of ['async', 'poll'] as const) {
    if (task.keywords[k] !== undefined && !(k === 'poll' && task.keywords.async === undefined)) {
      out.push({ code: 'unsupported-feature', severity: 'error', ...task.pos, message: `'${k}' (asynchronous tasks) is not supported by pgplay yet`, expected: 'a synchronous task' });
    }
  }
}

function checkVarsFiles(pb: Playbook, out: Diagnostic[]): void {
  for (const play of pb.plays) {
    const v = play.keywords.vars_files;
    const list = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
    list.forEach((entry, i) => {
      const candidates = Array.isArray(entry) ? entry : [entry];
      if (candidates.some(isTemplate)) return;
      const found = candidates.some((c) => existsSync(isAbsolute(String(c)) ? String(c) : join(pb.dir, String(c))));
      if (!found) {
        const pos = positionOf(v, i) ?? play.pos;
        out.push({ code: 'file-not-found', severity: 'error', ...pos, message: `vars file ${candidates.map(String).join(', ')} was not found`, expected: 'a vars file relative to the playbook directory' });
      }
    });
  }
}

export function validatePlaybookModel(pb: Playbook, actions: ActionTable): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const play of pb.plays) {
    for (const list of [play.preTasks, play.tasks, play.postTasks]) for (const t of tasksOfBlock(list)) checkTask(t, actions, out);
    if (play.handlers.block.length > 0) {
      out.push({ code: 'unsupported-feature', severity: 'error', ...play.handlers.pos, message: 'handlers are not supported by pgplay yet', expected: 'plays without handlers' });
    }
  }
  checkVarsFiles(pb, out);
  return out;
}

export { tasksOf, tasksOfBlock };
