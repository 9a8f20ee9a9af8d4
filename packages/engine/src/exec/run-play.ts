/**
 * The linear strategy: every active host finishes a task before the next one starts; blocks run
 * their `rescue` for the hosts that failed and `always` for every host that entered them.
 */
import type { Block, Play, Task, TaskOrBlock } from '../load/model.js';
import type { RunContext } from './run-context.js';
import type { TaskInfo } from '../output/events.js';
import { runTaskOnHost, type HostOutcome } from './run-task.js';
import { runMeta } from './run-meta.js';
import type { PlayVars } from './task-vars.js';
import { playScope, taskScope } from './task-vars.js';
import { templateValue } from '../template/index.js';
import { loadVarsFiles } from './vars-files.js';
import { pyStr } from '../values/py.js';
import { TemplateError } from '../template/errors.js';
import { PlayError } from './errors.js';
import { gatherFacts } from './gather-facts.js';

/**
 * The banner name: the task's name templated with the first host's variables, undefined parts
 * left as written (the linear strategy's fail_on_undefined=False), or the action when unnamed.
 */
export function taskInfo(task: Task, rc?: RunContext, pv?: PlayVars, host?: string): TaskInfo {
  const raw = typeof task.keywords.name === 'string' && task.keywords.name.trim() !== '' ? task.keywords.name : undefined;
  let name = raw ?? task.action;
  if (raw && rc && pv && host && raw.includes('{')) {
    try {
      name = pyStr(templateValue(raw, taskScope(rc, pv, task, host), {}));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
    }
  }
  return { name: name.trim(), action: task.resolved, location: { ...task.pos }, ...(task.handler ? { handler: true } : {}) };
}

/** Runs `fn` over items with at most `limit` in flight; results keep the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function active(rc: RunContext, hosts: string[]): string[] {
  return hosts.filter((h) => {
    const s = rc.hosts.get(h);
    return !s.failed && !s.unreachable && !s.ended;
  });
}

interface BlockRun {
  /** Hosts whose failure an enclosing rescue will handle (no 'failed' stat yet). */
  rescuable: boolean;
}

function record(rc: RunContext, o: HostOutcome, br: BlockRun): void {
  const state = rc.hosts.get(o.host);
  const r = o.result;
  if (o.status === 'unreachable' && !o.ignored) {
    state.unreachable = true;
    rc.stats.bump(o.host, 'unreachable');
  } else if (o.status === 'unreachable') {
    rc.stats.bump(o.host, 'ok');
    rc.stats.bump(o.host, 'ignored');
  } else if (o.status === 'failed' && !o.ignored) {
    state.failed = true;
    if (!br.rescuable) rc.stats.bump(o.host, 'failed');
  } else if (o.status === 'failed') {
    rc.stats.bump(o.host, 'ok');
    rc.stats.bump(o.host, 'ignored');
    if (r.changed) rc.stats.bump(o.host, 'changed');
  } else if (o.status === 'skipped') rc.stats.bump(o.host, 'skipped');
  else {
    rc.stats.bump(o.host, 'ok');
    if (r.changed) rc.stats.bump(o.host, 'changed');
  }
}

async function runTask(rc: RunContext, pv: PlayVars, task: Task, hosts: string[], br: BlockRun): Promise<string[]> {
  const targets = active(rc, hosts);
  if (targets.length === 0) return [];
  const info = taskInfo(task, rc, pv, targets[0]);
  if (rc.options.startAtTask && !rc.started) {
    if (info.name !== rc.options.startAtTask) return [];
    rc.started = true;
  }
  if (task.resolved === 'ansible.builtin.meta') {
    runMeta(rc, pv, task, targets, info);
    return [];
  }
  rc.emit({ kind: 'task-start', task: info, hosts: targets });
  const outcomes = await mapLimit(targets, rc.options.forks, (h) => runTaskOnHost(rc, pv, task, h, info));
  const failed: string[] = [];
  for (const o of outcomes) {
    for (const e of o.events) rc.emit(e);
    record(rc, o, br);
    if ((o.status === 'failed' || o.status === 'unreachable') && !o.ignored) failed.push(o.host);
  }
  return failed;
}

async function runList(rc: RunContext, pv: PlayVars, list: TaskOrBlock[], hosts: string[], br: BlockRun): Promise<Set<string>> {
  const failed = new Set<string>();
  for (const item of list) {
    const live = hosts.filter((h) => !failed.has(h));
    if (active(rc, live).length === 0) break;
    const f = item.kind === 'task' ? await runTask(rc, pv, item, live, br) : await runBlock(rc, pv, item, live, br);
    for (const h of f) failed.add(h);
  }
  return failed;
}

export async function runBlock(rc: RunContext, pv: PlayVars, block: Block, hosts: string[], outer: BlockRun): Promise<string[]> {
  const entered = active(rc, hosts);
  const hasRescue = block.rescue.length > 0;
  const failed = await runList(rc, pv, block.block, entered, { rescuable: outer.rescuable || hasRescue });
  let stillFailed = [...failed];
  if (hasRescue && failed.size > 0) {
    const rescuing = [...failed].filter((h) => !rc.hosts.get(h).unreachable);
    for (const h of rescuing) {
      rc.hosts.get(h).failed = false;
      rc.stats.bump(h, 'rescued');
    }
    const again = await runList(rc, pv, block.rescue, rescuing, outer);
    stillFailed = [...failed].filter((h) => rc.hosts.get(h).unreachable || again.has(h));
  }
  if (block.always.length > 0) {
    const failedBefore = stillFailed.filter((h) => rc.hosts.get(h).failed);
    for (const h of failedBefore) rc.hosts.get(h).failed = false;
    const alwaysFailed = await runList(rc, pv, block.always, entered.filter((h) => !rc.hosts.get(h).unreachable), outer);
    for (const h of failedBefore) rc.hosts.get(h).failed = true;
    stillFailed = [...new Set([...stillFailed, ...alwaysFailed])];
  }
  return stillFailed;
}

function templatedText(rc: RunContext, play: Play, v: unknown): string {
  const vars = { ...(play.keywords.vars as Record<string, unknown> | undefined), ...rc.options.extraVars };
  return pyStr(templateValue(v, vars, { registry: rc.templates }));
}

export async function runPlay(rc: RunContext, play: Play): Promise<void> {
  const patternRaw = Array.isArray(play.hosts) ? play.hosts.map(String).join(',') : pyStr(play.hosts);
  let pattern: string;
  let name: string;
  try {
    pattern = templatedText(rc, play, patternRaw);
    name = play.name ? templatedText(rc, play, play.name).trim() : pattern;
  } catch (e) {
    if (e instanceof TemplateError) throw new PlayError(`${e.message} (in the play's hosts or name, ${play.pos.file}:${play.pos.line}:${play.pos.column})`);
    throw e;
  }
  const info = { name, pattern, location: { ...play.pos } };
  const hosts = rc.inventory.selectHosts(pattern, rc.options.limit !== undefined ? { limit: rc.options.limit } : {});
  rc.emit({ kind: 'play-start', play: info, hosts });
  if (hosts.length === 0) {
    rc.emit({ kind: 'no-hosts-matched', play: info });
    rc.emit({ kind: 'play-end', play: info });
    return;
  }
  for (const h of hosts) rc.stats.touch(h);
  const pv: PlayVars = { play, vars: (play.keywords.vars as Record<string, unknown>) ?? {}, varsFiles: new Map(), hostsAll: hosts, hosts, batch: hosts, name };
  const varsFilesFailed = loadVarsFiles(rc, pv, hosts, (h) => playScope(rc, pv, h));
  const live = hosts.filter((h) => !varsFilesFailed.has(h));
  await gatherFacts(rc, play, live, (b, hs) => runBlock(rc, pv, b, hs, { rescuable: false }));
  for (const list of [play.preTasks, play.tasks, play.postTasks]) {
    await runBlock(rc, pv, list, live, { rescuable: false });
    if (active(rc, live).length === 0) break;
  }
  for (const h of hosts) rc.hosts.get(h).ended = false;
  rc.emit({ kind: 'play-end', play: info });
}

