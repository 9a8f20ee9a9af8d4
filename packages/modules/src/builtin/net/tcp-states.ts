/**
 * wait_for's state=drained on Linux (LinuxTCPConnectionInfo): connections in /proc/net/tcp{,6}
 * on the port, in an active state, to the waited-for host's addresses (or any address when it is
 * 0.0.0.0 / ::), not from an excluded host. Addresses come in /proc's little-endian hex words.
 */
import { isIP } from 'node:net';

export const STATE_IDS: Record<string, string> = {
  ESTABLISHED: '01', SYN_SENT: '02', SYN_RECV: '03', FIN_WAIT1: '04', FIN_WAIT2: '05', TIME_WAIT: '06',
  CLOSE: '07', CLOSE_WAIT: '08', LAST_ACK: '09', LISTEN: '0A', CLOSING: '0B',
};

function words(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) out += bytes.slice(i, i + 4).reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
  return out.toUpperCase();
}

function v6Bytes(addr: string): number[] {
  // A trailing dotted quad (::ffff:127.0.0.1) is the last two groups.
  const ip = addr.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const [h, t] = ip.includes('::') ? ip.split('::') as [string, string] : [ip, undefined];
  const head = h ? h.split(':') : [];
  const tail = t ? t.split(':') : [];
  const groups = t === undefined ? head : [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail];
  return groups.flatMap((g) => [parseInt(g || '0', 16) >> 8, parseInt(g || '0', 16) & 255]);
}

/** An address as /proc/net/tcp{,6} writes it, with its family. */
export function procHex(ip: string): { family: 4 | 6; hex: string } | null {
  const fam = isIP(ip);
  if (fam === 4) return { family: 4, hex: words(ip.split('.').map(Number)) };
  if (fam === 6) return { family: 6, hex: words(v6Bytes(ip.toLowerCase())) };
  return null;
}

/** _convert_host_to_hex for one address: an IPv4 address also in its IPv4-mapped IPv6 form. */
export function hostHexes(ip: string): { family: 4 | 6; hex: string }[] {
  const h = procHex(ip);
  if (!h) return [];
  return h.family === 4 ? [h, procHex(`::ffff:${ip}`)!] : [h];
}

/** `out`: the proc files, a blank line, the host's addresses, `--`, the excluded hosts' addresses. */
export function drainedCount(out: string, port: number, states: string[]): number {
  const blank = out.indexOf('\n\n');
  const table = out.slice(0, blank < 0 ? out.length : blank).split('\n');
  const [hostPart = '', exclPart = ''] = out.slice(blank + 2).split('--\n');
  const ips = hostPart.split('\n').flatMap((s) => hostHexes(s.trim()));
  const excluded = new Set(exclPart.split('\n').flatMap((s) => hostHexes(s.trim())).map((x) => `${x.family}:${x.hex}`));
  const hostSet = new Set(ips.map((x) => `${x.family}:${x.hex}`));
  const want = new Set(states.map((s) => STATE_IDS[s]));
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const line of table) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[1] === 'local_address') continue;
    if (!want.has(f[3]!)) continue;
    const [localIp, localPort] = f[1]!.split(':') as [string, string];
    if (localPort !== portHex) continue;
    const family = localIp.length === 8 ? 4 : 6;
    const remoteIp = f[2]!.split(':')[0]!;
    if (excluded.has(`${family}:${remoteIp}`)) continue;
    const any = family === 4 ? '00000000' : '0'.repeat(32);
    if (hostSet.has(`${family}:${localIp}`) || hostSet.has(`${family}:${any}`) || (localIp.startsWith('0000000000000000FFFF0000') && hostSet.has('6:0000000000000000FFFF000000000000'))) count++;
  }
  return count;
}
