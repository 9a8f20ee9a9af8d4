/**
 * A playbook file → plays of blocks of tasks, every problem collected as a diagnostic (nothing
 * stops at the first one), nothing templated yet.
 */
import { readDataText } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { dirname, resolve } from 'node:path';
import { loadYamlDocument, positionOf, valuePositionOf, copyPosition, type Pos } from './yaml-source.js';
import { PLAY_KEYWORDS } from './keywords.js';
import { checkKeywordValue } from './check-keyword.js';
import { implicitBlock, type ActionResolver, type TaskLoadContext } from './load-task.js';
import type { Play, Playbook } from './model.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

const TASK_LISTS = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'] as const;

export interface LoadPlaybookResult {
  playbook: Playbook | undefined;
  diagnostics: Diagnostic[];
}

function loadPlay(ctx: TaskLoadContext, ds: unknown, index: number, file: string, at?: Pos): Play | undefined {
  const pos: Pos = positionOf(ds) ?? at ?? { file, line: 1, column: 1 };
  const err = (p: Pos, code: Diagnostic['code'], message: string, expected?: string) =>
    ctx.report({ code, severity: 'error', ...p, message, ...(expected ? { expected } : {}) });
  if (!isDict(ds)) {
    err(pos, 'playbook-structure', 'A playbook must be a list of plays, got an entry that is not a mapping', 'a mapping with hosts and tasks');
    return undefined;
  }
  if ('import_playbook' in ds || 'ansible.builtin.import_playbook' in ds) {
    err(pos, 'playbook-structure', 'import_playbook is not supported by pgplay yet', 'plays written in this file');
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
  if (ds.roles !== undefined && ds.roles !== null && !(Array.isArray(ds.roles) && ds.roles.length === 0)) {
    err(positionOf(ds, 'roles') ?? pos, 'playbook-structure', 'roles are not supported by pgplay yet', 'tasks written in the play');
  }
  const name = typeof ds.name === 'string' ? ds.name : ds.name === undefined || ds.name === null ? '' : String(ds.name);
  const play = { kind: 'play', name, hosts: ds.hosts, pos, keywords, file, index } as Play;
  const listPos = (k: string) => valuePositionOf(ds, k) ?? pos;
  play.preTasks = implicitBlock(ctx, ds.pre_tasks, play, listPos('pre_tasks'));
  play.tasks = implicitBlock(ctx, ds.tasks, play, listPos('tasks'));
  play.postTasks = implicitBlock(ctx, ds.post_tasks, play, listPos('post_tasks'));
  play.handlers = implicitBlock({ ...ctx, handler: true }, ds.handlers, play, listPos('handlers'));
  return play;
}

/** Loads a playbook text (already read) as `file`. */
export function loadPlaybookText(text: string, file: string, resolveAction: ActionResolver): LoadPlaybookResult {
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
  const plays = value.map((p, i) => loadPlay(ctx, p, i, file, valuePositionOf(value, i))).filter((p): p is Play => p !== undefined);
  return { playbook: { file, dir: dirname(file), plays }, diagnostics };
}

/** Reads and loads a playbook file. A missing file is a diagnostic, not an exception. */
export function loadPlaybookFile(path: string, resolveAction: ActionResolver, vault?: VaultLib): LoadPlaybookResult {
  const file = resolve(path);
  let text: string;
  try {
    // A playbook may be a vault as a whole, as any file DataLoader reads.
    text = readDataText(file, vault).text;
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
  return loadPlaybookText(text, file, resolveAction);
}
