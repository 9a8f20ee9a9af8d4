// The suite's private network: a bridge holding the gateway address, and per host a network
// namespace joined to it by a veth pair. Hosts get a connected /24 route and nothing else:
// no default route, no NAT, and the machine must not forward (checked, fail closed).
import { readFileSync } from 'node:fs';
import { assertLabAddress, subnetFor } from './guard.js';
import { bridgeName, netnsName, vethName } from './names.js';
import { $, $nothrow } from './vendor.js';

/** Refuses to build a lab on a machine that routes between interfaces: hosts could then leave the bridge. */
export function assertNoForwarding(): void {
  const v = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
  if (v !== '0') throw new Error('lab network guard: net.ipv4.ip_forward is not 0 on this machine; refusing to attach lab hosts (they could route out)');
}

export async function createBridge(k: number): Promise<void> {
  const br = bridgeName(k);
  const { gateway } = subnetFor(k);
  await $`ip link add ${br} type bridge`;
  // No IPv6 on the bridge: the lab is IPv4-only, so nothing is advertised or autoconfigured on it.
  await $nothrow`sysctl -qw net.ipv6.conf.${br}.disable_ipv6=1`;
  await $`ip addr add ${gateway}/24 dev ${br}`;
  await $`ip link set ${br} up`;
}

export async function createHostNet(k: number, i: number, address: string): Promise<string> {
  assertLabAddress(address);
  const ns = netnsName(k, i);
  const veth = vethName(k, i);
  await $`ip netns add ${ns}`;
  await $`ip link add ${veth} type veth peer name eth0 netns ${ns}`;
  await $nothrow`sysctl -qw net.ipv6.conf.${veth}.disable_ipv6=1`;
  await $`ip link set ${veth} master ${bridgeName(k)} up`;
  await $`ip -n ${ns} link set lo up`;
  await $`ip netns exec ${ns} sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1`;
  await $`ip -n ${ns} addr add ${address}/24 dev eth0`;
  await $`ip -n ${ns} link set eth0 up`;
  return `/run/netns/${ns}`;
}

export async function deleteHostNet(k: number, i: number): Promise<void> {
  await $nothrow`ip netns del ${netnsName(k, i)}`;
  await $nothrow`ip link del ${vethName(k, i)}`;
}

export async function deleteBridge(k: number): Promise<void> {
  await $nothrow`ip link del ${bridgeName(k)}`;
}

/** Every IPv4 address on this machine's interfaces (root netns), to avoid a /24 someone already uses. */
export async function addressesInUse(): Promise<string[]> {
  const out = await $`ip -4 -o addr show`;
  return [...out.stdout.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]!);
}
