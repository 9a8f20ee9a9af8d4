/**
 * The fail-closed network guard. When `PGPLAY_ALLOWED_NETS` is set (the test runner always sets
 * it), every address the engine or a module is about to open a socket to must lie inside one of
 * its CIDR ranges; names are resolved first and every resolved address is checked, and the
 * socket is then opened to the checked address (never resolved a second time), so a name cannot
 * lead anywhere the guard did not see. An unparseable value refuses everything rather than
 * nothing. Unset, the guard allows every address (a real deployment reaches real hosts).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ConnectionError } from './errors.js';

export const ALLOWED_NETS_VAR = 'PGPLAY_ALLOWED_NETS';

export class NetworkGuardError extends ConnectionError {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkGuardError';
  }
}

interface Range {
  text: string;
  family: 4 | 6;
  bits: bigint;
  prefix: number;
}

function ipBits(addr: string): { family: 4 | 6; bits: bigint } | null {
  const fam = isIP(addr);
  if (fam === 4) {
    return { family: 4, bits: addr.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n) };
  }
  if (fam === 6) {
    const lower = addr.toLowerCase().replace(/%.*$/, '');
    // An IPv4-mapped address (::ffff:10.99.1.2) is checked as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return ipBits(mapped[1]!);
    const [head, tail] = lower.includes('::') ? lower.split('::') as [string, string] : [lower, undefined];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return { family: 6, bits: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n) };
  }
  return null;
}

function parseRange(text: string): Range | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  const addr = m ? m[1]! : text.trim();
  const ip = ipBits(addr);
  if (!ip) return null;
  const width = ip.family === 4 ? 32 : 128;
  const prefix = m ? Number(m[2]) : width;
  if (prefix > width) return null;
  return { text: text.trim(), family: ip.family, bits: ip.bits, prefix };
}

function inRange(ip: { family: 4 | 6; bits: bigint }, r: Range): boolean {
  if (ip.family !== r.family) return false;
  const width = BigInt(r.family === 4 ? 32 : 128);
  const shift = width - BigInt(r.prefix);
  return ip.bits >> shift === r.bits >> shift;
}

/** The guard in force: null when the variable is unset (no guard). */
export function allowedNets(env: NodeJS.ProcessEnv = process.env): { ranges: Range[]; raw: string; bad: string[] } | null {
  const raw = env[ALLOWED_NETS_VAR];
  if (raw === undefined) return null;
  const parts = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const ranges: Range[] = [];
  const bad: string[] = [];
  for (const p of parts) {
    const r = parseRange(p);
    if (r) ranges.push(r);
    else bad.push(p);
  }
  return { ranges, raw, bad };
}

/**
 * Throws NetworkGuardError unless `address` (an IP literal) may be contacted. `what` names the
 * purpose and the variable it came from, for the message (e.g. "ssh to h1 (ansible_host)").
 */
export function assertAddressAllowed(address: string, what: string, env: NodeJS.ProcessEnv = process.env): void {
  const g = allowedNets(env);
  if (!g) return;
  const ip = ipBits(address);
  if (!ip) throw new NetworkGuardError(`network guard: refusing ${what}: ${JSON.stringify(address)} is not an IP address`);
  if (g.bad.length) {
    throw new NetworkGuardError(`network guard: refusing ${what} to ${address}: ${ALLOWED_NETS_VAR}=${JSON.stringify(g.raw)} has entries that are not CIDR ranges (${g.bad.join(', ')}), so every address is refused`);
  }
  if (!g.ranges.some((r) => inRange(ip, r))) {
    throw new NetworkGuardError(`network guard: refusing ${what} to ${address}: the address is outside ${ALLOWED_NETS_VAR}=${g.raw || '(empty)'}`);
  }
}

/**
 * Resolves `host` (a name or an IP literal) and returns an address that passed the guard. Every
 * address the name resolves to must pass: a name that resolves partly outside is refused whole.
 */
export async function resolveAllowed(host: string, what: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (isIP(host)) {
    assertAddressAllowed(host, what, env);
    return host;
  }
  let addrs: { address: string }[];
  try {
    addrs = await lookup(host, { all: true, verbatim: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw Object.assign(new Error(`Could not resolve hostname ${host}: ${code === 'ENOTFOUND' ? 'Name or service not known' : String(code ?? e)}`), { code: 'ENOTFOUND' });
  }
  for (const a of addrs) assertAddressAllowed(a.address, `${what} (${host} resolves to ${a.address})`, env);
  return addrs[0]!.address;
}
