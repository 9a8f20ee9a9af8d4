/**
 * Privilege escalation as ansible-core's become plug-ins build it (plugins/become/sudo.py, su.py):
 * `sudo -H -S -n -u USER /bin/sh -c 'echo BECOME-SUCCESS-<id> ; CMD'` (with a password: `-n`
 * dropped and `-p "[sudo via ansible, key=<id>] password:"` added), `su USER -c '/bin/sh -c …'`.
 * The password is never part of a command: it is written to the command's input when the prompt
 * shows, as ansible's connection plug-ins do, and the command's own input follows only after the
 * success marker.
 */
import { randomInt } from 'node:crypto';
import { sh, verbatim, asWord, quote, joinCommands, type ShellCommand } from './sh.js';
import { shlexSplit } from '../inventory/shlex-split.js';

export interface BecomeSpec {
  method: 'sudo' | 'su';
  user: string;
  flags?: string;
  exe?: string;
  password?: string;
}

export interface BecomeCommand {
  command: ShellCommand;
  success: string;
  method: 'sudo' | 'su';
  /** Tells whether a text ends in this method's password prompt. */
  isPrompt(text: string): boolean;
  /** ansible's `fail` texts: the password was wrong. */
  isIncorrect(text: string): boolean;
  /** ansible's `missing` texts: a password was needed and none was given. */
  isMissing(text: string): boolean;
  password?: string;
}

const SU_PROMPTS = ['Password', '암호', 'パスワード', 'Adgangskode', 'Contraseña', 'Contrasenya', 'Hasło', 'Heslo', 'Jelszó', 'Lösenord', 'Mật khẩu',
  'Mot de passe', 'Parola', 'Parool', 'Pasahitza', 'Passord', 'Passwort', 'Salasana', 'Sandi', 'Senha', 'Wachtwoord', 'ססמה', 'Лозинка', 'Парола',
  'Пароль', 'गुप्तशब्द', 'शब्दकूट', 'సంకేతపదము', 'හස්පදය', '密码', '密碼', '口令'];
const SU_PROMPT_RE = new RegExp(`(\\w+'s )?(${SU_PROMPTS.join('|')}) ?(:|：) ?$`, 'iu');

function genId(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += String.fromCharCode(97 + randomInt(26));
  return s;
}

/** sudo.py: with a password, `-n`/`--non-interactive` leave the flags (also inside -Hn style groups). */
function sudoFlags(flags: string, withPassword: boolean): string {
  if (!withPassword || !flags) return flags;
  const out: string[] = [];
  for (let f of shlexSplit(flags, false)) {
    if (f === '-n' || f === '--non-interactive') continue;
    if (!f.startsWith('--')) f = f.replace(/^(-\w*)n(\w*.*)$/, '$1$2');
    out.push(f);
  }
  return out.map(quote).join(' ');
}

/** Tells apart what runs as different become settings on one connection (resident shells, servers). */
export function becomeKey(spec: BecomeSpec): string {
  return JSON.stringify([spec.method, spec.user, spec.flags, spec.exe, spec.password]);
}

export function buildBecome(inner: ShellCommand, spec: BecomeSpec, shellExe = '/bin/sh'): BecomeCommand {
  const id = genId();
  const success = `BECOME-SUCCESS-${id}`;
  const successCmd = sh`${verbatim(shellExe)} -c ${asWord(sh`echo ${success} ; ${inner}`)}`;
  const pw = spec.password !== undefined && spec.password !== '' ? spec.password : undefined;
  if (spec.method === 'sudo') {
    const prompt = `[sudo via ansible, key=${id}] password:`;
    const flags = sudoFlags(spec.flags ?? '-H -S -n', pw !== undefined);
    const parts = [verbatim(spec.exe || 'sudo'), verbatim(flags), ...(pw !== undefined ? [sh`-p ${prompt}`] : []), ...(spec.user ? [sh`-u ${spec.user}`] : []), successCmd];
    return {
      command: joinCommands(parts), success, method: 'sudo', ...(pw !== undefined ? { password: pw } : {}),
      isPrompt: (t) => pw !== undefined && t.split(/\r?\n/).some((l) => l.trim().startsWith(prompt)),
      isIncorrect: (t) => t.includes('Sorry, try again.'),
      isMissing: (t) => t.includes('Sorry, a password is required to run sudo') || t.includes('sudo: a password is required'),
    };
  }
  const parts = [verbatim(spec.exe || 'su'), verbatim(spec.flags ?? ''), ...(spec.user ? [sh`${spec.user}`] : []), sh`-c ${asWord(successCmd)}`];
  return {
    command: joinCommands(parts), success, method: 'su', ...(pw !== undefined ? { password: pw } : {}),
    // su.py matches the prompt at the start of the output it has not yet consumed.
    isPrompt: (t) => pw !== undefined && SU_PROMPT_RE.test(t.trimEnd()),
    isIncorrect: (t) => t.includes('Authentication failure'),
    isMissing: () => false,
  };
}
