import { defineModule, ModuleFailure } from '@pgplay/engine/module-api';

interface RawArgs {
  _raw_params: string;
  executable?: string;
}

/** ansible.builtin.raw: the text goes to the host's shell as is; no check mode (Ansible skips it). */
export default defineModule<RawArgs, RawArgs>({
  name: 'ansible.builtin.raw',
  aliases: ['raw'],
  doc: { short: 'Executes a low-down and dirty command', description: 'Runs the text through the connection without any module wrapping.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['_raw_params'],
    properties: {
      _raw_params: { type: 'string', description: 'The command (free form).', 'x-internal': true },
      executable: { type: 'string', description: 'Shell to run the command with.' },
    },
  },
  returns: { rc: { description: 'Exit status', type: 'int' }, stdout: { description: 'Output', type: 'str' }, stderr: { description: 'Errors', type: 'str' } },
  // Ansible's raw action skips itself under --check (no message, unlike modules without support).
  capabilities: { check: 'partial', diff: 'none', freeForm: true },
  async plan(args, ctx) {
    if (ctx.check) return { changed: false, result: { skipped: true } };
    return { changed: true, actions: args };
  },
  async apply(plan, ctx) {
    const a = plan.actions!;
    const r = await ctx.host.exec([a.executable ?? '/bin/sh', '-c', a._raw_params], { raw: true, env: ctx.env });
    const result = { changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr };
    if (r.rc !== 0) throw new ModuleFailure('non-zero return code', result);
    return result;
  },
});
