/**
 * Everything that can be checked before any host is touched, beyond what loading checked:
 * each task (arguments, keywords, templates), play-level templates, vars_files, and features
 * pgplay does not have yet.
 */
import { existsSync } from 'node:fs';
import { readDataText } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { dirname, isAbsolute, join } from 'node:path';
import type { Block, Play, Playbook, Task, TaskOrBlock } from '../load/model.js';
import type { ActionTable } from '../exec/registry.js';
import type { Diagnostic } from './diagnostic.js';
import type { TemplateRegistry } from '../template/types.js';
import type { StaticCheckContext } from '../module-api.js';
import { positionOf, valuePositionOf, loadYamlDocument } from '../load/yaml-source.js';
import { checkTask } from './check-task.js';
import { checkTemplates } from './check-templates.js';
import { isPossiblyTemplate } from '../template/api.js';
import { isDict } from '../values/py.js';
import { checkNotifications, checkPlayKeywords } from './check-play.js';
import { findInSearchPath, taskSearchPath } from '../load/search-path.js';
import { checkIncludedRoleSpecs } from '../load/role-argspec.js';

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

const isTemplate = (v: unknown) => typeof v === 'string' && isPossiblyTemplate(v);

function unsupported(task: Task, out: Diagnostic[]): void {
  if (task.keywords.async !== undefined) {
    out.push({ code: 'unsupported-feature', severity: 'error', ...(valuePositionOf(task.keywords, 'async') ?? task.pos), message: "'async' (asynchronous tasks) is not supported by pgplay yet", expected: 'a synchronous task' });
  }
}

function checkVarsFile(path: string, out: Diagnostic[], vault: VaultLib | undefined): void {
  let text: string;
  try {
    text = readDataText(path, vault).text;
  } catch (e) {
    if (!(e instanceof VaultError)) throw e;
    out.push({ code: 'vault', severity: 'error', file: path, line: 1, column: 1, message: e.message, expected: 'a vault secret (--vault-id, --vault-password-file) that decrypts the file' });
    return;
  }
  const r = loadYamlDocument(text, path);
  out.push(...r.diagnostics);
  if (r.diagnostics.some((d) => d.severity === 'error') || r.value === null || isDict(r.value)) return;
  const pos = positionOf(r.value) ?? { file: path, line: 1, column: 1 };
  out.push({ code: 'playbook-structure', severity: 'error', ...pos, message: `${path} must contain a mapping of variable names to values`, expected: 'a YAML mapping' });
}

function checkVarsFiles(pb: Playbook, play: Play, out: Diagnostic[], vault: VaultLib | undefined): void {
  const v = play.keywords.vars_files;
  const list = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  list.forEach((entry, i) => {
    const candidates = (Array.isArray(entry) ? entry : [entry]).map(String);
    if (candidates.some(isTemplate)) return;
    const paths = candidates.map((c) => (isAbsolute(c) ? c : join(dirname(play.file), c)));
    const found = paths.find((p) => existsSync(p));
    if (found) return checkVarsFile(found, out, vault);
    const pos = (Array.isArray(v) ? valuePositionOf(v, i) : valuePositionOf(play.keywords, 'vars_files')) ?? play.pos;
    out.push({ code: 'file-not-found', severity: 'error', ...pos, message: `vars file ${candidates.join(', ')} was not found`, expected: 'a vars file relative to the playbook directory' });
  });
}

/** What actions' static checks may ask: files relative to the playbook directory. */
export function staticCheckContext(dir: string): StaticCheckContext {
  return {
    findFile(kind, name) {
      if (isAbsolute(name)) return existsSync(name) ? name : null;
      for (const c of [join(dir, kind, name), join(dir, name)]) if (existsSync(c)) return c;
      return null;
    },
    isTemplate,
  };
}

export function validatePlaybookModel(pb: Playbook, actions: ActionTable, templates: TemplateRegistry, vault?: VaultLib): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Files are looked for as at run time: the task's role(s) and file directory, then the play's.
  const scOf = (t: Task, play: Play): StaticCheckContext => ({
    findFile: (kind, name) => findInSearchPath([...taskSearchPath(t), dirname(play.file)], kind, name),
    isTemplate,
  });
  for (const play of pb.plays) {
    for (const key of ['vars', 'name', 'hosts', 'environment']) {
      if (play.keywords[key] !== undefined) checkTemplates(play.keywords[key], valuePositionOf(play.keywords, key) ?? play.pos, out, `play ${key}`);
    }
    for (const list of [play.preTasks, play.tasks, play.postTasks, play.handlers]) {
      for (const t of tasksOfBlock(list)) {
        const r = actions.get(t.resolved);
        if (r) checkTask(t, r, templates, scOf(t, play), out);
        if (play.loadEnv) checkIncludedRoleSpecs(play.loadEnv, t, (d) => out.push(d));
        unsupported(t, out);
      }
    }
    checkNotifications(play, out);
    checkPlayKeywords(play, out);
    checkVarsFiles(pb, play, out, vault);
  }
  return out;
}

export { tasksOf, tasksOfBlock };
