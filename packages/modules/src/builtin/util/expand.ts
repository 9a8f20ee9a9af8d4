/** os.path.expandvars / expanduser as the command module applies them to each argument. */
export function expandVars(s: string, env: Record<string, string | undefined>): string {
  if (!s.includes('$')) return s;
  return s.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
    const n = name.startsWith('{') ? name.slice(1, -1) : name;
    const v = env[n];
    return v === undefined ? m : v;
  });
}

export function expandUser(s: string, home: string | undefined): string {
  if (!s.startsWith('~') || home === undefined) return s;
  const slash = s.indexOf('/');
  const user = slash === -1 ? s.slice(1) : s.slice(1, slash);
  if (user !== '') return s; // ~otheruser needs the target's passwd database; Python leaves it as is when unknown
  return home.replace(/\/$/, '') + (slash === -1 ? '' : s.slice(slash)) || '/';
}
