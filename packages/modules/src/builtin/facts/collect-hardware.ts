/** LinuxHardware (hardware/linux.py): cpu, memory, dmi and uptime facts. */
import { type Sections, fileContent, fileLines, cmdOut, pyStrip } from './sections.js';

type Facts = Record<string, unknown>;

const ORIGINAL = ['MemTotal', 'SwapTotal', 'MemFree', 'SwapFree'];
const MEMORY = [...ORIGINAL, 'Buffers', 'Cached', 'SwapCached'];

export function memoryFacts(s: Sections): Facts {
  if (!s.files.has('/proc/meminfo')) return {};
  const f: Facts = {};
  const m: Record<string, number> = {};
  for (const line of fileLines(s, '/proc/meminfo')) {
    const i = line.indexOf(':');
    const key = i < 0 ? line : line.slice(0, i);
    if (!MEMORY.includes(key)) continue;
    const val = Math.floor(Number(pyStrip(line.slice(i + 1)).split(' ')[0]) / 1024);
    if (ORIGINAL.includes(key)) f[`${key.toLowerCase()}_mb`] = val;
    m[key.toLowerCase()] = val;
  }
  const has = (...k: string[]) => k.every((x) => m[x] !== undefined);
  const nocacheFree = has('cached', 'memfree', 'buffers') ? m.cached! + m.memfree! + m.buffers! : undefined;
  f.memory_mb = {
    real: { total: m.memtotal ?? null, used: has('memtotal', 'memfree') ? m.memtotal! - m.memfree! : null, free: m.memfree ?? null },
    nocache: { free: nocacheFree ?? null, used: nocacheFree !== undefined && has('memtotal') ? m.memtotal! - nocacheFree : null },
    swap: { total: m.swaptotal ?? null, free: m.swapfree ?? null, used: has('swaptotal', 'swapfree') ? m.swaptotal! - m.swapfree! : null, cached: m.swapcached ?? null },
  };
  return f;
}

/** get_cpu_facts for the common architectures (x86, ARM, POWER; s390x and Xen paravirt as ansible). */
export function cpuFacts(s: Sections, architecture: string): Facts {
  if (!s.files.has('/proc/cpuinfo')) return {};
  let xen = s.exists.has('/proc/xen') || (fileLines(s, '/sys/hypervisor/type')[0] ?? '').trim() === 'xen';
  let xenParavirt = false;
  const processor: string[] = [];
  let i = 0;
  let vendorIds = 0;
  let modelNames = 0;
  let processors = 0;
  let physid = '0';
  let coreid = '0';
  let zp = 0;
  let zmt = 0;
  const sockets = new Map<string, number>();
  const cores = new Map<string, number>();
  for (const line of fileLines(s, '/proc/cpuinfo')) {
    const c = line.indexOf(':');
    const key = pyStrip(c < 0 ? line : line.slice(0, c));
    const val = c < 0 ? '' : pyStrip(line.slice(c + 1));
    if (xen && key === 'flags' && !val.includes('vme')) xenParavirt = true;
    if (['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor'].includes(key)) {
      processor.push(val);
      if (key === 'vendor_id') vendorIds++;
      if (key === 'model name') modelNames++;
      if (key === 'processor') processors++;
      i++;
    } else if (key === 'physical id') {
      physid = val;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === 'core id') {
      coreid = val;
      if (!sockets.has(coreid)) cores.set(coreid, 1);
    } else if (key === 'cpu cores') sockets.set(physid, Number.parseInt(val, 10));
    else if (key === 'siblings') cores.set(coreid, Number.parseInt(val, 10));
    else if (key === '# processors') zp = Number.parseInt(val, 10);
    else if (key === 'max thread id') zmt = Number.parseInt(val, 10) + 1;
    else if (key === 'ncpus active') i = Number.parseInt(val, 10);
  }
  xen = xen && xenParavirt;
  if (vendorIds > 0 && vendorIds === modelNames) i = vendorIds;
  if (/^(armv|aarch|ppc)/.test(architecture)) i = processors;
  const f: Facts = { processor };
  if (architecture === 's390x') Object.assign(f, { processor_count: 1, processor_cores: Math.floor(zp / zmt), processor_threads_per_core: zmt, processor_vcpus: zp, processor_nproc: zp });
  else if (xen) Object.assign(f, { processor_count: i, processor_cores: i, processor_threads_per_core: 1, processor_vcpus: i, processor_nproc: i });
  else {
    const count = sockets.size > 0 ? sockets.size : i;
    const sv = [...sockets.values()];
    const coresPer = sv.length && sv[0] ? sv[0] : 1;
    const cv = [...cores.values()];
    const tpc = Math.floor((cv.length ? cv[0]! : 1) / coresPer);
    Object.assign(f, { processor_count: count, processor_cores: coresPer, processor_threads_per_core: tpc, processor_vcpus: tpc * count * coresPer, processor_nproc: processors });
  }
  // os.sched_getaffinity(0): the CPUs this process may run on, which is what nproc prints.
  const nproc = Number.parseInt(cmdOut(s, 'nproc') ?? '', 10);
  if (Number.isFinite(nproc)) f.processor_nproc = nproc;
  return f;
}

const FORM_FACTOR = ['Unknown', 'Other', 'Unknown', 'Desktop', 'Low Profile Desktop', 'Pizza Box', 'Mini Tower', 'Tower', 'Portable', 'Laptop', 'Notebook', 'Hand Held', 'Docking Station', 'All In One', 'Sub Notebook', 'Space-saving', 'Lunch Box', 'Main Server Chassis', 'Expansion Chassis', 'Sub Chassis', 'Bus Expansion Chassis', 'Peripheral Chassis', 'RAID Chassis', 'Rack Mount Chassis', 'Sealed-case PC', 'Multi-system', 'CompactPCI', 'AdvancedTCA', 'Blade', 'Blade Enclosure', 'Tablet', 'Convertible', 'Detachable', 'IoT Gateway', 'Embedded PC', 'Mini PC', 'Stick PC'];
const DMI: Record<string, string> = {
  bios_date: 'bios_date', bios_vendor: 'bios_vendor', bios_version: 'bios_version', board_asset_tag: 'board_asset_tag', board_name: 'board_name',
  board_serial: 'board_serial', board_vendor: 'board_vendor', board_version: 'board_version', chassis_asset_tag: 'chassis_asset_tag',
  chassis_serial: 'chassis_serial', chassis_vendor: 'chassis_vendor', chassis_version: 'chassis_version', form_factor: 'chassis_type',
  product_name: 'product_name', product_serial: 'product_serial', product_uuid: 'product_uuid', product_version: 'product_version', system_vendor: 'sys_vendor',
};

/** DMI from /sys (pgplay does not fall back to dmidecode: without /sys/…/dmi every value is NA, as ansible without dmidecode). */
export function dmiFacts(s: Sections): Facts {
  const f: Facts = {};
  const sys = s.files.has('/sys/devices/virtual/dmi/id/product_name');
  for (const [key, file] of Object.entries(DMI)) {
    const data = sys ? fileContent(s, `/sys/devices/virtual/dmi/id/${file}`) : null;
    if (data === null) f[key] = 'NA';
    else if (key === 'form_factor') {
      const n = Number.parseInt(data, 10);
      f[key] = FORM_FACTOR[n] ?? `unknown (${data})`;
    } else f[key] = data;
  }
  return f;
}

export function uptimeFacts(s: Sections): Facts {
  const c = fileContent(s, '/proc/uptime');
  return c ? { uptime_seconds: Math.trunc(Number(c.split(' ')[0])) } : {};
}
