/**
 * Play-level checks before any host is touched: every static `notify` names a handler or a
 * `listen` topic of the play (ansible finds this only when the notifying task changes), and the
 * static values of `serial`, `order`, `strategy` and `max_fail_percentage` are ones ansible can
 * use.
 */
import type { Block, Play, TaskOrBlock } from '../load/model.js';
import type { Diagnostic } from './diagnostic.js';
import { valuePositionOf, type Pos } from '../load/yaml-source.js';
import { isPossiblyTemplate } from '../template/api.js';
import { ORDERS } from '../exec/batches.js';
import { roleTaskName } from '../exec/role-runtime.js';

const isTemplate = (v: unknown) => typeof v === 'string' && isPossiblyTemplate(v);
const listOf = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function* nodes(list: TaskOrBlock[]): Generator<TaskOrBlock> {
  for (const n of list) {
    yield n;
    if (n.kind === 'block') yield* nodes([...n.block, ...n.rescue, ...n.always]);
  }
}

export function checkNotifications(play: Play, out: Diagnostic[]): void {
  const handlers = [...nodes(play.handlers.block)].filter((n) => n.kind === 'task');
  // A templated handler name is resolved at run time; the run checks what this can't.
  if (handlers.some((h) => isTemplate(h.keywords.name) || isTemplate(h.keywords.listen) || listOf(h.keywords.listen).some(isTemplate))) return;
  const known = new Set<string>();
  for (const h of handlers) {
    // A role's handler also answers to `role : name`.
    if (typeof h.keywords.name === 'string') known.add(h.keywords.name).add(roleTaskName(h, h.keywords.name));
    for (const l of listOf(h.keywords.listen)) known.add(String(l));
  }
  const sections: Block[] = [play.preTasks, play.tasks, play.postTasks, play.handlers];
  for (const n of sections.flatMap((s) => [...nodes(s.block)])) {
    const notify = n.keywords.notify;
    listOf(notify).forEach((name, i) => {
      if (isTemplate(name) || known.has(String(name))) return;
      const pos: Pos = (Array.isArray(notify) ? valuePositionOf(notify, i) : valuePositionOf(n.keywords, 'notify')) ?? n.pos;
      out.push({
        code: 'unknown-handler', severity: 'error', ...pos,
        message: `The requested handler '${String(name)}' was not found in either the main handlers list nor in the listening handlers list`,
        expected: known.size ? `one of the play's handler names or listen topics: ${[...known].join(', ')}` : 'a handler defined in the play\'s handlers',
      });
    });
  }
}

function bad(out: Diagnostic[], play: Play, key: string, message: string, expected: string, at?: Pos): void {
  out.push({ code: 'invalid-keyword-value', severity: 'error', ...(at ?? valuePositionOf(play.keywords, key) ?? play.pos), message, expected });
}

function serialOk(v: unknown): boolean {
  if (isTemplate(v) || typeof v === 'number') return Number.isInteger(v) || isTemplate(v);
  return typeof v === 'string' && /^\s*[-+]?\d+\s*%?\s*$/.test(v);
}

export function checkPlayKeywords(play: Play, out: Diagnostic[]): void {
  const kw = play.keywords;
  if (kw.serial !== undefined && kw.serial !== null) {
    const list = Array.isArray(kw.serial) ? kw.serial : [kw.serial];
    list.forEach((v, i) => {
      if (serialOk(v)) return;
      const at = Array.isArray(kw.serial) ? valuePositionOf(kw.serial, i) : undefined;
      bad(out, play, 'serial', `the field 'serial' has an invalid value (${String(v)}): invalid literal for int() with base 10`, 'a number of hosts, a percentage such as "30%", or a list of them', at);
    });
  }
  if (kw.order !== undefined && !isTemplate(kw.order) && !(ORDERS as readonly unknown[]).includes(kw.order)) {
    bad(out, play, 'order', `Invalid 'order' specified for inventory hosts: ${String(kw.order)}`, `one of ${ORDERS.join(', ')}`);
  }
  const strategy = kw.strategy;
  if (strategy !== undefined && !isTemplate(strategy)) {
    const s = String(strategy).replace(/^ansible\.(builtin|legacy)\./, '');
    if (s === 'debug') {
      out.push({ code: 'unsupported-feature', severity: 'error', ...(valuePositionOf(kw, 'strategy') ?? play.pos), message: "the 'debug' strategy (an interactive debugger) is not supported by pgplay", expected: 'linear, free or host_pinned' });
    } else if (!['linear', 'free', 'host_pinned'].includes(s)) {
      bad(out, play, 'strategy', `Invalid play strategy specified: ${String(strategy)}`, 'linear, free or host_pinned');
    }
  }
}
