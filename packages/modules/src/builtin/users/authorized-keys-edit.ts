/**
 * ansible.posix.authorized_key's parsing and editing of an authorized_keys text (parsekey,
 * parseoptions, the keydict, serialize and enforce_state's decisions), ported line for line so
 * the file comes out byte-identical: key order by rank, option order, the trailing space of a
 * key without a comment, comments and invalid lines kept.
 */
const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com', 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256-cert-v01@openssh.com', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521-cert-v01@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com', 'ssh-dss', 'ssh-rsa', 'ssh-xmss@openssh.com', 'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256', 'rsa-sha2-512', 'ssh-rsa-cert-v01@openssh.com', 'rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
]);

/** Options in order of appearance; a name may repeat (the keydict). */
export type Options = Array<[string, string | null]>;

export interface ParsedKey {
  /** The key blob, or the whole line for comments and lines that are no key. */
  id: string;
  type: string;
  options: Options | null;
  comment: string | null;
  rank: number;
}

export function parseOptions(text: string | null): Options {
  const out: Options = [];
  if (!text) return out;
  // re.split with a capturing group, [1:-1]: the parts between commas that are outside quotes
  const parts = text.split(/((?:[^,"']|"[^"]*"|'[^']*')+)/).slice(1, -1);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq >= 0) out.push([part.slice(0, eq), part.slice(eq + 1)]);
    else if (part !== ',') out.push([part, null]);
  }
  return out;
}

/** keydict equality: the same values per name, whatever the order of different names. */
function sameOptions(a: Options | null, b: Options | null): boolean {
  const group = (o: Options | null) => {
    const m = new Map<string, Array<string | null>>();
    for (const [k, v] of o ?? []) m.set(k, [...(m.get(k) ?? []), v]);
    return m;
  };
  const x = group(a);
  const y = group(b);
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (JSON.stringify(y.get(k)) !== JSON.stringify(v)) return false;
  return true;
}

export function parseKey(raw: string, rank: number): ParsedKey | null {
  raw = raw.replace(/\\#/g, '#');
  const parts = raw.split(/[ \t\r\n]+/).filter((p) => p !== '');
  if (parts[0] === '#') return { id: raw, type: 'skipped', options: null, comment: null, rank };
  const i = parts.findIndex((p) => KEY_TYPES.has(p));
  if (i < 0) return null;
  const options = parseOptions(i > 0 ? parts.slice(0, i).join(' ') : null);
  if (parts[i + 1] === undefined) throw new Error(`list index out of range (key line without a key: ${raw.trim()})`);
  return { id: parts[i + 1]!, type: parts[i]!, options, comment: parts.slice(i + 2).join(' '), rank };
}

/** Python's str.splitlines(True) for the line endings an authorized_keys file has. */
function linesKeepEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

export function parseKeys(text: string): Map<string, ParsedKey> {
  const keys = new Map<string, ParsedKey>();
  linesKeepEnds(text).forEach((line, rank) => {
    const k = parseKey(line, rank);
    if (k) keys.set(k.id, k);
    else keys.set(line, { id: line, type: 'skipped', options: null, comment: null, rank });
  });
  return keys;
}

export function serialize(keys: Map<string, ParsedKey>): string {
  const ordered = [...keys.values()].sort((a, b) => a.rank - b.rank);
  return ordered.map((k) => {
    if (k.type === 'skipped') return k.id;
    const opts = k.options && k.options.length ? `${k.options.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(',')} ` : '';
    return `${opts}${k.type} ${k.id} ${k.comment}\n`;
  }).join('');
}

export interface KeyEdit {
  changed: boolean;
  content: string;
}

/** enforce_state's decisions on the current file text. Throws `invalid key specified: …`. */
export function editKeys(existing: string, keyText: string, o: { state: 'present' | 'absent'; keyOptions?: string; exclusive: boolean; comment?: string }): KeyEdit {
  const newKeys = keyText.split(/\r\n|\r|\n/).filter((s) => s && !s.startsWith('#'));
  const keys = parseKeys(existing);
  const keep: string[] = [];
  const maxRank = keys.size;
  let changed = false;
  newKeys.forEach((line, rankIndex) => {
    let k = parseKey(line, rankIndex);
    if (!k) throw new InvalidKey(`invalid key specified: ${line}`);
    if (o.keyOptions !== undefined) k = { ...k, options: parseOptions(o.keyOptions) };
    if (o.comment !== undefined) k = { ...k, comment: o.comment };
    const cur = keys.get(k.id);
    let matched = false;
    let nonMatching = false;
    if (cur) {
      const same = cur.type === k.type && sameOptions(cur.options, k.options) && cur.comment === k.comment;
      if (!same && o.state === 'present') nonMatching = true;
      else matched = true;
    }
    if (o.state === 'present') {
      keep.push(k.id);
      if (nonMatching) {
        keys.delete(k.id);
        changed = true;
      }
      if (!matched) {
        keys.set(k.id, { ...k, rank: maxRank + k.rank });
        changed = true;
      }
    } else if (matched) {
      keys.delete(k.id);
      changed = true;
    }
  });
  if (o.state === 'present' && o.exclusive) {
    for (const id of [...keys.keys()]) if (!keep.includes(id)) {
      keys.delete(id);
      changed = true;
    }
  }
  return { changed, content: serialize(keys) };
}

export class InvalidKey extends Error {}
