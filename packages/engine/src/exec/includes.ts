/**
 * Dynamic includes at run time (ansible-core 2.16 IncludedFile.process_include_results and
 * StrategyBase._load_included_file): each host's include result names a file; hosts that
 * include the same file with the same loop variables from the same task share one loaded copy
 * (so they run its tasks together), each copy is spliced into those hosts' iterator positions
 * and into the play's flat task list, and `included: <file> for <hosts>` is reported.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Block, Task } from '../load/model.js';
import type { ModuleResult } from '../module-api.js';
import type { PlayRun } from './play-run.js';
import type { HostOutcome } from './run-task.js';
import { isInclude } from './strategy-base.js';
import { blockTasks } from './play-iterator.js';
import { loadTaskFile, loadRoleBlocks } from '../load/loaders.js';
import { playHandlers } from './handlers.js';
import { toBool } from '../schema/coerce.js';
import { taskScope } from './task-vars.js';
import { templateValue } from '../template/index.js';
import { resolveTaskFile } from '../load/load-imports.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { checkTask } from '../validate/check-task.js';
import { staticCheckContext } from '../validate/validate-playbook.js';
import { formatDiagnostic } from '../validate/diagnostic.js';
import type { TaskInfo } from '../output/events.js';
import { PlayError } from './errors.js';
import { isDict, pyStr } from '../values/py.js';

interface IncludedFile {
  /** The task file, or for include_role the role's name. */
  file: string;
  /** include_role's options (name/role removed), when this is a role. */
  roleArgs?: Record<string, unknown>;
  vars: Record<string, unknown>;
  key: string;
  task: Task;
  hosts: string[];
  label?: string;
}

const SPECIAL = ['ansible_loop', '_ansible_item_label'];

function specialVars(task: Task, r: ModuleResult): Record<string, unknown> {
  if (!task.loop) return {};
  const out: Record<string, unknown> = {};
  const loopVar = typeof r.ansible_loop_var === 'string' ? r.ansible_loop_var : 'item';
  if (loopVar in r) out[loopVar] = r[loopVar];
  const indexVar = r.ansible_index_var;
  if (typeof indexVar === 'string' && indexVar in r) out[indexVar] = r[indexVar];
  for (const k of SPECIAL) if (k in r) out[k] = r[k];
  return out;
}

/**
 * Where an include_tasks file is (IncludedFile's search): beside the including file, the role's
 * tasks/ (handlers/), the play's directory: the loader's resolveTaskFile. Unfound: the play's
 * directory, as ansible reports the missing path.
 */
function resolveInclude(run: PlayRun, task: Task, name: string): string {
  const env = run.pv.play.loadEnv;
  const found = env ? resolveTaskFile(env, name, task.parent, task.handler === true) : undefined;
  return found ?? (isAbsolute(name) ? name : join(env?.basedir ?? run.rc.playbook.dir, name));
}

/**
 * The block the included tasks hang under: the include's own keywords are not inherited by them
 * (a dynamic include is not "statically loaded"), only its vars and loop variables are, plus
 * `apply:` keywords as a block of their own.
 */
function parentBlocks(task: Task, vars: Record<string, unknown>): Block {
  const own = isDict(task.keywords.vars) ? task.keywords.vars : {};
  const holder: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords: { vars: { ...own, ...vars } }, pos: task.pos, implicit: true, parent: task.parent,
  };
  const apply = task.args.apply;
  if (!isDict(apply)) return holder;
  return { kind: 'block', block: [], rescue: [], always: [], keywords: { ...apply }, pos: task.pos, implicit: true, parent: holder };
}

function loadIncluded(run: PlayRun, inc: IncludedFile): Block {
  const parent = parentBlocks(inc.task, inc.vars);
  // The block holding the file's tasks: nested includes resolve beside this file.
  const block: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: inc.task.pos, implicit: true, parent,
    importedBy: { action: 'include_tasks', file: inc.file, pos: inc.task.pos },
  };
  const diags: Diagnostic[] = [];
  const env = run.pv.play.loadEnv;
  const tasks = env
    ? loadTaskFile({ env, resolve: run.rc.actions.resolve, report: (d) => diags.push(d), file: inc.file, parent: block, at: inc.task.pos, ...(inc.task.handler ? { handler: true } : {}) })
    : undefined;
  const sc = staticCheckContext(run.rc.playbook.dir);
  for (const t of (tasks ?? []).flatMap((x) => (x.kind === 'task' ? [x] : blockTasks(x)))) {
    const r = run.rc.actions.get(t.resolved);
    if (r) checkTask(t, r, run.rc.templates, sc, diags);
  }
  for (const d of diags.filter((x) => x.severity === 'warning')) run.rc.emit({ kind: 'warning', message: d.message });
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length || !tasks) throw new PlayError(errors.map(formatDiagnostic).join('\n') || `could not load ${inc.file}`, 4);
  block.block = tasks;
  return block;
}

const FROM = ['tasks', 'vars', 'defaults', 'handlers'] as const;

/** IncludeRole.get_block_list through the loader's loadRoleBlocks; the role's handlers join the play's. */
function loadIncludedRole(run: PlayRun, inc: IncludedFile): Block {
  const args = inc.roleArgs!;
  const parent = parentBlocks(inc.task, inc.vars);
  const env = run.pv.play.loadEnv;
  const diags: Diagnostic[] = [];
  const fromFiles: Record<string, string> = {};
  for (const k of FROM) if (typeof args[`${k}_from`] === 'string') fromFiles[k] = args[`${k}_from`] as string;
  const loaded = env
    ? loadRoleBlocks({
        env, resolve: run.rc.actions.resolve, report: (d) => diags.push(d), parent, at: inc.task.pos, name: inc.file,
        options: {
          fromFiles, fromInclude: true, static: false,
          ...(args.public !== undefined ? { public: toBool(args.public) } : {}),
          allowDuplicates: args.allow_duplicates !== undefined ? toBool(args.allow_duplicates) : true,
          ...(args.rolespec_validate !== undefined ? { validate: toBool(args.rolespec_validate) } : {}),
          ...(isDict(inc.task.keywords.vars) ? { vars: inc.task.keywords.vars } : {}),
        },
      })
    : undefined;
  for (const d of diags.filter((x) => x.severity === 'warning')) run.rc.emit({ kind: 'warning', message: d.message });
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length || !loaded) throw new PlayError(errors.map(formatDiagnostic).join('\n') || `could not load the role ${inc.file}`, 4);
  const sc = staticCheckContext(run.rc.playbook.dir);
  for (const t of blockTasks(loaded.block)) {
    const r = run.rc.actions.get(t.resolved);
    if (r) checkTask(t, r, run.rc.templates, sc, diags);
  }
  const late = diags.filter((d) => d.severity === 'error');
  if (late.length) throw new PlayError(late.map(formatDiagnostic).join('\n'), 4);
  run.it.handlers = [...run.it.handlers, ...playHandlers(loaded.handlers)];
  return loaded.block;
}

function collect(run: PlayRun, task: Task, outcomes: HostOutcome[]): IncludedFile[] {
  const files: IncludedFile[] = [];
  for (const o of outcomes) {
    const items = task.loop ? (Array.isArray(o.result.results) ? (o.result.results as ModuleResult[]) : []) : [o.result];
    for (const r of items) {
      if (r.skipped || r.failed) continue;
      let file: string;
      let roleArgs: Record<string, unknown> | undefined;
      if (typeof r.include === 'string') file = resolveInclude(run, task, r.include);
      else if (isDict(r.include_args) && task.resolved === 'ansible.builtin.include_role') {
        const { name, role, ...rest } = r.include_args;
        const scope = taskScope(run.rc, run.pv, task, o.host).with({ name: 'include loop vars', vars: specialVars(task, r), native: true });
        file = pyStr(templateValue(name ?? role, scope, {}));
        roleArgs = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'apply' ? v : templateValue(v, scope, {})]));
      } else continue;
      const vars = specialVars(task, r);
      const key = JSON.stringify([file, roleArgs ?? null, vars]);
      let inc = files.find((f) => f.key === key && !f.hosts.includes(o.host));
      if (!inc) {
        inc = { file, vars, key, task, hosts: [], ...(roleArgs ? { roleArgs } : {}), ...(typeof r._ansible_item_label === 'string' ? { label: r._ansible_item_label } : {}) };
        files.push(inc);
      }
      inc.hosts.push(o.host);
    }
  }
  return files;
}

export async function processIncludes(run: PlayRun, task: Task, info: TaskInfo, outcomes: HostOutcome[], hostsLeft: string[]): Promise<void> {
  if (!isInclude(task)) return;
  const { rc, it } = run;
  const files = collect(run, task, outcomes);
  if (files.length === 0) return;
  const perHost = new Map<string, Block[]>(hostsLeft.map((h) => [h, []]));
  const includedTasks: Task[] = [];
  const failedHosts = new Set<string>();
  for (const inc of files) {
    if (inc.roleArgs) {
      // include_role: no `included:` line and no ok count (strategy: IncludeRole is a TaskInclude).
      const block = loadIncludedRole(run, inc);
      includedTasks.push(...blockTasks(block));
      for (const h of hostsLeft) if (inc.hosts.includes(h)) perHost.get(h)!.push(block);
      continue;
    }
    if (!existsSync(inc.file)) {
      const reason = `Could not find or access '${inc.file}' on the Ansible Controller.`;
      for (const h of inc.hosts) {
        rc.stats.bump(h, 'failed');
        rc.emit({ kind: 'host-result', task: info, host: h, status: 'failed', result: { reason } });
        failedHosts.add(h);
      }
      continue;
    }
    const block = loadIncluded(run, inc);
    for (const h of inc.hosts) rc.stats.bump(h, 'ok');
    rc.emit({ kind: 'included', task: info, file: inc.file, hosts: [...inc.hosts], ...(inc.label !== undefined ? { item: { label: pyStr(inc.label) } } : {}) });
    includedTasks.push(...blockTasks(block));
    for (const h of hostsLeft) if (inc.hosts.includes(h)) perHost.get(h)!.push(block);
  }
  for (const h of failedHosts) {
    run.failed.add(h);
    it.markFailed(h);
    run.pv.removed.add(h);
  }
  for (const h of hostsLeft) it.addTasks(h, perHost.get(h)!);
  it.allTasks.splice(it.curTask, 0, ...includedTasks);
}
