/**
 * The account databases as ansible's user and group modules see them through pwd, grp and
 * getspnam: parsed from `getent passwd|shadow|group` output, so one remote command reads them.
 */
export interface PasswdEntry {
  name: string;
  passwd: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export interface ShadowEntry {
  password: string;
  /** -1 for an empty field, as getspnam gives it. */
  min: number;
  max: number;
  warn: number;
  expire: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export function parsePasswd(line: string | undefined): PasswdEntry | null {
  if (!line) return null;
  const f = line.split(':');
  if (f.length < 7) return null;
  return { name: f[0]!, passwd: f[1]!, uid: Number(f[2]), gid: Number(f[3]), gecos: f[4]!, home: f[5]!, shell: f.slice(6).join(':') };
}

const num = (s: string | undefined) => (s === undefined || s === '' ? -1 : Number(s));

export function parseShadow(line: string | undefined): ShadowEntry | null {
  if (!line) return null;
  const f = line.split(':');
  return { password: f[1] ?? '', min: num(f[3]), max: num(f[4]), warn: num(f[5]), expire: num(f[7]) };
}

export function parseGroups(text: string): GroupEntry[] {
  return text.split('\n').filter((l) => l.includes(':')).map((l) => {
    const f = l.split(':');
    return { name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) };
  });
}

/** grp lookup as the user module does it: the name as a gid first, then as a name. */
export function findGroup(groups: readonly GroupEntry[], g: string): GroupEntry | undefined {
  if (/^\s*[+-]?\d+\s*$/.test(g)) {
    const byGid = groups.find((x) => x.gid === Number(g));
    if (byGid) return byGid;
  }
  return groups.find((x) => x.name === g);
}

/** Splits a probe's output at `@<TAG>` lines into sections by tag (each without its final newline). */
export function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let tag: string | null = null;
  let buf: string[] = [];
  const flush = () => {
    if (tag !== null) out.set(tag, buf.join('\n'));
  };
  for (const line of stdout.split('\n')) {
    const m = /^@([A-Z]+)$/.exec(line);
    if (m) {
      flush();
      tag = m[1]!;
      buf = [];
    } else buf.push(line);
  }
  flush();
  for (const [k, v] of out) out.set(k, v.replace(/\n$/, ''));
  return out;
}
