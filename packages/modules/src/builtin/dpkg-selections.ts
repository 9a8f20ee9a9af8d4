import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';

interface DpkgSelectionsArgs {
  name: string;
  selection: 'install' | 'hold' | 'deinstall' | 'purge';
}

interface Actions {
  name: string;
  selection: string;
  before: string;
}

/** ansible.builtin.dpkg_selections: dpkg --get-selections, then --set-selections when it differs. */
export default defineModule<DpkgSelectionsArgs, Actions>({
  name: 'ansible.builtin.dpkg_selections',
  aliases: ['dpkg_selections'],
  doc: { short: 'Dpkg package selection selections', description: 'Changes a package\'s dpkg selection; installs and removes nothing (apt does that).' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'selection'],
    properties: {
      name: { type: 'string', description: 'Name of the package.' },
      selection: { type: 'string', enum: ['install', 'hold', 'deinstall', 'purge'], description: 'The selection state to set the package to.' },
    },
  },
  returns: {
    before: { description: 'The selection before the task ("not present" when dpkg knows none).', returned: 'always', type: 'str' },
    after: { description: 'The requested selection.', returned: 'always', type: 'str' },
  },
  // dpkg_selections.py declares diff support but returns no diff: nothing is printed under --diff.
  capabilities: { check: 'full', diff: 'full' },
  async plan(a, ctx) {
    // The C locale, as ansible's get_best_parsable_locale gives dpkg, so the message below is English.
    const r = await ctx.host.exec(sh`LC_ALL=C dpkg --get-selections ${a.name}`);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr, { rc: r.rc, stdout: r.stdout, stderr: r.stderr, cmd: `dpkg --get-selections ${a.name}` });
    if (r.stderr.includes('no packages found matching')) throw new ModuleFailure(`Failed to find package '${a.name}' to perform selection '${a.selection}'.`);
    const before = r.stdout === '' ? 'not present' : r.stdout.split(/\s+/)[1]!;
    const changed = before !== a.selection;
    return { changed, actions: { name: a.name, selection: a.selection, before }, result: { changed, before, after: a.selection } };
  },
  async apply(plan, ctx) {
    const { name, selection, before } = plan.actions!;
    const r = await ctx.host.exec(sh`LC_ALL=C dpkg --set-selections`, { stdin: `${name} ${selection}` });
    if (r.rc !== 0) throw new ModuleFailure(r.stderr, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
    return { changed: true, before, after: selection };
  },
});
