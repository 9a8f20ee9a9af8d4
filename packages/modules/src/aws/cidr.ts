/** IPv4/IPv6 CIDR helpers the VPC modules need (network bits, validity). */

/** "10.0.0.5/16" → "10.0.0.0/16" (to_subnet); undefined when not an IPv4 CIDR. */
export function ipv4Network(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const addr = octets.reduce((a, o) => a * 256 + o, 0);
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  const net = Number((BigInt(addr) & BigInt(mask)));
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

export function isIpv4Cidr(s: string): boolean {
  return ipv4Network(s) !== undefined;
}

/** A loose IPv6 CIDR check (hex groups, at most one "::", prefix 0-128). */
export function isIpv6Cidr(s: string): boolean {
  const m = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(s);
  if (!m || Number(m[2]) > 128) return false;
  const addr = m[1]!;
  if ((addr.match(/::/g) ?? []).length > 1) return false;
  const groups = addr.split(':').filter((g) => g !== '');
  return groups.every((g) => g.length <= 4) && (addr.includes('::') ? groups.length < 8 : groups.length === 8);
}

/**
 * A literal CIDR option that cannot be a CIDR is reported before any host is touched
 * (ansible only learns it from the AWS error at run time); templated values are checked by AWS.
 */
export function cidrStaticCheck(
  args: Record<string, unknown>,
  sc: { isTemplate(v: unknown): boolean },
  options: string[],
  family: 'ipv4' | 'ipv6',
): { message: string; option: string; at: 'value'; code: 'invalid-module-args' }[] {
  const ok = family === 'ipv4' ? isIpv4Cidr : isIpv6Cidr;
  return options.flatMap((o) => {
    const vals = Array.isArray(args[o]) ? (args[o] as unknown[]) : [args[o]];
    return vals
      .filter((v) => typeof v === 'string' && !sc.isTemplate(v) && !ok(v))
      .map((v) => ({ message: `${o}: '${String(v)}' is not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} CIDR block (expected a.b.c.d/n)`, option: o, at: 'value' as const, code: 'invalid-module-args' as const }));
  });
}
