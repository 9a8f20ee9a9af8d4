/**
 * Carries out a planned user task in one remote command (runSteps): home directory made before
 * useradd when its parent is missing, the useradd/usermod/userdel command, the home made or
 * chowned after it, ssh-keygen, chage, then the passwd entry and key as they are afterwards.
 */
import { sh, secret, ModuleFailure, type HostConnection, type ModuleResult, type ShellCommand } from '@pgplay/engine/module-api';
import { parsePasswd, sections } from './accounts.js';
import { runSteps } from './run-steps.js';
import { parseFingerprint } from './user-state.js';
import type { KeygenAction, UserActions } from './user-plan.js';

/** User.create_homedir: a copy of the skeleton (or an empty directory), mode from login.defs' UMASK. */
export function createHomedir(path: string, skeleton: string | undefined): ShellCommand {
  return sh`p=${path}; sk=${skeleton ?? '/etc/skel'}
if [ ! -e "$p" ]; then
  if [ -e "$sk" ] && [ "$sk" != /dev/null ]; then mkdir -p "$(dirname "$p")" && cp -a "$sk" "$p" || exit 1
  else mkdir -p "$p" || exit 1; fi
  m=$(sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs 2>/dev/null | tail -n 1)
  [ -z "$m" ] || chmod "$(printf '%o' $((0777 & ~0$m)))" "$p"
fi`;
}

const owner = (name: string) => sh`u=$(getent passwd -- ${name} | cut -d: -f3,4)`;

function keygen(name: string, k: KeygenAction): ShellCommand {
  const argv = ['ssh-keygen', '-t', k.type, ...(k.bits > 0 ? ['-b', String(k.bits)] : []), '-C', k.comment, '-f', k.path];
  const pass = k.passphrase !== undefined ? secret(k.passphrase) : '';
  return sh`${owner(name)}; k=${k.path}; d=$(dirname "$k")
if [ ! -e "$d" ]; then mkdir -m 0700 "$d" && chown "$u" "$d" || { printf 'Failed to create %s\\n' "$d" >&2; exit 1; }; fi
${k.removePub ? sh`rm -f "$k.pub"` : sh`:`}
printf ${k.overwrite ? 'y\n' : ''} | ${argv} -N ${pass} || exit $?
chown "$u" "$k" "$k.pub"`;
}

function infoStep(name: string, keyPath: string | undefined): ShellCommand {
  const key = keyPath === undefined ? sh`` : sh`k=${keyPath}
echo @F; [ -e "$k" ] && { ssh-keygen -l -f "$k" 2>&1; echo "rc=$?"; }
echo @U; [ -f "$k.pub" ] && cat "$k.pub"
`;
  return sh`echo @P; getent passwd -- ${name}
${key}true`;
}

/** Masks the password hash wherever a command's output repeats it (ansible's no_log values). */
function masker(secrets: readonly (string | undefined)[]): (s: string) => string {
  const list = secrets.filter((x): x is string => !!x && x.length > 2);
  return (s) => list.reduce((acc, x) => acc.split(x).join('********'), s);
}

export async function applyUser(host: HostConnection, act: UserActions, secrets: { password?: string; passphrase?: string }, groupsText: string | undefined, keyPath: string | undefined): Promise<ModuleResult> {
  const mask = masker([secrets.password, secrets.password && `!${secrets.password}`, secrets.passphrase]);
  const steps: Array<{ kind: string; cmd: ShellCommand }> = [];
  if (act.preHome !== undefined) steps.push({ kind: 'home', cmd: createHomedir(act.preHome, act.skeleton) });
  if (act.main) {
    const argv = act.main.map((x) => (x === secrets.password || x === `!${secrets.password}` ? secret(x) : x));
    steps.push({ kind: 'main', cmd: sh`${argv}` });
  }
  if (act.chownHome && act.preHome !== undefined) steps.push({ kind: 'home', cmd: sh`${owner(act.name)}; chown -R "$u" ${act.preHome}` });
  if (act.makeHome !== undefined) steps.push({ kind: 'home', cmd: sh`${createHomedir(act.makeHome, act.skeleton)}
${owner(act.name)}; chown -R "$u" ${act.makeHome}` });
  if (act.keygen) steps.push({ kind: 'key', cmd: keygen(act.name, act.keygen) });
  if (act.chage) steps.push({ kind: 'chage', cmd: sh`${act.chage}` });
  const isAbsent = act.main?.[0] === 'userdel';
  if (!isAbsent) steps.push({ kind: 'info', cmd: infoStep(act.name, act.keyResult ? keyPath : undefined) });
  const results = await runSteps(host, steps.map((s) => s.cmd));
  const warnings = act.base.warnings as string[] | undefined;
  const result: ModuleResult = { ...act.base, changed: true };
  delete result.warnings;
  results.forEach((r, i) => {
    const kind = steps[i]!.kind;
    if (r.rc === 0) return;
    const msg = mask(r.stderr);
    throw new ModuleFailure(kind === 'home' ? msg.trim() : msg, { ...(kind === 'home' ? {} : { name: act.name, rc: r.rc }), ...(warnings ? { warnings } : {}) });
  });
  if (results.length < steps.length) throw new ModuleFailure(`the ${steps[results.length]!.kind} step did not run`);
  const main = results[steps.findIndex((s) => s.kind === 'main')];
  if (main?.stdout) result.stdout = mask(main.stdout);
  if (main?.stderr) result.stderr = mask(main.stderr);
  if (!isAbsent) {
    const s = sections(results[results.length - 1]!.stdout);
    const p = parsePasswd(s.get('P'));
    if (p) Object.assign(result, { uid: p.uid, group: p.gid, comment: p.gecos, home: p.home, shell: p.shell });
    if (groupsText !== undefined) result.groups = groupsText;
    if (act.keyResult && keyPath !== undefined) {
      const fp = parseFingerprint(s.get('F'));
      const pub = s.get('U');
      Object.assign(result, { ssh_fingerprint: fp ? (fp.text.trim()) : '', ssh_key_file: keyPath, ssh_public_key: pub ? pub.trim() : null });
    }
  }
  if (warnings) result.warnings = warnings;
  return result;
}
