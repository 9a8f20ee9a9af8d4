/**
 * `~` and `~user` in path arguments, expanded on the target as ansible's modules do there
 * (os.path.expanduser: $HOME, or the become user's home as _remote_expand_user gives it; `~user`
 * through the passwd database). One command, only when some argument starts with `~`.
 */
import { sh, type ModuleContext } from '@pgplay/engine/module-api';

/**
 * `side`: 'module' for paths ansible expands inside the module (os.path.expanduser: $HOME, which
 * sudo -H sets to the become user's home); 'action' for paths an action plugin expands first
 * (_remote_expand_user: `~` becomes `~<remote or become user>`, the passwd home). On a local
 * connection the two differ when $HOME is not the passwd home, as they do in ansible.
 */
export async function expandTildes<A extends object>(ctx: ModuleContext, args: A, keys: Array<keyof A & string>, side: 'module' | 'action' = 'module'): Promise<A> {
  const tilde = keys.filter((k) => typeof args[k] === 'string' && (args[k] as string).startsWith('~'));
  if (!tilde.length) return args;
  const users = tilde.map((k) => {
    const p = args[k] as string;
    const slash = p.indexOf('/');
    return slash < 0 ? p.slice(1) : p.slice(1, slash);
  });
  const become = ctx.host.become?.user;
  const who = (u: string) => (u === '' && become ? become : u);
  const script = users.reduce((acc, u) => (who(u) !== ''
    ? sh`${acc}getent passwd ${who(u)} | cut -d: -f6 | grep . || echo; `
    : side === 'module' ? sh`${acc}printf '%s\\n' "$HOME"; `
    : sh`${acc}getent passwd "$(id -un)" | cut -d: -f6 | grep . || echo; `), sh``);
  const homes = (await ctx.host.exec(script)).stdout.split('\n');
  const out = { ...args } as Record<string, unknown>;
  tilde.forEach((k, i) => {
    const home = homes[i]?.trim();
    const p = args[k] as string;
    // An unknown user keeps the path as it is, like expanduser.
    if (home) out[k] = home.replace(/\/$/, '') + p.slice(1 + users[i]!.length);
  });
  return out as A;
}
