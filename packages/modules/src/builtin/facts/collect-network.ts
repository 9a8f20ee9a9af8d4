/** LinuxNetwork (network/linux.py): interfaces from /sys/class/net and `ip addr`, defaults from `ip route get`. */
import { type Sections, fileContent, cmdOut, named, pySplit } from './sections.js';

type Facts = Record<string, unknown>;
type Iface = Record<string, unknown>;

const TYPES: Record<string, string> = { '1': 'ether', '32': 'infiniband', '512': 'ppp', '772': 'loopback', '65534': 'tunnel' };

function defaults(s: Sections): [Facts, Facts] {
  const out: [Facts, Facts] = [{}, {}];
  const targets = ['8.8.8.8', '2404:6800:400a:800::1012'];
  ['route4', 'route6'].forEach((name, v) => {
    const text = s.cmds.get(name)?.out ?? '';
    if (!text) return;
    const words = pySplit(text.split('\n')[0] ?? '');
    if (words[0] !== targets[v]) return;
    for (let i = 0; i < words.length - 1; i++) {
      if (words[i] === 'dev') out[v]!.interface = words[i + 1];
      else if (words[i] === 'src') out[v]!.address = words[i + 1];
      else if (words[i] === 'via' && words[i + 1] !== targets[v]) out[v]!.gateway = words[i + 1];
    }
  });
  return out;
}

function ipv4Parts(address: string, len: string): { netmask: string; network: string } {
  const a = address.split('.').reduce((n, o) => (n * 256 + Number(o)) >>> 0, 0);
  const bits = Number(len);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const dotted = (n: number) => [24, 16, 8, 0].map((sh) => (n >>> sh) & 255).join('.');
  return { netmask: dotted(mask), network: dotted((a & mask) >>> 0) };
}

function locallyReachable(s: Sections): Facts {
  const r: { ipv4: string[]; ipv6: string[] } = { ipv4: [], ipv6: [] };
  for (const name of ['local4', 'local6']) {
    for (const line of (cmdOut(s, name) ?? '').split('\n')) {
      const w = pySplit(line);
      if (w[0] !== 'local' || !w[1]) continue;
      const list = w[1].includes(':') ? r.ipv6 : r.ipv4;
      if (!list.includes(w[1])) list.push(w[1]);
    }
  }
  return r;
}

/** What parse_ip_output reads and writes (it is a closure over these in network/linux.py). */
interface IpState {
  device: string;
  d: Iface;
  interfaces: Record<string, Iface>;
  dv4: Facts;
  dv6: Facts;
  all4: string[];
  all6: string[];
  macaddress: string | undefined;
}

/** `ip addr show primary|secondary dev X` lines → ipv4, ipv4_secondaries, ipv6 and the defaults' details. */
function parseIpOutput(st: IpState, output: string, secondary: boolean): void {
  const { device, d, interfaces, dv4, dv6, all4, all6, macaddress } = st;
  for (const line of output.split('\n')) {
    const w = pySplit(line);
    if (w.length === 0) continue;
    if (w[0] === 'inet') {
      let address: string;
      let len = '32';
      let broadcast = '';
      if (w[1]!.includes('/')) {
        [address, len] = w[1]!.split('/') as [string, string];
        if (w.length > 3 && w[2] === 'brd') broadcast = w[3]!;
      } else address = w[1]!;
      const { netmask, network } = ipv4Parts(address, len);
      const entry = { address, broadcast, netmask, network, prefix: len };
      const iface = w[w.length - 1]!;
      if (iface !== device) interfaces[iface] = {};
      const target = interfaces[iface]!;
      if (!secondary && !('ipv4' in target)) target.ipv4 = { ...entry };
      else ((target.ipv4_secondaries ??= []) as unknown[]).push({ ...entry });
      if (secondary) {
        const list = (d.ipv4_secondaries ??= []) as unknown[];
        if (device !== iface) list.push({ ...entry });
      }
      if (dv4.address === address) Object.assign(dv4, { broadcast, netmask, network, prefix: len, macaddress, mtu: d.mtu, type: d.type ?? 'unknown', alias: iface });
      if (!address.startsWith('127.')) all4.push(address);
    } else if (w[0] === 'inet6') {
      let address: string;
      let prefix: string;
      let scope: string;
      if (w[2] === 'peer') [address, prefix, scope] = [w[1]!, w[3]!.split('/')[1]!, w[5]!];
      else [[address, prefix], scope] = [w[1]!.split('/') as [string, string], w[3]!];
      ((d.ipv6 ??= []) as unknown[]).push({ address, prefix, scope });
      if (dv6.address === address) Object.assign(dv6, { prefix, scope, macaddress, mtu: d.mtu, type: d.type ?? 'unknown' });
      if (address !== '::1') all6.push(address);
    }
  }
}

/** get_ethtool_data: offload features (`ethtool -k`) and timestamping (`ethtool -T`). */
function ethtoolData(s: Sections, device: string): Iface {
  if (!s.which.has('ethtool')) return {};
  const data: Iface = {};
  const k = cmdOut(s, `ethtool-k ${device}`);
  if (k !== null) {
    const features: Record<string, string> = {};
    for (const line of k.trim().split('\n')) {
      if (!line || line.endsWith(':')) continue;
      const parts = line.split(': ');
      if (parts.length !== 2 || !parts[1]) continue;
      features[parts[0]!.trim().replace(/-/g, '_')] = parts[1].trim();
    }
    data.features = features;
  }
  const t = cmdOut(s, `ethtool-T ${device}`);
  if (t !== null) {
    data.timestamping = [...t.matchAll(/SOF_TIMESTAMPING_(\w+)/g)].map((m) => m[1]!.toLowerCase());
    data.hw_timestamp_filters = [...t.matchAll(/HWTSTAMP_FILTER_(\w+)/g)].map((m) => m[1]!.toLowerCase());
    const phc = /PTP Hardware Clock: (\d+)/.exec(t);
    if (phc) data.phc_index = Number(phc[1]);
  }
  return data;
}

export function networkFacts(s: Sections): Facts {
  if (!s.which.has('ip')) return {};
  const [dv4, dv6] = defaults(s);
  const interfaces: Record<string, Iface> = {};
  const all4: string[] = [];
  const all6: string[] = [];
  let macaddress: string | undefined; // ansible's loop variable: it leaks from one device to the next
  for (const { arg: device } of s.named.filter((n) => n.kind === 'iface')) {
    const p = `/sys/class/net/${device}`;
    const d: Iface = (interfaces[device] = { device });
    if (s.files.has(`${p}/address`)) {
      macaddress = fileContent(s, `${p}/address`, '') ?? '';
      if (macaddress && macaddress !== '00:00:00:00:00:00') d.macaddress = macaddress;
    }
    if (s.files.has(`${p}/mtu`)) d.mtu = Number.parseInt(fileContent(s, `${p}/mtu`) ?? '', 10);
    if (s.files.has(`${p}/operstate`)) d.active = fileContent(s, `${p}/operstate`) !== 'down';
    const mod = named(s, 'module', device);
    if (mod !== undefined) d.module = mod.trim().split('/').pop();
    if (s.files.has(`${p}/type`)) d.type = TYPES[fileContent(s, `${p}/type`) ?? ''] ?? 'unknown';
    if (s.exists.has(`${p}/bridge`)) {
      d.type = 'bridge';
      d.interfaces = pySplit(named(s, 'brif', device) ?? '');
      if (s.files.has(`${p}/bridge/bridge_id`)) d.id = fileContent(s, `${p}/bridge/bridge_id`, '');
      if (s.files.has(`${p}/bridge/stp_state`)) d.stp = fileContent(s, `${p}/bridge/stp_state`) === '1';
    }
    if (s.exists.has(`${p}/bonding`)) {
      d.type = 'bonding';
      d.slaves = pySplit(fileContent(s, `${p}/bonding/slaves`, '') ?? '');
      for (const k of ['mode', 'miimon', 'lacp_rate']) d[k] = pySplit(fileContent(s, `${p}/bonding/${k}`, '') ?? '')[0];
      const primary = fileContent(s, `${p}/bonding/primary`);
      if (primary) {
        d.primary = primary;
        if (s.files.has(`${p}/bonding/all_slaves_active`)) d.all_slaves_active = fileContent(s, `${p}/bonding/all_slaves_active`) === '1';
      }
    }
    if (s.exists.has(`${p}/bonding_slave`)) d.perm_macaddress = fileContent(s, `${p}/bonding_slave/perm_hwaddr`, '');
    if (s.exists.has(`${p}/device`) && s.links.has(`${p}/device`)) d.pciid = s.links.get(`${p}/device`)!.split('/').pop();
    if (s.files.has(`${p}/speed`)) {
      const sp = fileContent(s, `${p}/speed`);
      if (sp !== null) d.speed = Number.parseInt(sp, 10);
    }
    if (s.files.has(`${p}/flags`)) d.promisc = (Number.parseInt(fileContent(s, `${p}/flags`) ?? '0', 16) & 0x100) > 0;
    const primary = s.cmds.get(`primary ${device}`);
    const st: IpState = { device, d, interfaces, dv4, dv6, all4, all6, macaddress };
    if (primary?.rc === 0) parseIpOutput(st, primary.out, false);
    const secondary = s.cmds.get(`secondary ${device}`);
    if (secondary?.rc === 0) parseIpOutput(st, secondary.out, true);
    Object.assign(d, ethtoolData(s, device));
  }
  const f: Facts = {};
  // ansible lists the names as found (eth0:1), the per-interface facts with '_' (ansible_eth0_1)
  f.interfaces = Object.keys(interfaces);
  for (const [name, v] of Object.entries(interfaces)) f[name.replace(/:/g, '_')] = v;
  Object.assign(f, { default_ipv4: dv4, default_ipv6: dv6, all_ipv4_addresses: all4, all_ipv6_addresses: all6, locally_reachable_ips: locallyReachable(s) });
  return f;
}
