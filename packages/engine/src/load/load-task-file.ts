/**
 * A task file (what `include_tasks` names): a YAML list of tasks and blocks loaded under a
 * given parent block. Used at run time by dynamic includes; every problem is a diagnostic.
 */
import { readFileSync } from 'node:fs';
import { loadYamlDocument, positionOf } from './yaml-source.js';
import { loadTaskList, type ActionResolver } from './load-task.js';
import type { Block, TaskOrBlock } from './model.js';
import type { Diagnostic } from '../validate/diagnostic.js';

export interface LoadedTaskFile {
  tasks: TaskOrBlock[];
  diagnostics: Diagnostic[];
}

/** Loads `file` (already resolved, known to exist) as tasks whose parent is `parent`. */
export function loadTaskFile(file: string, parent: Block, resolve: ActionResolver, opts: { handler?: boolean } = {}): LoadedTaskFile {
  const { value, diagnostics } = loadYamlDocument(readFileSync(file, 'utf8'), file);
  if (diagnostics.some((d) => d.severity === 'error') || value === null || value === undefined) return { tasks: [], diagnostics };
  if (!Array.isArray(value)) {
    const pos = positionOf(value) ?? { file, line: 1, column: 1 };
    diagnostics.push({ code: 'playbook-structure', severity: 'error', ...pos, message: 'included task files must contain a list of tasks', expected: 'a list of tasks' });
    return { tasks: [], diagnostics };
  }
  const tasks = loadTaskList({ file, resolve, report: (d) => diagnostics.push(d), ...(opts.handler ? { handler: true } : {}) }, value, parent);
  return { tasks, diagnostics };
}
