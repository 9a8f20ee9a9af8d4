import { defineModule, type ModuleResult } from '@pgplay/engine/module-api';
import { userSchema, type UserArgs } from './users/user-args.js';
import { readUserState, type UserState } from './users/user-state.js';
import { planUser, type UserActions } from './users/user-plan.js';
import { applyUser } from './users/user-apply.js';
import { expandTildes } from './util/remote-path.js';

interface Actions {
  act: UserActions;
  args: UserArgs;
  keyPath?: string;
}

/** The result ansible's user module gives when nothing runs (and in check mode). */
function plannedResult(a: UserArgs, act: UserActions, changed: boolean, state: UserState, check: boolean): ModuleResult {
  const warnings = act.base.warnings ? { warnings: act.base.warnings } : {};
  // check mode exits early for a user to create or remove: only `changed`
  if (check && changed && (a.state === 'absent' || !state.passwd)) return { ...warnings };
  if (a.state === 'absent' || !state.passwd) return { ...act.base, changed };
  const p = state.passwd;
  const r: ModuleResult = { ...act.base, uid: p.uid, group: p.gid, comment: p.gecos, home: p.home, shell: p.shell };
  if (a.groups !== undefined) r.groups = a.groups.join(',');
  if (state.key) {
    const fp = state.key.exists ? state.key.fingerprint : null;
    Object.assign(r, { ssh_fingerprint: fp ? fp.text.trim() : '', ssh_key_file: state.key.path, ssh_public_key: state.key.publicKey });
  }
  delete r.warnings;
  return { ...r, ...warnings };
}

/** ansible.builtin.user on Linux: useradd/usermod/userdel, chage and ssh-keygen, as ansible-core 2.16 runs them. */
export default defineModule<UserArgs, Actions>({
  name: 'ansible.builtin.user',
  aliases: ['user'],
  doc: { short: 'Manage user accounts', description: 'Creates, changes and removes user accounts with the shadow utilities; reads passwd, shadow and group in one command.' },
  args: userSchema,
  returns: {
    name: { description: 'User name.', returned: 'always', type: 'str' },
    state: { description: 'present or absent.', returned: 'always', type: 'str' },
    uid: { description: 'The user ID.', returned: 'when state is present', type: 'int' },
    group: { description: 'The primary group ID.', returned: 'when state is present', type: 'int' },
    comment: { description: 'The GECOS field.', returned: 'when state is present', type: 'str' },
    home: { description: 'The home directory.', returned: 'when state is present', type: 'str' },
    shell: { description: 'The login shell.', returned: 'when state is present', type: 'str' },
    groups: { description: 'The groups given, comma separated.', returned: 'when groups is given and state is present', type: 'str' },
    password: { description: 'NOT_LOGGING_PASSWORD when a password was given.', returned: 'when password is given', type: 'str' },
    ssh_fingerprint: { description: 'Fingerprint of the key.', returned: 'when generate_ssh_key', type: 'str' },
    ssh_key_file: { description: 'Path of the key.', returned: 'when generate_ssh_key', type: 'str' },
    ssh_public_key: { description: 'The public key.', returned: 'when generate_ssh_key', type: 'str' },
    system: { description: 'Whether a system account was asked for.', returned: 'when the user is created', type: 'bool' },
    create_home: { description: 'Whether a home was to be created.', returned: 'when the user is created', type: 'bool' },
    append: { description: 'The append option.', returned: 'when the user exists', type: 'bool' },
    move_home: { description: 'The move_home option.', returned: 'when the user exists', type: 'bool' },
    force: { description: 'The force option.', returned: 'when the user was removed', type: 'bool' },
    remove: { description: 'The remove option.', returned: 'when the user was removed', type: 'bool' },
    stdout: { description: 'Output of the user command.', returned: 'when not empty', type: 'str' },
    stderr: { description: 'Errors of the user command.', returned: 'when not empty', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    const a = await expandTildes(ctx, args, ['home', 'ssh_key_file']);
    const keyFile = a.generate_ssh_key ? (a.ssh_key_file ?? `.ssh/id_${a.ssh_key_type}`) : undefined;
    const state = await readUserState(ctx.host, a.name, a.home, keyFile);
    const { changed, actions } = planUser(a, state, ctx.check);
    return { changed, actions: { act: actions, args: a, ...(state.key ? { keyPath: state.key.path } : {}) }, result: plannedResult(a, actions, changed, state, ctx.check) };
  },
  async apply(plan, ctx) {
    const { act, args, keyPath } = plan.actions!;
    return applyUser(ctx.host, act, { password: args.password, passphrase: args.ssh_key_passphrase }, args.groups?.join(','), keyPath);
  },
});
