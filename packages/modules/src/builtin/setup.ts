import { defineModule, ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { selectCollectors, filterFacts, SubsetError } from './facts/subset.js';
import { gatherScript } from './facts/gather-script.js';
import { collectFacts } from './facts/collect.js';

interface SetupArgs {
  gather_subset: string[];
  gather_timeout: number;
  filter: string[];
  fact_path: string;
}

/**
 * ansible.builtin.setup: Linux facts gathered by one shell script on the target (no Python).
 * The facts provided are listed in facts/README.md.
 */
export default defineModule<SetupArgs, ModuleResult>({
  name: 'ansible.builtin.setup',
  aliases: ['setup'],
  doc: { short: 'Gathers facts about remote hosts', description: 'Runs one POSIX shell script on the target and parses its output; see facts/README.md for the facts provided.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // ansible's `list` options also take a comma-separated string (x-type makes the engine split it)
      gather_subset: { type: ['array', 'string'], 'x-type': 'array', items: { type: 'string' }, default: ['all'], description: "Subsets to collect: all, min, hardware, network, virtual, a collector or fact name; '!' excludes." },
      gather_timeout: { type: 'integer', default: 10, description: 'Seconds the whole gather script may take.' },
      filter: { type: ['array', 'string'], 'x-type': 'array', items: { type: 'string' }, default: [], description: 'fnmatch patterns: only matching facts are returned.' },
      fact_path: { type: 'string', default: '/etc/ansible/facts.d', description: 'Directory of local *.fact files (ansible_local).' },
    },
  },
  returns: { ansible_facts: { description: 'The facts gathered', returned: 'always', type: 'dict' } },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    let collectors: string[];
    try {
      collectors = selectCollectors(args.gather_subset);
    } catch (e) {
      if (e instanceof SubsetError) throw new ModuleFailure(e.message);
      throw e;
    }
    const asked = args.gather_subset.filter((s) => s === 'facter' || s === 'ohai');
    if (asked.length > 0) throw new ModuleFailure(`gather_subset '${asked[0]}' is not supported by pgplay: it runs no facter or ohai on the target`);
    const script = gatherScript(collectors, args.fact_path);
    const r = await ctx.host.exec(['/bin/sh', '-c', script], { timeoutMs: Math.max(1, args.gather_timeout) * 1000 });
    if (!r.stdout.includes('@@PGPLAY@@ end')) {
      throw new ModuleFailure(`fact gathering did not finish within gather_timeout (${args.gather_timeout} s) or failed (rc ${r.rc}): ${r.stderr.trim()}`);
    }
    const warnings: string[] = [];
    const facts = collectFacts(r.stdout, collectors, (m) => warnings.push(m));
    // _ansible_verbose_override: ansible's normal action marks setup results so -v does not dump the facts
    const result: ModuleResult = { ansible_facts: filterFacts({ ...facts, gather_subset: args.gather_subset, module_setup: true }, args.filter), _ansible_verbose_override: true };
    if (warnings.length > 0) result.warnings = warnings; // module.warn(): empty lists are dropped
    return { changed: false, result, actions: result };
  },
  async apply(plan) {
    return plan.actions ?? {};
  },
});
