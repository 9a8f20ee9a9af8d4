/**
 * ansible's User class for Linux (useradd/usermod/userdel, ansible-core 2.16) as a decision on
 * read state: the commands to run, the warnings, and the result keys known before anything runs.
 */
import { ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { findGroup, type GroupEntry } from './accounts.js';
import type { UserArgs } from './user-args.js';
import type { UserState } from './user-state.js';

export interface KeygenAction {
  path: string;
  makeDir: boolean;
  /** Existing files ansible removes or overwrites (force). */
  overwrite: boolean;
  removePub: boolean;
  type: string;
  bits: number;
  comment: string;
  passphrase?: string;
}

export interface UserActions {
  name: string;
  /** useradd/usermod/userdel argv, with the password hash (if any) at `secretAt`. */
  main?: string[];
  /** create_homedir before useradd when the given home's parent is missing (useradd cannot). */
  preHome?: string;
  /** chown -R of that home after useradd. */
  chownHome?: boolean;
  /** The home is missing after the main command and create_home is set. */
  makeHome?: string;
  keygen?: KeygenAction;
  chage?: string[];
  skeleton?: string;
  /** Result keys known before anything runs (name, state, system/append …, password, warnings). */
  base: ModuleResult;
  keyResult: boolean;
}

const HASH_CHAR = /[^a-zA-Z0-9./=]/;

/** check_password_encrypted: a password that does not look like a crypt hash gets a warning. */
export function passwordWarning(pw: string | undefined): string[] {
  if (!pw || ['*', '!', '*************'].includes(pw)) return [];
  let bad = /[:*!]/.test(pw) || !pw.includes('$');
  if (pw.includes('$')) {
    const f = pw.split('$');
    if (f.length >= 3) {
      const last = f[f.length - 1]!;
      if (HASH_CHAR.test(last)) bad = true;
      if ((f[1] === '1' && last.length !== 22) || (f[1] === '5' && last.length !== 43) || (f[1] === '6' && last.length !== 86)) bad = true;
    } else bad = true;
  }
  return bad ? ["The input password appears not to have been hashed. The 'password' argument must be encrypted for this module to work properly."] : [];
}

/** time.gmtime(expires) as (year, month, day), and strftime('%Y-%m-%d'). */
function ymd(seconds: number): [number, number, number] {
  const d = new Date(Math.floor(seconds) * 1000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
const dateText = (s: number) => ymd(s).map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');

function groupOrFail(groups: readonly GroupEntry[], g: string): GroupEntry {
  const found = findGroup(groups, g);
  if (!found) throw new ModuleFailure(`Group ${g} does not exist`);
  return found;
}

/** get_groups_set: the named groups (each must exist), as given or as names. */
function groupSet(a: UserArgs, s: UserState, removePrimary: boolean, namesOnly: boolean): string[] {
  const wanted = [...new Set((a.groups ?? []).join(',').split(',').map((x) => x.trim()).filter((x) => x))];
  const out: string[] = [];
  for (const g of wanted) {
    const info = groupOrFail(s.groups, g);
    if (s.passwd && removePrimary && info.gid === s.passwd.gid) continue;
    out.push(namesOnly ? info.name : g);
  }
  return [...new Set(out)];
}

function createCommand(a: UserArgs, s: UserState, act: UserActions): string[] {
  const cmd = ['useradd'];
  if (a.uid !== undefined) cmd.push('-u', String(a.uid), ...(a.non_unique ? ['-o'] : []));
  if (a.group !== undefined) {
    groupOrFail(s.groups, a.group);
    cmd.push('-g', a.group);
  } else if (findGroup(s.groups, a.name)) cmd.push('-N');
  const joined = a.groups === undefined ? undefined : a.groups.join(',');
  if (joined) cmd.push('-G', groupSet(a, s, true, false).join(','));
  if (a.comment !== undefined) cmd.push('-c', a.comment);
  if (a.home !== undefined) {
    if (a.create_home && !s.homeParentIsDir) {
      act.preHome = a.home;
      act.chownHome = true;
    }
    cmd.push('-d', a.home);
  }
  if (a.shell !== undefined) cmd.push('-s', a.shell);
  if (a.expires !== undefined) cmd.push('-e', a.expires < 0 ? '' : dateText(a.expires));
  if (a.password !== undefined) cmd.push('-p', a.password_lock ? `!${a.password}` : a.password);
  if (a.create_home) {
    cmd.push('-m');
    if (a.skeleton !== undefined) cmd.push('-k', a.skeleton);
    if (a.umask !== undefined) cmd.push('-K', `UMASK=${a.umask}`);
  } else cmd.push('-M');
  if (a.system) cmd.push('-r');
  return [...cmd, a.name];
}

function groupsChange(a: UserArgs, s: UserState, cmd: string[]): void {
  if (a.groups === undefined) return;
  const current = s.groups.filter((g) => g.members.includes(a.name)).map((g) => g.name);
  const joined = a.groups.join(',');
  let need = false;
  let groups: string[] = [];
  if (joined === '') need = current.length > 0 && !a.append;
  else {
    groups = groupSet(a, s, false, true);
    const diff = [...groups.filter((g) => !current.includes(g)), ...current.filter((g) => !groups.includes(g))];
    if (diff.length) {
      if (a.append) {
        if (groups.some((g) => diff.includes(g))) {
          cmd.push('-a');
          need = true;
        }
      } else need = true;
    }
  }
  if (need) cmd.push('-G', groups.join(','));
}

function modifyCommand(a: UserArgs, s: UserState): string[] {
  const p = s.passwd!;
  let cmd = ['usermod'];
  // ansible reads the hash from shadow when passwd has a placeholder ('x')
  const hash = p.passwd.length <= 1 ? (s.shadow?.password ?? '') : p.passwd;
  if (a.uid !== undefined && p.uid !== a.uid) cmd.push('-u', String(a.uid), ...(a.non_unique ? ['-o'] : []));
  if (a.group !== undefined) {
    const g = groupOrFail(s.groups, a.group);
    if (p.gid !== g.gid) cmd.push('-g', String(g.gid));
  }
  groupsChange(a, s, cmd);
  if (a.comment !== undefined && p.gecos !== a.comment) cmd.push('-c', a.comment);
  if (a.home !== undefined && p.home !== a.home) cmd.push('-d', a.home, ...(a.move_home ? ['-m'] : []));
  if (a.shell !== undefined && p.shell !== a.shell) cmd.push('-s', a.shell);
  if (a.expires !== undefined) {
    const current = s.shadow?.expire ?? 0;
    if (a.expires < 0) {
      if (current >= 0) cmd.push('-e', '');
    } else if (current < 0 || ymd(current * 86400).join() !== ymd(a.expires).join()) cmd.push('-e', dateText(a.expires));
  }
  if (a.password_lock && !hash.startsWith('!')) cmd.push('-L');
  else if (a.password_lock === false && hash.startsWith('!')) cmd.push('-U');
  if (a.update_password === 'always' && a.password !== undefined && hash.replace(/^!+/, '') !== a.password.replace(/^!+/, '')) {
    cmd = cmd.filter((c) => c !== '-U' && c !== '-L');
    cmd.push('-p', a.password_lock ? `!${a.password}` : a.password);
  }
  return cmd.length > 1 ? [...cmd, a.name] : [];
}

function keygenAction(a: UserArgs, s: UserState, check: boolean, warnings: string[]): KeygenAction | 'noop' {
  const k = s.key!;
  const base = { path: k.path, makeDir: !k.dirExists, overwrite: false, removePub: false, type: a.ssh_key_type, bits: a.ssh_key_bits, comment: a.ssh_key_comment ?? `ansible-generated on ${s.hostname}`, ...(a.ssh_key_passphrase !== undefined ? { passphrase: a.ssh_key_passphrase } : {}) };
  if (!k.dirExists) return base;
  if (k.exists) {
    if (!a.force) {
      warnings.push(`Found existing ssh key private file "${k.path}", no force, so skipping ssh-keygen generation`);
      return 'noop';
    }
    warnings.push(`Overwriting existing ssh key private file "${k.path}"`);
    base.overwrite = true;
  }
  if (k.pubExists) {
    if (!a.force) {
      warnings.push(`Found existing ssh key public file "${k.path}.pub", no force, so skipping ssh-keygen generation`);
      return 'noop';
    }
    warnings.push(`Overwriting existing ssh key public file "${k.path}.pub"`);
    base.removePub = !check;
  }
  return base;
}

function chageCommand(a: UserArgs, s: UserState): string[] | undefined {
  // a user about to be created has login.defs' values; setting every given field ends the same
  const sh = s.passwd ? s.shadow : { password: '', min: NaN, max: NaN, warn: NaN, expire: -1 };
  const min = a.password_expire_min !== undefined && (!sh || a.password_expire_min !== sh.min);
  const max = a.password_expire_max !== undefined && (!sh || a.password_expire_max !== sh.max);
  const warn = a.password_expire_warn !== undefined && (!sh || a.password_expire_warn !== sh.warn);
  // getspnam fails for a user without a shadow entry: ansible then changes nothing
  if (!sh || !(min || max || warn)) return undefined;
  return ['chage', ...(min ? ['-m', String(a.password_expire_min)] : []), ...(max ? ['-M', String(a.password_expire_max)] : []), ...(warn ? ['-W', String(a.password_expire_warn)] : []), a.name];
}

/** Decides the user task; `changed` is whether anything would run. */
export function planUser(a: UserArgs, s: UserState, check: boolean): { changed: boolean; actions: UserActions } {
  const warnings: string[] = [];
  if (a.groups === undefined && a.append) warnings.push("'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups.This will change to an error in Ansible 2.14.");
  warnings.push(...passwordWarning(a.password));
  const act: UserActions = { name: a.name, base: { name: a.name, state: a.state }, keyResult: false, ...(a.skeleton !== undefined ? { skeleton: a.skeleton } : {}) };
  const done = (changed: boolean) => {
    if (warnings.length) act.base.warnings = warnings;
    return { changed, actions: act };
  };
  if (a.state === 'absent') {
    if (!s.passwd) return done(false);
    act.main = ['userdel', ...(a.force ? ['-f'] : []), ...(a.remove ? ['-r'] : []), a.name];
    if (!check) Object.assign(act.base, { force: a.force, remove: a.remove });
    return done(true);
  }
  let changed = false;
  if (!s.passwd) {
    // check mode exits before useradd's arguments (and their groups) are looked at
    if (check) return done(true);
    act.main = createCommand(a, s, act);
    changed = true;
    Object.assign(act.base, { system: a.system, create_home: a.create_home });
  } else {
    const cmd = modifyCommand(a, s);
    if (cmd.length) act.main = cmd;
    changed = cmd.length > 0;
    Object.assign(act.base, { append: a.append, move_home: a.move_home });
  }
  if (a.password !== undefined) act.base.password = 'NOT_LOGGING_PASSWORD';
  // A new user gets its home from useradd -m; an existing one whose home is missing gets one made.
  if (s.passwd && !s.homeExists && a.create_home && !(act.main && a.move_home && act.main.includes('-m'))) {
    act.makeHome = s.home;
    changed = true;
  }
  if (a.generate_ssh_key) {
    act.keyResult = true;
    const kg = s.passwd || !check ? keygenAction(a, s, check, warnings) : 'noop';
    if (kg !== 'noop') {
      act.keygen = kg;
      changed = true;
    }
  }
  const chage = chageCommand(a, s);
  if (chage) {
    act.chage = chage;
    changed = true;
  }
  return done(changed);
}
