/**
 * Fact gathering at the start of a play (executor/play_iterator.py): the implicit "Gathering
 * Facts" task, run for the hosts that DEFAULT_GATHERING and the play's gather_facts select, and
 * the `gather_facts` action (plugins/action/gather_facts.py), which runs the setup module.
 */
import type { Block, Play, Task } from '../load/model.js';
import type { AnyModuleDefinition, ModuleResult } from '../module-api.js';
import { ModuleFailure } from '../module-api.js';
import type { RunContext } from './run-context.js';
import { toBool } from '../schema/coerce.js';

/** The gather_facts action over the registry's setup module: setup's facts plus the marker smart gathering reads. */
export function gatherFactsModule(setup: AnyModuleDefinition): AnyModuleDefinition {
  const props = setup.args.properties ?? {};
  return Object.freeze({
    ...setup,
    name: 'ansible.builtin.gather_facts',
    aliases: ['gather_facts'],
    doc: { short: 'Gathers facts about remote hosts (runs ansible.builtin.setup)' },
    args: { ...setup.args, properties: { ...props, parallel: { type: 'boolean' as const, description: 'Accepted for compatibility: there is one fact module.' } } },
    async plan(args: Record<string, unknown>, ctx: Parameters<AnyModuleDefinition['plan']>[1]) {
      const { parallel: _p, ...rest } = args;
      let plan;
      try {
        plan = await setup.plan(rest, ctx);
      } catch (e) {
        if (!(e instanceof ModuleFailure)) throw e;
        // ansible's action reports which fact module failed and nests its result (whose invocation
        // the callback prints: only top-level invocation keys are hidden)
        const failed: ModuleResult = { ansible_facts: { _ansible_facts_gathered: true }, failed: true, failed_modules: { 'ansible.legacy.setup': { ...e.result, failed: true, invocation: { module_args: rest }, msg: e.message } }, msg: 'The following modules failed to execute: ansible.legacy.setup\n', _ansible_verbose_override: true };
        return { changed: false, result: failed, actions: failed };
      }
      const facts = { ...((plan.result?.ansible_facts as Record<string, unknown>) ?? {}), _ansible_facts_gathered: true };
      // _ansible_verbose_override: -v does not dump the facts (the action's own hack).
      // _combine_task_result always carries warnings and deprecations, empty or not.
      const result: ModuleResult = { ansible_facts: facts, warnings: [...((plan.result?.warnings as string[]) ?? [])], deprecations: [], _ansible_verbose_override: true };
      return { changed: false, result, actions: result };
    },
    async apply(plan: { actions?: ModuleResult }) {
      return plan.actions ?? {};
    },
  });
}

/** Names whose module_defaults also apply to gather_facts (it passes setup's defaults on). */
export const GATHER_DEFAULTS_FROM = ['ansible.builtin.setup', 'ansible.legacy.setup', 'setup'];

/** The implicit task, as PlayIterator builds it: play options as arguments, tagged always. */
export function gatheringTask(play: Play): Block {
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: play.pos, implicit: true, parent: play };
  const args: Record<string, unknown> = {};
  for (const k of ['gather_subset', 'gather_timeout', 'fact_path']) {
    const v = play.keywords[k];
    if (v !== undefined && v !== null) args[k] = v;
  }
  const task: Task = {
    kind: 'task', action: 'gather_facts', resolved: 'ansible.builtin.gather_facts', args,
    keywords: { name: 'Gathering Facts', ...(play.keywords.tags === undefined ? { tags: ['always'] } : {}) },
    pos: play.pos, argsPos: play.pos, parent: block, id: `${play.pos.file}:${play.pos.line}:${play.pos.column}:gather_facts`,
  };
  block.block.push(task);
  return block;
}

/** The hosts that gather now: implicit (unless gather_facts is false), explicit (only if true), smart (not yet cached). */
export function hostsToGather(rc: RunContext, play: Play, hosts: string[]): string[] {
  const gf = play.keywords.gather_facts;
  const implied = gf === undefined || gf === null || toBool(gf);
  const cache = rc.hosts.factCache;
  switch (cache.settings.gathering) {
    case 'explicit':
      return gf !== undefined && gf !== null && toBool(gf) ? hosts : [];
    case 'smart':
      return implied ? hosts.filter((h) => cache.get(h)?._ansible_facts_gathered !== true) : [];
    default:
      return implied ? hosts : [];
  }
}

/**
 * Gathers facts for the play's hosts before its first task. `runBlock` is the strategy's
 * block runner, passed in so the strategy owns printing, counting and failure handling.
 */
export async function gatherFacts(rc: RunContext, play: Play, hosts: string[], runBlock: (b: Block, hosts: string[]) => Promise<unknown>): Promise<void> {
  if (!rc.actions.get('ansible.builtin.gather_facts')) return;
  const targets = hostsToGather(rc, play, hosts);
  if (targets.length === 0) return;
  // --start-at-task skips tasks, never the gathering (PlayIterator resets each host to SETUP).
  const started = rc.started;
  rc.started = true;
  try {
    await runBlock(gatheringTask(play), targets);
  } finally {
    rc.started = started;
  }
}
