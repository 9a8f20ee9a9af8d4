/**
 * What the user module reads from a host, in one remote command: the passwd and shadow entries,
 * every group, the host name (the default key comment), the home directory the user will have and
 * whether it (and a new home's parent) exists, and the SSH key files with their fingerprint.
 */
import { sh, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';
import { parseGroups, parsePasswd, parseShadow, sections, type GroupEntry, type PasswdEntry, type ShadowEntry } from './accounts.js';

export interface UserState {
  passwd: PasswdEntry | null;
  shadow: ShadowEntry | null;
  groups: GroupEntry[];
  hostname: string;
  /** The home the user has (or gets from useradd's defaults) once the task's changes are made. */
  home: string;
  homeExists: boolean;
  /** The given home's parent is a directory (useradd cannot make parents). */
  homeParentIsDir: boolean;
  key?: { path: string; exists: boolean; pubExists: boolean; dirExists: boolean; fingerprint: { rc: number; text: string } | null; publicKey: string | null };
}

export function userProbe(name: string, home: string | undefined, keyFile: string | undefined): ShellCommand {
  let cmd = sh`n=${name}
echo @P; getent passwd -- "$n"
echo @S; getent shadow -- "$n"
echo @G; getent group
echo @N; uname -n
h=${home ?? ''}; [ -n "$h" ] || h=$(getent passwd -- "$n" | cut -d: -f6); [ -n "$h" ] || h="$(useradd -D 2>/dev/null | sed -n 's/^HOME=//p')/$n"
echo @H; printf '%s\\n' "$h"; [ -e "$h" ] && echo exists
echo @Q; [ -n ${home ?? ''} ] && [ -d "$(dirname ${home ?? '.'})" ] && echo dir
`;
  if (keyFile !== undefined) {
    cmd = sh`${cmd}k=${keyFile}; case "$k" in /*) ;; *) k="\${h%/}/$k" ;; esac
echo @K; printf '%s\\n' "$k"; [ -e "$k" ] && echo key; [ -e "$k.pub" ] && echo pub; [ -d "$(dirname "$k")" ] && echo dir
echo @F; [ -e "$k" ] && { ssh-keygen -l -f "$k" 2>&1; echo "rc=$?"; }
echo @U; [ -f "$k.pub" ] && cat "$k.pub"
`;
  }
  return sh`${cmd}true`;
}

export function parseFingerprint(text: string | undefined): { rc: number; text: string } | null {
  if (!text) return null;
  const m = /\nrc=(\d+)$|^rc=(\d+)$/.exec(text);
  if (!m) return null;
  return { rc: Number(m[1] ?? m[2]), text: text.slice(0, m.index) };
}

export async function readUserState(host: HostConnection, name: string, home: string | undefined, keyFile: string | undefined): Promise<UserState> {
  const r = await host.exec(userProbe(name, home, keyFile));
  const s = sections(r.stdout);
  const [homePath = '', homeFlag] = (s.get('H') ?? '').split('\n');
  const state: UserState = {
    passwd: parsePasswd(s.get('P')),
    shadow: parseShadow(s.get('S')),
    groups: parseGroups(s.get('G') ?? ''),
    hostname: (s.get('N') ?? '').trim(),
    home: homePath,
    homeExists: homeFlag === 'exists',
    homeParentIsDir: s.get('Q') === 'dir',
  };
  if (keyFile !== undefined) {
    const [path = '', ...flags] = (s.get('K') ?? '').split('\n');
    const pub = s.get('U');
    state.key = {
      path, exists: flags.includes('key'), pubExists: flags.includes('pub'), dirExists: flags.includes('dir'),
      fingerprint: parseFingerprint(s.get('F')), publicKey: pub ? pub.trim() : null,
    };
  }
  return state;
}
