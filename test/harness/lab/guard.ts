// The lab's fail-closed address rule: every address it configures or connects to lies in
// 10.99.0.0/16 (never the .0 network, nor a broadcast), whatever a caller passes in.

/** Throws unless `address` is a dotted IPv4 address inside 10.99.0.0/16. */
export function assertLabAddress(address: string): void {
  const m = /^10\.99\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  const third = m ? Number(m[1]) : -1;
  const fourth = m ? Number(m[2]) : -1;
  if (!m || third < 1 || third > 254 || fourth < 1 || fourth > 254) {
    throw new Error(`lab network guard: refusing address ${JSON.stringify(address)} (outside 10.99.1-254.1-254)`);
  }
}

/** The suite's /24 inside 10.99.0.0/16. */
export function subnetFor(k: number): { gateway: string; prefix: string; cidr: string } {
  if (!Number.isInteger(k) || k < 1 || k > 254) throw new Error(`lab network guard: subnet index ${k} out of range`);
  const prefix = `10.99.${k}`;
  const gateway = `${prefix}.1`;
  assertLabAddress(gateway);
  return { gateway, prefix, cidr: `${prefix}.0/24` };
}
