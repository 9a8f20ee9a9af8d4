/**
 * OpenSSH known_hosts files: plain and hashed (`|1|salt|hmac`) host fields, `[host]:port` for a
 * port other than 22, comma-separated patterns with `*`/`?` and `!` negation, `@revoked` lines.
 * The verdict is OpenSSH's: the key matches a line (known), only other keys of the same type are
 * listed for the host (changed: an error that says so), or the host is not listed (unknown).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface KnownHostsVerdict {
  status: 'ok' | 'changed' | 'unknown' | 'revoked';
  /** file:line of the line that disagrees (changed) or matched. */
  where?: string;
}

interface Entry {
  marker?: string;
  hosts: string;
  keyType: string;
  key: string;
  where: string;
}

function readEntries(files: readonly string[]): Entry[] {
  const out: Entry[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue; // OpenSSH ignores a known_hosts file it cannot read
    }
    text.split('\n').forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#')) return;
      const parts = t.split(/\s+/);
      const marker = parts[0]!.startsWith('@') ? parts.shift() : undefined;
      if (parts.length < 3) return;
      out.push({ ...(marker ? { marker } : {}), hosts: parts[0]!, keyType: parts[1]!, key: parts[2]!, where: `${f}:${i + 1}` });
    });
  }
  return out;
}

/** The name OpenSSH looks up: `host`, or `[host]:port` when the port is not 22. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name);
}

function hostFieldMatches(field: string, names: readonly string[]): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const key = Buffer.from(salt, 'base64');
    return names.some((n) => createHmac('sha1', key).update(n).digest('base64') === hash);
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (names.some((n) => globMatch(p.slice(1), n))) return false;
    } else if (names.some((n) => globMatch(p, n))) matched = true;
  }
  return matched;
}

/**
 * Checks a presented key (`keyType` e.g. ssh-ed25519, `key` base64) for the names the host is
 * known by (the host name as given and, if different, its address; both in `[h]:port` form
 * off port 22).
 */
export function checkKnownHost(files: readonly string[], names: readonly string[], keyType: string, key: string): KnownHostsVerdict {
  const entries = readEntries(files).filter((e) => e.marker !== '@cert-authority' && hostFieldMatches(e.hosts, names));
  const revoked = readEntries(files).find((e) => e.marker === '@revoked' && e.key === key);
  if (revoked) return { status: 'revoked', where: revoked.where };
  const same = entries.find((e) => !e.marker && e.keyType === keyType && e.key === key);
  if (same) return { status: 'ok', where: same.where };
  const other = entries.find((e) => !e.marker && e.keyType === keyType);
  if (other) return { status: 'changed', where: other.where };
  return { status: 'unknown' };
}
