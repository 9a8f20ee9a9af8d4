/**
 * One play (ansible-core 2.16 PlaybookExecutor + TaskQueueManager.run): template the pattern,
 * order the hosts, cut them into serial batches, and run each batch through a strategy over a
 * fresh PlayIterator whose blocks are the play's sections with a handler flush after each.
 */
import { startAtPlan } from './start-at-task.js';
import { selectedByTags, taskTags } from './tags.js';
import type { Block, Play, Task } from '../load/model.js';
import type { RunContext } from './run-context.js';
import type { PlayVars } from './task-vars.js';
import { playScope } from './task-vars.js';
import { templateValue } from '../template/index.js';
import { loadVarsFiles } from './vars-files.js';
import { pyStr } from '../values/py.js';
import { TemplateError } from '../template/errors.js';
import { PlayError } from './errors.js';
import { toBool } from '../schema/coerce.js';
import { PlayIterator } from './play-iterator.js';
import { RUN, type PlayRun } from './play-run.js';
import { playHandlers } from './handlers.js';
import { runLinear } from './strategy-linear.js';
import { runFree } from './strategy-free.js';
import { gatheringTask, hostsToGather } from './gather-facts.js';
import { orderHosts, serialBatches } from './batches.js';

function playTemplate(rc: RunContext, play: Play, v: unknown): unknown {
  const vars = { ...(play.keywords.vars as Record<string, unknown> | undefined), ...rc.options.extraVars };
  try {
    return templateValue(v, vars, { registry: rc.templates });
  } catch (e) {
    if (e instanceof TemplateError) throw new PlayError(`${e.message} (in the play, ${play.pos.file}:${play.pos.line}:${play.pos.column})`);
    throw e;
  }
}

function syntheticTask(play: Play, parent: Block, op: string): Task {
  return {
    kind: 'task', action: 'meta', resolved: 'ansible.builtin.meta', args: { _raw_params: op }, keywords: {}, pos: play.pos, argsPos: play.pos,
    parent, implicit: true, id: `${play.pos.file}:${play.pos.line}:${play.pos.column}:${op}`,
  };
}

function emptyBlock(play: Play): Block {
  return { kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: play.pos, implicit: true, parent: play };
}

const hasTasks = (b: Block) => b.block.length + b.rescue.length + b.always.length > 0;

/** Play.compile(): the sections with a flush after each; under force_handlers the flush is an `always`. */
export function compilePlay(play: Play, forceHandlers: boolean): Block[] {
  const flush = emptyBlock(play);
  flush.block = [syntheticTask(play, flush, 'flush_handlers')];
  const sections = [play.preTasks, play.tasks, play.postTasks];
  const setup = emptyBlock(play);
  if (forceHandlers) {
    return [setup, ...sections.map((s) => {
      const b = emptyBlock(play);
      b.block = hasTasks(s) ? [s] : [syntheticTask(play, b, 'noop')];
      b.always = [flush];
      return b;
    })];
  }
  return [setup, ...sections.flatMap((s) => [...(hasTasks(s) ? [s] : []), flush])];
}

function percent(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(typeof v === 'string' ? v.replace(/%$/, '') : v);
  if (!Number.isFinite(n)) throw new PlayError(`the field 'max_fail_percentage' has an invalid value (${pyStr(v)}), and could not be converted to a percent`);
  return n;
}

/** Runs one play; 'stop' when ansible would not run the playbook's later plays. */
export async function runPlay(rc: RunContext, play: Play): Promise<'continue' | 'stop'> {
  const patternRaw = Array.isArray(play.hosts) ? play.hosts.map(String).join(',') : pyStr(play.hosts);
  const pattern = pyStr(playTemplate(rc, play, patternRaw));
  const name = play.name ? pyStr(playTemplate(rc, play, play.name)).trim() : pattern;
  const kw = (k: string) => (play.keywords[k] === undefined ? undefined : playTemplate(rc, play, play.keywords[k]));
  const info = { name, pattern, location: { ...play.pos } };
  const selected = rc.inventory.selectHosts(pattern, rc.options.limit !== undefined ? { limit: rc.options.limit } : {});
  const hosts = orderHosts(selected, kw('order'));
  const strategy = kw('strategy') === undefined ? 'linear' : pyStr(kw('strategy')).replace(/^ansible\.(builtin|legacy)\./, '');
  const forceHandlers = kw('force_handlers') !== undefined ? toBool(kw('force_handlers')) : rc.options.forceHandlers;
  const maxFail = percent(kw('max_fail_percentage'));
  const batches = serialBatches(hosts, kw('serial'));
  if (batches.length === 0) {
    rc.emit({ kind: 'play-start', play: info, hosts });
    rc.emit({ kind: 'no-hosts-matched', play: info });
    rc.emit({ kind: 'play-end', play: info });
    return 'continue';
  }
  const blocks = compilePlay(play, forceHandlers);
  const gather = rc.actions.get('ansible.builtin.gather_facts') ? (gatheringTask(play).block[0] as Task) : undefined;
  const handlers = playHandlers(play.handlers.block);
  let failedBefore = hosts.filter((h) => rc.hosts.get(h).failed || rc.hosts.get(h).unreachable).length;
  for (const batch of batches) {
    rc.emit({ kind: 'play-start', play: info, hosts: batch });
    // Per batch: a later batch's iterator is made after the first one found the task.
    const startAt = startAtPlan(rc, blocks, (t) => t.implicit === true || selectedByTags(taskTags(t), rc.options.tags, rc.options.skipTags));
    if (startAt === 'none') {
      rc.emit({ kind: 'play-end', play: info });
      continue;
    }
    const forceGather = startAt === 'first';
    const removed = new Set(batch.filter((h) => rc.hosts.get(h).failed || rc.hosts.get(h).unreachable));
    // ansible_play_hosts(_all) come from the pattern in inventory order; only the batch is ordered.
    const pv: PlayVars = {
      play, vars: (play.keywords.vars as Record<string, unknown>) ?? {}, varsFiles: new Map(), hostsAll: selected, hosts, batch, name, removed,
      ...(maxFail !== undefined ? { maxFailPercentage: maxFail } : {}),
    };
    const notified = new Map<Task, string[]>();
    const it = new PlayIterator(blocks, handlers, batch, {
      // Fact gathering: the implicit "Gathering Facts" task for the hosts that gather (SETUP state).
      ...(gather ? { gather: { task: gather, wanted: (h: string) => forceGather || hostsToGather(rc, play, [h]).length > 0 } } : {}),
      isNotified: (h, host) => (notified.get(h) ?? []).includes(host),
      anyNotified: () => [...notified.values()].some((hs) => hs.length > 0),
    });
    const run: PlayRun = { rc, pv, it, notified, failed: new Set(), handlerNames: new Map() };
    // TQM.run: every host failed so far (in this play or not) is failed in the new iterator too.
    for (const s of rc.hosts.all()) if (s.failed) it.markFailed(s.name);
    loadVarsFiles(rc, pv, batch, (h) => playScope(rc, pv, h));
    let result: number;
    if (strategy === 'linear') result = await runLinear(run);
    else if (strategy === 'free' || strategy === 'host_pinned') result = await runFree(run, strategy === 'host_pinned');
    else throw new PlayError(strategy === 'debug' ? "the 'debug' strategy is interactive and not supported by pgplay" : `Invalid play strategy specified: ${strategy}`);
    for (const h of it.hostNames()) rc.hosts.get(h).failed = it.isFailed(h);
    rc.emit({ kind: 'play-end', play: info });
    rc.playResult = result;
    // PlaybookExecutor: end_play, a break (any_errors_fatal, max_fail_percentage) or a batch that
    // failed entirely stops the play; the last two stop the playbook too.
    if (it.endPlay) return 'continue';
    if ((result & RUN.FAILED_BREAK_PLAY) !== 0) {
      rc.playResult = RUN.FAILED_HOSTS;
      return 'stop';
    }
    const failedNow = hosts.filter((h) => rc.hosts.get(h).failed || rc.hosts.get(h).unreachable).length;
    if (failedNow - failedBefore >= batch.length) return 'stop';
    failedBefore = failedNow;
  }
  return 'continue';
}
