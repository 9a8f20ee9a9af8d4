/** LinuxHardware.get_device_facts and get_all_device_links: /sys/block and /dev/disk/by-*. */
import { type Sections, fileContent, cmdOut } from './sections.js';

type Facts = Record<string, unknown>;

const SIZE_RANGES: Array<[string, number]> = [['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50], ['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10], ['B', 1]];

/** '%.2f' with Python's rounding (half to even on the exact binary value; toFixed rounds half up). */
function fixed2(x: number): string {
  const s = x.toFixed(2);
  const scaled = x * 100;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const down = Math.floor(scaled);
    return ((down % 2 === 0 ? down : down + 1) / 100).toFixed(2);
  }
  return s;
}

/** module_utils.common.text.formatters.bytes_to_human. */
export function bytesToHuman(size: number): string {
  let suffix = 'B';
  let limit = 1;
  for ([suffix, limit] of SIZE_RANGES) if (size >= limit) break;
  return `${fixed2(size / limit)} ${limit !== 1 ? `${suffix}B` : 'Bytes'}`;
}

/** get_device_links for each /dev/disk/by-* directory, and masters from /sys/block/*\/slaves. */
function deviceLinks(s: Sections): Record<string, Record<string, string[]>> {
  const links: Record<string, Record<string, string[]>> = {};
  for (const [kind, name] of [['id', 'ids'], ['uuid', 'uuids'], ['label', 'labels']] as const) {
    const body = s.named.find((n) => n.kind === 'linkdir' && n.arg === kind)?.body;
    const by: Record<string, Set<string>> = {};
    for (const line of (body ?? '').split('\n')) {
      const [entry, target] = line.split(' ');
      if (!entry || !target) continue;
      (by[target.split('/').pop()!] ??= new Set()).add(entry);
    }
    links[name] = Object.fromEntries(Object.entries(by).map(([k, v]) => [k, [...v].sort()]));
  }
  const masters: Record<string, Set<string>> = {};
  for (const p of (s.named.find((n) => n.kind === 'slaves')?.body ?? '').split('\n').filter(Boolean)) {
    const el = p.split('/');
    (masters[el[5]!] ??= new Set()).add(el[3]!);
  }
  links.masters = Object.fromEntries(Object.entries(masters).map(([k, v]) => [k, [...v].sort()]));
  return links;
}

function holders(s: Sections, dir: string): string[] {
  return s.named.filter((n) => n.kind === 'holder' && n.arg.slice(0, n.arg.lastIndexOf(' ')) === dir)
    .map((n) => n.arg.slice(n.arg.lastIndexOf(' ') + 1))
    .filter((h) => h.startsWith('dm-'))
    .map((h) => {
      const name = (s.named.find((n) => n.kind === 'holder' && n.arg === `${dir} ${h}`)?.body ?? '').trim();
      return name || h;
    });
}

function linksOf(links: Record<string, Record<string, string[]>>, name: string): Facts {
  return Object.fromEntries(Object.entries(links).map(([k, v]) => [k, v[name] ?? []]));
}

function sectorSize(s: Sections, dir: string): unknown {
  return fileContent(s, `${dir}/queue/logical_block_size`) || (fileContent(s, `${dir}/queue/hw_sector_size`) ?? 512);
}

function partitions(s: Sections, listing: string[], sysdir: string, disk: string, links: Record<string, Record<string, string[]>>): Facts {
  const out: Facts = {};
  const re = new RegExp(`(${disk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[p]?\\d+)`);
  for (const folder of listing) {
    const m = re.exec(folder);
    if (!m) continue;
    const name = m[1]!;
    const dir = `${sysdir}/${name}`;
    const sectors = fileContent(s, `${dir}/size`) ?? 0;
    const uuid = Object.entries(links.uuids ?? {}).find(([dev]) => dev === name)?.[1][0] ?? null;
    out[name] = {
      links: linksOf(links, name),
      start: fileContent(s, `${dir}/start`) ?? 0,
      sectors,
      sectorsize: sectorSize(s, dir),
      size: bytesToHuman(Number(sectors) * 512),
      uuid,
      holders: holders(s, dir),
    };
  }
  return out;
}

export function deviceFacts(s: Sections): Facts {
  const links = deviceLinks(s);
  const wwn: Record<string, string> = {};
  for (const [dev, names] of Object.entries(links.ids ?? {})) for (const n of names) if (n.startsWith('wwn-')) wwn[dev] = n.slice(4);
  const pci = s.which.has('lspci') ? cmdOut(s, 'lspci') : null;
  const devices: Facts = {};
  for (const blk of s.named.filter((n) => n.kind === 'blk')) {
    const [block, path] = blk.arg.split(' ') as [string, string];
    const sysdir = `/sys/block/${path}`;
    const listing = blk.body.split('\n').filter(Boolean);
    const d: Facts = { virtual: path === block && listing.some((f) => f.includes('device')) ? 0 : 1, links: linksOf(links, block) };
    for (const key of ['vendor', 'model', 'sas_address', 'sas_device_handle']) d[key] = fileContent(s, `${sysdir}/device/${key}`);
    const serial = fileContent(s, `/sys/block/${block}/device/serial`);
    if (serial) d.serial = serial;
    d.removable = fileContent(s, `${sysdir}/removable`);
    d.support_discard = fileContent(s, `${sysdir}/queue/discard_granularity`);
    const disk = sysdir.split('/').pop()!;
    if (wwn[disk]) d.wwn = wwn[disk];
    d.partitions = partitions(s, listing, sysdir, disk, links);
    d.rotational = fileContent(s, `${sysdir}/queue/rotational`);
    const sched = fileContent(s, `${sysdir}/queue/scheduler`);
    d.scheduler_mode = sched !== null ? (/.*?(\[(.*)\])/.exec(sched)?.[2] ?? '') : '';
    d.sectors = fileContent(s, `${sysdir}/size`) || 0;
    d.sectorsize = sectorSize(s, sysdir);
    d.size = bytesToHuman(Number(d.sectors) * 512);
    d.host = '';
    const pm = /.+\/([a-f0-9]{4}:[a-f0-9]{2}:[0|1][a-f0-9]\.[0-7])\//.exec(sysdir);
    if (pm && pci) d.host = new RegExp(`^${pm[1]!.replace(/[.]/g, '\\.')}\\s(.*)$`, 'm').exec(pci)?.[1] ?? '';
    d.holders = holders(s, sysdir);
    devices[disk] = d;
  }
  return { devices, device_links: links };
}
