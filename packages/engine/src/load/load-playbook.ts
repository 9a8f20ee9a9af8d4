/**
 * A playbook file → plays of blocks of tasks, every problem collected as a diagnostic (nothing
 * stops at the first one), nothing templated yet.
 */
import { readDataText } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadYamlDocument, positionOf, valuePositionOf, copyPosition, type Pos } from './yaml-source.js';
import { IMPORT_PLAYBOOK_KEYWORDS, PLAY_KEYWORDS } from './keywords.js';
import { checkKeywordValue } from './check-keyword.js';
import { implicitBlock, type ActionResolver, type TaskLoadContext } from './load-task.js';
import type { Block, Play, Playbook } from './model.js';
import { newLoadEnv, templateAtLoad, type LoadEnv } from './load-env.js';
import { compileRole, compileRoleHandlers, loadRole } from './load-role.js';
import { splitArgs } from './split-args.js';
import type { TemplateRegistry } from '../template/types.js';
import { TemplateError } from '../template/errors.js';
import { pyStr } from '../values/py.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

const TASK_LISTS = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'] as const;

export interface LoadPlaybookResult {
  playbook: Playbook | undefined;
  diagnostics: Diagnostic[];
}

/** How the playbook is loaded: extra vars (names of imports may use them) and the roles path. */
export interface LoadPlaybookOptions {
  extraVars?: Record<string, unknown>;
  /** Overrides ANSIBLE_ROLES_PATH / the default roles path. */
  rolesPath?: string[];
  templates?: TemplateRegistry;
  vault?: VaultLib;
}

function loadPlay(ctx: TaskLoadContext, ds: unknown, index: number, file: string, at: Pos | undefined, opts: LoadPlaybookOptions): Play | undefined {
  const pos: Pos = positionOf(ds) ?? at ?? { file, line: 1, column: 1 };
  const err = (p: Pos, code: Diagnostic['code'], message: string, expected?: string) =>
    ctx.report({ code, severity: 'error', ...p, message, ...(expected ? { expected } : {}) });
  if (!isDict(ds)) {
    err(pos, 'playbook-structure', 'A playbook must be a list of plays, got an entry that is not a mapping', 'a mapping with hosts and tasks');
    return undefined;
  }
  const keywords: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ds)) {
    if (!Object.hasOwn(PLAY_KEYWORDS, k)) {
      err(positionOf(ds, k) ?? pos, 'unknown-keyword', `'${k}' is not a valid attribute for a Play`, 'a play keyword (hosts, vars, tasks, …)');
      continue;
    }
    checkKeywordValue(ctx.report, k, v, PLAY_KEYWORDS[k]!, valuePositionOf(ds, k) ?? pos, 'Play');
    if (!(TASK_LISTS as readonly string[]).includes(k)) keywords[k] = v;
  }
  copyPosition(ds, keywords);
  if (!('hosts' in ds)) err(pos, 'playbook-structure', "the field 'hosts' is required but was not set", 'hosts: <pattern>');
  else if (ds.hosts === null || ds.hosts === '' || (Array.isArray(ds.hosts) && ds.hosts.length === 0)) {
    err(valuePositionOf(ds, 'hosts') ?? pos, 'invalid-keyword-value', "the field 'hosts' has an empty value, which is not allowed", 'a host pattern such as all, a group or a host name');
  }
  const name = typeof ds.name === 'string' ? ds.name : ds.name === undefined || ds.name === null ? '' : String(ds.name);
  const env: LoadEnv = newLoadEnv(dirname(file), opts);
  env.playVars = typeof ds.vars === 'object' && ds.vars !== null && !Array.isArray(ds.vars) ? (ds.vars as Record<string, unknown>) : {};
  const pctx: TaskLoadContext = { ...ctx, env };
  const play = { kind: 'play', name, hosts: ds.hosts, pos, keywords, file, index, loadEnv: env } as Play;
  const listPos = (k: string) => valuePositionOf(ds, k) ?? pos;
  play.preTasks = implicitBlock(pctx, ds.pre_tasks, play, listPos('pre_tasks'));
  play.tasks = implicitBlock(pctx, [], play, listPos('tasks'));
  play.handlers = implicitBlock({ ...pctx, handler: true }, [], play, listPos('handlers'));
  const roleBlocks = loadPlayRoles(pctx, env, ds.roles, play, listPos('roles'));
  const tasks = implicitBlock(pctx, ds.tasks, play, listPos('tasks'));
  play.tasks.block = [...roleBlocks, ...tasks.block];
  for (const t of tasks.block) t.parent = play.tasks;
  play.postTasks = implicitBlock(pctx, ds.post_tasks, play, listPos('post_tasks'));
  const own = implicitBlock({ ...pctx, handler: true }, ds.handlers, play, listPos('handlers'));
  for (const t of own.block) t.parent = play.handlers;
  const roleHandlers = env.playRoles.filter((r) => !r.fromInclude).flatMap((r) => compileRoleHandlers({ ...pctx, handler: true }, r, play.handlers));
  play.handlers.block = [...roleHandlers, ...own.block, ...env.importedHandlers];
  play.roles = env.playRoles;
  return play;
}

/** `roles:` → one compiled block per entry (Play._load_roles, then Play._compile_roles). */
function loadPlayRoles(ctx: TaskLoadContext, env: LoadEnv, list: unknown, play: Play, at: Pos): Block[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    ctx.report({ code: 'playbook-structure', severity: 'error', ...(positionOf(list) ?? at), message: 'A malformed role declaration was encountered.', expected: 'a list of roles' });
    return [];
  }
  // Every entry joins play.roles before any is compiled: roles that their tasks import come after.
  const roles = list.map((entry, i) => loadRole(ctx, env, entry, valuePositionOf(list, i) ?? at));
  for (const r of roles) if (r) env.playRoles.push(r);
  return roles.filter((r) => r !== undefined).map((r) => compileRole(ctx, r, play.tasks));
}

/** Loads a playbook text (already read) as `file`. */
export function loadPlaybookText(text: string, file: string, resolveAction: ActionResolver, opts: LoadPlaybookOptions = {}, importing: string[] = []): LoadPlaybookResult {
  const { value, diagnostics } = loadYamlDocument(text, file);
  if (diagnostics.some((d) => d.severity === 'error')) return { playbook: undefined, diagnostics };
  const ctx: TaskLoadContext = { file, resolve: resolveAction, report: (d) => diagnostics.push(d) };
  if (!Array.isArray(value)) {
    diagnostics.push({
      code: 'playbook-structure', severity: 'error', file, line: positionOf(value)?.line ?? 1, column: positionOf(value)?.column ?? 1,
      message: 'A playbook must be a list of plays, got a ' + (value === null ? 'empty file' : isDict(value) ? 'mapping' : typeof value) + ' instead',
      expected: 'a list of plays, each a mapping with hosts and tasks',
    });
    return { playbook: undefined, diagnostics };
  }
  const plays: Play[] = [];
  value.forEach((p, i) => {
    const at = valuePositionOf(value, i);
    if (p !== null && typeof p === 'object' && !Array.isArray(p) && ('import_playbook' in p || 'ansible.builtin.import_playbook' in p)) {
      plays.push(...importPlaybook(ctx, p as Record<string, unknown>, file, at ?? { file, line: 1, column: 1 }, resolveAction, opts, [...importing, file]));
      return;
    }
    const play = loadPlay(ctx, p, i, file, at, opts);
    if (play) plays.push(play);
  });
  return { playbook: { file, dir: dirname(file), plays }, diagnostics };
}

/**
 * `- import_playbook: other.yml` (PlaybookInclude): the other file's plays, loaded with their own
 * directory as base, each given the import's `vars` (over the play's), its tags, and its `when`
 * put in front of every task list's conditions.
 */
function importPlaybook(ctx: TaskLoadContext, ds: Record<string, unknown>, file: string, at: Pos, resolveAction: ActionResolver, opts: LoadPlaybookOptions, importing: string[]): Play[] {
  const pos = positionOf(ds) ?? at;
  const report = (p: Pos, message: string, code: Parameters<TaskLoadContext['report']>[0]['code'] = 'playbook-structure', expected?: string) =>
    ctx.report({ code, severity: 'error', ...p, message, ...(expected ? { expected } : {}) });
  const key = 'import_playbook' in ds ? 'import_playbook' : 'ansible.builtin.import_playbook';
  for (const [k, v] of Object.entries(ds)) {
    if (k === key) continue;
    if (!Object.hasOwn(IMPORT_PLAYBOOK_KEYWORDS, k)) {
      report(positionOf(ds, k) ?? pos, `'${k}' is not a valid attribute for a PlaybookInclude`, 'unknown-keyword', 'import_playbook with vars, when, tags');
      return [];
    }
    checkKeywordValue(ctx.report, k, v, IMPORT_PLAYBOOK_KEYWORDS[k]!, valuePositionOf(ds, k) ?? pos, 'PlaybookInclude');
  }
  const raw = ds[key];
  const vpos = valuePositionOf(ds, key) ?? pos;
  if (raw === null || raw === undefined) return report(pos, 'playbook import parameter is missing', 'playbook-structure', 'import_playbook: <file>'), [];
  if (typeof raw !== 'string') return report(vpos, `playbook import parameter must be a string indicating a file path, got ${Array.isArray(raw) ? 'list' : typeof raw} instead`, 'invalid-keyword-value', 'a file path'), [];
  if (ds.vars !== undefined && (typeof ds.vars !== 'object' || ds.vars === null || Array.isArray(ds.vars))) {
    return report(valuePositionOf(ds, 'vars') ?? pos, 'vars for import_playbook statements must be specified as a dictionary', 'invalid-keyword-value', 'a mapping'), [];
  }
  const importVars = (ds.vars ?? {}) as Record<string, unknown>;
  const first = splitArgs(raw)[0]?.trim() ?? '';
  let target: string;
  try {
    const env = newLoadEnv(dirname(file), opts);
    env.playVars = importVars;
    target = pyStr(templateAtLoad(env, first));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return report(vpos, `could not template the imported playbook's name '${first}': ${e.message}`, 'template-syntax', 'a file name using only the import vars and extra vars'), [];
  }
  const path = isAbsolute(target) ? target : join(dirname(file), target);
  if (importing.includes(path)) return report(vpos, `${path} imports itself (through ${importing.join(' → ')})`, 'playbook-structure', 'import_playbook without a cycle'), [];
  let text: string;
  try {
    text = readDataText(path, opts.vault).text;
  } catch (e) {
    if (e instanceof VaultError) return report(vpos, e.message, 'vault', 'a vault secret (--vault-id, --vault-password-file) that decrypts the file'), [];
    return report(vpos, `Unable to retrieve file contents: could not find or access '${path}' on the Ansible Controller`, 'file-not-found', 'a playbook file relative to the importing playbook'), [];
  }
  const sub = loadPlaybookText(text, path, resolveAction, opts, importing);
  sub.diagnostics.forEach(ctx.report);
  const plays = sub.playbook?.plays ?? [];
  const tagsOf = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : String(v).split(',').map((x) => x.trim()));
  const when = ds.when === undefined || ds.when === null ? [] : Array.isArray(ds.when) ? ds.when : [ds.when];
  for (const play of plays) {
    const vars = { ...((play.keywords.vars as Record<string, unknown> | undefined) ?? {}), ...importVars };
    const paramTags = vars.tags;
    delete vars.tags;
    if (Object.keys(vars).length > 0 || play.keywords.vars !== undefined) play.keywords.vars = vars;
    const tags = [...new Set([...tagsOf(play.keywords.tags), ...tagsOf(paramTags), ...tagsOf(ds.tags)])];
    if (tags.length > 0) play.keywords.tags = tags;
    if (play.loadEnv) play.loadEnv.playVars = vars;
    play.importedFrom ??= file;
    if (when.length > 0) {
      for (const b of [play.preTasks, play.tasks, play.postTasks]) {
        const own = b.keywords.when === undefined || b.keywords.when === null ? [] : Array.isArray(b.keywords.when) ? b.keywords.when : [b.keywords.when];
        b.keywords.when = [...when, ...own];
      }
    }
  }
  return plays;
}

/** Reads and loads a playbook file. A missing file is a diagnostic, not an exception. */
export function loadPlaybookFile(path: string, resolveAction: ActionResolver, opts: LoadPlaybookOptions = {}): LoadPlaybookResult {
  const file = resolve(path);
  let text: string;
  try {
    // A playbook may be a vault as a whole, as any file DataLoader reads.
    text = readDataText(file, opts.vault).text;
  } catch (e) {
    if (e instanceof VaultError) {
      return { playbook: undefined, diagnostics: [{ code: 'vault', severity: 'error', file, line: 1, column: 1, message: e.message, expected: 'a vault secret (--vault-id, --vault-password-file) that decrypts the file' }] };
    }
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'could not be found' : `could not be read (${(e as Error).message})`;
    return {
      playbook: undefined,
      diagnostics: [{ code: 'file-not-found', severity: 'error', file, line: 0, column: 0, message: `the playbook: ${path} ${reason}`, expected: 'a readable playbook file' }],
    };
  }
  return loadPlaybookText(text, file, resolveAction, opts);
}
