import { defineModule, ModuleFailure } from '@pgplay/engine/module-api';

interface PingArgs {
  data: string;
}

/** ansible.builtin.ping: proves the connection works (a round trip to the host). */
export default defineModule<PingArgs, PingArgs>({
  name: 'ansible.builtin.ping',
  aliases: ['ping'],
  doc: { short: 'Try to connect to host and return pong on success' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: { data: { type: 'string', default: 'pong', description: 'What to return; "crash" makes the module fail.' } },
  },
  returns: { ping: { description: 'The data value', returned: 'success', type: 'str' } },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    const r = await ctx.host.exec(['true']);
    if (r.rc !== 0) throw new ModuleFailure(`the host did not answer: ${r.stderr.trim()}`);
    if (args.data === 'crash') throw new ModuleFailure('boom', { exception: 'Exception: boom' });
    return { changed: false, result: { ping: args.data } };
  },
  async apply(plan) {
    return { changed: false, ping: plan.actions?.data };
  },
});
