import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import apt from './apt.js';

type AptArgs = Parameters<typeof apt.plan>[0];
interface PackageArgs extends AptArgs { use?: string }

/**
 * ansible.builtin.package: ansible's action hands all arguments but `use` to the host's package
 * manager module, unvalidated by package's own spec. pgplay knows apt only: `auto` finds apt-get
 * on the host (what the pkg_mgr fact would say on the Debian family); anything else is refused.
 */
export default defineModule<PackageArgs, unknown>({
  name: 'ansible.builtin.package',
  aliases: ['package'],
  doc: { short: 'Generic OS package manager', description: 'Runs the apt module on Debian-family hosts (the only package manager pgplay supports yet).' },
  args: {
    ...apt.args,
    properties: { ...apt.args.properties, use: { type: 'string', default: 'auto', description: 'The package manager module to use (auto or apt).' } },
  },
  returns: apt.returns ?? {},
  capabilities: apt.capabilities,
  async plan(a, ctx) {
    const { use = 'auto', ...rest } = a;
    if (use !== 'auto' && use !== 'apt') throw new ModuleFailure(`pgplay's package supports only the apt package manager yet, not ${use}`);
    if (use === 'auto' && (await ctx.host.exec(sh`command -v apt-get`)).rc !== 0) {
      throw new ModuleFailure('Could not detect which package manager to use. Try gathering facts or setting the "use" option.');
    }
    return apt.plan(rest, ctx);
  },
  apply: (plan, ctx) => apt.apply(plan as Parameters<typeof apt.apply>[0], ctx),
});
