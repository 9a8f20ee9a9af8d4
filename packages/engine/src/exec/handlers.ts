/**
 * Handler notification as ansible-core 2.16's strategy does it: a notification names a handler
 * (the last one defined with that name wins) or a `listen` topic (every listener, first
 * definition of each name); it is saved on the host until a flush, then the matching handlers
 * are marked notified for the host and run in definition order.
 */
import type { Task, TaskOrBlock } from '../load/model.js';
import { roleTaskName } from './role-runtime.js';
import type { PlayRun } from './play-run.js';
import { playScope } from './task-vars.js';
import { templateValue, isPossiblyTemplate } from '../template/index.js';
import { TemplateError } from '../template/errors.js';
import { pyStr } from '../values/py.js';
import { PlayError } from './errors.js';
import { RunState } from './play-iterator.js';

/** The play's handlers (roles' first, as the loader orders them), flat, as PlayIterator.handlers. */
export function playHandlers(list: readonly TaskOrBlock[]): Task[] {
  return list.flatMap((h) => (h.kind === 'task' ? [h] : playHandlers(h.block)));
}

function listOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => pyStr(x));
}

/** The handler's name for matching: templated once with play variables (no host), or null. */
function handlerName(run: PlayRun, h: Task): string | null {
  if (run.handlerNames.has(h)) return run.handlerNames.get(h)!;
  const raw = h.keywords.name;
  if (raw === undefined || raw === null || raw === '') return null;
  let name: string | null = pyStr(raw);
  if (isPossiblyTemplate(name)) {
    const host = run.pv.batch[0];
    try {
      name = host ? pyStr(templateValue(name, playScope(run.rc, run.pv, host), {})) : name;
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      if (h.keywords.listen === undefined) {
        run.rc.emit({ kind: 'warning', message: `Handler '${name}' is unusable because it has no listen topics and the name could not be templated (host-specific variables are not supported in handler names). The error: ${e.message}` });
      }
      return null;
    }
  }
  run.handlerNames.set(h, name);
  return name;
}

/** search_handlers_by_notification. */
export function handlersFor(run: PlayRun, notification: string): Task[] {
  const all = run.it.handlers;
  const out: Task[] = [];
  for (const h of [...all].reverse()) {
    const name = handlerName(run, h);
    // A role's handler answers to its name and to `role : name` (Handler.get_name).
    if (name !== null && (name === notification || roleTaskName(h, name) === notification)) {
      out.push(h);
      break;
    }
  }
  const seen: string[] = [];
  for (const h of all) {
    if (!listOf(h.keywords.listen).includes(notification)) continue;
    const name = typeof h.keywords.name === 'string' ? h.keywords.name : undefined;
    if (name && seen.includes(name)) continue;
    if (name) seen.push(name);
    out.push(h);
  }
  return out;
}

export function notifyHost(run: PlayRun, handler: Task, host: string): boolean {
  const hosts = run.notified.get(handler) ?? [];
  if (hosts.includes(host)) return false;
  run.notified.set(handler, [...hosts, host]);
  return true;
}

export function unnotify(run: PlayRun, handler: Task, host?: string): void {
  const hosts = run.notified.get(handler) ?? [];
  run.notified.set(handler, host === undefined ? [] : hosts.filter((h) => h !== host));
}

function missing(notification: string): PlayError {
  return new PlayError(`The requested handler '${notification}' was not found in either the main handlers list nor in the listening handlers list`);
}

/** A changed result's notifications for `host` (strategy _process_pending_results). */
export function notifyFromResult(run: PlayRun, host: string, notifications: string[]): void {
  const state = run.it.stateOf(host);
  for (const n of notifications) {
    const found = handlersFor(run, n);
    if (found.length === 0) throw missing(n);
    if (state.runState === RunState.HANDLERS) {
      for (const h of found) notifyHost(run, h, host);
    } else run.it.addNotification(host, n);
  }
}

/** meta: flush_handlers for one host: saved notifications become notified handlers. */
export function flushNotifications(run: PlayRun, host: string): void {
  const state = run.it.stateOf(host);
  for (const n of [...state.notifications]) {
    for (const h of handlersFor(run, n)) notifyHost(run, h, host);
    state.notifications = state.notifications.filter((x) => x !== n);
  }
}
