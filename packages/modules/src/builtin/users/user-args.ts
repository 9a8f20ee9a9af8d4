/** ansible.builtin.user's arguments (ansible-core 2.16), as its argument_spec declares them. */
import type { JSONSchema } from '@pgplay/engine/module-api';

export interface UserArgs {
  name: string;
  state: 'present' | 'absent';
  uid?: number;
  non_unique: boolean;
  group?: string;
  groups?: string[];
  comment?: string;
  home?: string;
  shell?: string;
  password?: string;
  password_expire_max?: number;
  password_expire_min?: number;
  password_expire_warn?: number;
  force: boolean;
  remove: boolean;
  create_home: boolean;
  skeleton?: string;
  system: boolean;
  move_home: boolean;
  append: boolean;
  generate_ssh_key?: boolean;
  ssh_key_bits: number;
  ssh_key_type: string;
  ssh_key_file?: string;
  ssh_key_comment?: string;
  ssh_key_passphrase?: string;
  update_password: 'always' | 'on_create';
  expires?: number;
  password_lock?: boolean;
  umask?: string;
}

const str = (description: string, extra: JSONSchema = {}): JSONSchema => ({ type: 'string', description, ...extra });
const bool = (description: string, dflt?: boolean, extra: JSONSchema = {}): JSONSchema => ({ type: 'boolean', description, ...(dflt === undefined ? {} : { default: dflt }), ...extra });
const int = (description: string, extra: JSONSchema = {}): JSONSchema => ({ type: 'integer', description, ...extra });
const ignoredOnLinux = (what: string) => `${what} Ignored on Linux, as ansible's user module ignores it there.`;

export const userSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: str('Name of the user to create, remove or modify.', { 'x-aliases': ['user'] }),
    state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the account should exist or not.' },
    uid: int('Sets the UID of the user.'),
    non_unique: bool('With uid, allows a non-unique UID (useradd/usermod -o).', false),
    group: str('The primary group of the user (name or GID).'),
    groups: { type: 'array', items: { type: 'string' }, description: 'A list of supplementary groups; an empty list removes all but the primary group (unless append).' },
    comment: str('The GECOS field of the account.'),
    home: str('The user\'s home directory.', { 'x-type': 'path' }),
    shell: str('The user\'s login shell.'),
    password: str('The password as a crypt(3) hash (never plain text); masked in all output.', { 'x-no-log': true }),
    login_class: str(ignoredOnLinux('The login class (BSD).')),
    password_expire_max: int('Maximum number of days between password changes (chage -M).'),
    password_expire_min: int('Minimum number of days between password changes (chage -m).'),
    password_expire_warn: int('Days of warning before the password expires (chage -W).'),
    hidden: bool(ignoredOnLinux('Hide the account from login screens (macOS).')),
    seuser: str('The SELinux user.', { 'x-unsupported': 'SELinux users (useradd -Z) are not managed' }),
    force: bool('With state=absent, userdel --force; with generate_ssh_key, overwrite an existing key.', false),
    remove: bool('With state=absent, remove the home directory and mail spool too (userdel --remove).', false),
    create_home: bool('Create the home directory when the user is created or its home is missing.', true, { 'x-aliases': ['createhome'] }),
    skeleton: str('The skeleton directory a new home is copied from.'),
    system: bool('Make a system account (only when the user is created).', false),
    move_home: bool('With home, move the existing home directory to the new place (usermod -m).', false),
    append: bool('Add the groups to the user\'s supplementary groups instead of setting exactly them.', false),
    generate_ssh_key: bool('Generate an SSH key pair for the user; an existing key is kept unless force.'),
    ssh_key_bits: int('Bits of the generated key (0: ssh-keygen\'s default).', { default: 0 }),
    ssh_key_type: str('Type of the generated key.', { default: 'rsa' }),
    ssh_key_file: str('Where the key goes, relative to the home directory unless absolute (default .ssh/id_<type>).', { 'x-type': 'path' }),
    ssh_key_comment: str('Comment of the generated key (default "ansible-generated on <hostname>").'),
    ssh_key_passphrase: str('Passphrase of the generated key; masked in all output.', { 'x-no-log': true }),
    update_password: { type: 'string', enum: ['always', 'on_create'], default: 'always', description: 'always: set the password when it differs; on_create: only for new users.' },
    expires: { type: 'number', description: 'Account expiry in seconds since the epoch (negative: never expires).' },
    password_lock: bool('Lock (true) or unlock (false) the password (usermod -L/-U).'),
    local: bool('Use luseradd and friends (libuser).', undefined, { 'x-unsupported': 'the libuser commands (luseradd …) are not used' }),
    profile: str(ignoredOnLinux('The profile (illumos/Solaris).')),
    authorization: str(ignoredOnLinux('Authorizations (illumos/Solaris).')),
    role: str(ignoredOnLinux('The role (illumos/Solaris).')),
    umask: str('The umask of a created home directory (useradd -K UMASK=…).'),
  },
};
