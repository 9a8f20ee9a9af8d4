import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import { parseGroups } from './users/accounts.js';

interface GroupArgs {
  name: string;
  state: 'present' | 'absent';
  gid?: number;
  force: boolean;
  system: boolean;
  non_unique: boolean;
}

interface Actions {
  argv: string[];
  present: boolean;
  system: boolean;
}

/** ansible.builtin.group on Linux: groupadd/groupmod/groupdel as ansible-core 2.16 runs them (getent group read once). */
export default defineModule<GroupArgs, Actions>({
  name: 'ansible.builtin.group',
  aliases: ['group'],
  doc: { short: 'Add or remove groups', description: 'Creates, renumbers and removes groups with groupadd, groupmod and groupdel.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the group to manage.' },
      gid: { type: 'integer', description: 'Optional GID to set for the group.' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the group should be present or not.' },
      force: { type: 'boolean', default: false, description: 'Delete a group that is a user\'s primary group; only platforms with groupdel --force use it (not Linux, where ansible ignores it).' },
      system: { type: 'boolean', default: false, description: 'Create a system group (groupadd -r).' },
      local: { type: 'boolean', description: 'Use lgroupadd and friends (libuser).', 'x-unsupported': 'the libuser commands (lgroupadd …) are not used' },
      non_unique: { type: 'boolean', default: false, description: 'Allow a non-unique GID (-o); requires gid.' },
    },
    'x-required-if': [['non_unique', true, ['gid']]],
  },
  returns: {
    name: { description: 'Group name.', returned: 'always', type: 'str' },
    state: { description: 'present or absent.', returned: 'always', type: 'str' },
    gid: { description: 'Group ID.', returned: 'when the group exists afterwards', type: 'int' },
    system: { description: 'The system option.', returned: 'when the group exists afterwards', type: 'bool' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    const r = await ctx.host.exec(sh`getent group -- ${a.name}`);
    const cur = parseGroups(r.stdout)[0];
    const base = { name: a.name, state: a.state };
    if (a.state === 'absent') {
      if (!cur) return { changed: false, result: { ...base, changed: false } };
      // check mode exits early with only `changed`
      return { changed: true, actions: { argv: ['groupdel', a.name], present: false, system: a.system }, result: {} };
    }
    if (!cur) {
      const argv = ['groupadd', ...(a.gid !== undefined ? ['-g', String(a.gid), ...(a.non_unique ? ['-o'] : [])] : []), ...(a.system ? ['-r'] : []), a.name];
      return { changed: true, actions: { argv, present: true, system: a.system }, result: {} };
    }
    const done = { ...base, system: a.system, gid: cur.gid };
    if (a.gid === undefined || a.gid === cur.gid) return { changed: false, result: { ...done, changed: false } };
    return { changed: true, actions: { argv: ['groupmod', '-g', String(a.gid), ...(a.non_unique ? ['-o'] : []), a.name], present: true, system: a.system }, result: { ...done, changed: true } };
  },
  async apply(plan, ctx) {
    const { argv, present, system } = plan.actions!;
    const name = argv[argv.length - 1]!;
    const r = await ctx.host.exec(sh`${argv}; r=$?; echo @G; getent group -- ${name}; exit $r`);
    const [out = '', info = ''] = r.stdout.split(/^@G$\n?/m);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr, { name });
    const g = parseGroups(info)[0];
    const res = { name, state: present ? 'present' : 'absent', changed: true, ...(out ? { stdout: out } : {}), ...(r.stderr ? { stderr: r.stderr } : {}) };
    return g ? { ...res, system, gid: g.gid } : res;
  },
});
