/** LinuxHardware.get_mount_facts (mtab entries with statvfs sizes, lsblk/udev UUIDs, bind marks) and get_lvm_facts. */
import { type Sections, fileContent, cmdOut, named, pySplit, pyStrip } from './sections.js';

type Facts = Record<string, unknown>;

const octal = (v: string) => v.replace(/\\[0-9]{3}/g, (m) => String.fromCharCode(Number.parseInt(m.slice(1), 8)));

function lsblkUuids(s: Sections): Map<string, string> {
  const uuids = new Map<string, string>();
  for (const raw of (cmdOut(s, 'lsblk') ?? '').split('\n')) {
    const line = pyStrip(raw);
    if (!line) continue;
    const m = /^(.*\S)\s+(\S+)$/.exec(line); // rsplit(None, 1)
    if (!m) continue;
    if (!uuids.has(m[1]!.trim())) uuids.set(m[1]!.trim(), m[2]!);
  }
  return uuids;
}

function bindMounts(s: Sections): Set<string> {
  const out = new Set<string>();
  for (const line of (cmdOut(s, 'findmnt') ?? '').split('\n')) {
    const f = pySplit(line);
    if (f.length >= 2 && /\]/.test(f[1]!)) out.add(f[0]!);
  }
  return out;
}

function mountSize(s: Sections, mount: string): Facts {
  const body = named(s, 'statfs', mount);
  const n = pySplit(body ?? '').map(Number);
  if (n.length < 7 || n.some((x) => !Number.isFinite(x))) return {};
  const [frsize, bsize, blocks, , bavail, files, ffree] = n as [number, number, number, number, number, number, number];
  // f_favail is f_ffree on Linux (stat -f prints only the latter)
  return {
    size_total: frsize * blocks, size_available: frsize * bavail,
    block_size: bsize, block_total: blocks, block_available: bavail, block_used: blocks - bavail,
    inode_total: files, inode_available: ffree, inode_used: files - ffree,
  };
}

function udevUuid(s: Sections, device: string): string {
  const m = /ID_FS_UUID=(.*)\n/.exec(named(s, 'udev', device) ?? '');
  return m ? m[1]! : 'N/A';
}

export function mountFacts(s: Sections): Facts {
  const path = s.named.find((n) => n.kind === 'mtab_path')?.arg ?? '/etc/mtab';
  const binds = bindMounts(s);
  const uuids = lsblkUuids(s);
  const results = new Map<string, Facts>();
  for (const line of (fileContent(s, path, '') ?? '').split('\n')) {
    const raw = pySplit(line);
    if (raw.length < 4) continue;
    const [device, mount, fstype, options] = raw.map(octal) as [string, string, string, string];
    if ((!device.startsWith('/') && !device.startsWith('\\') && !device.includes(':/')) || fstype === 'none') continue;
    // ansible's MTAB_BIND_MOUNT_RE ends in a stray quote, so ',bind' is always added to bind mounts
    const info: Facts = { mount, device, fstype, options: binds.has(mount) && !/.*bind.*"/.test(options) ? `${options},bind` : options };
    const uuid = uuids.get(device) ?? udevUuid(s, device);
    results.set(mount, { ...info, ...mountSize(s, mount), uuid: uuid || 'N/A' });
  }
  return { mounts: [...results.values()] };
}

/** get_lvm_facts: 'N/A' unless root with the LVM tools (dm-N names are not mapped to /dev/mapper here). */
export function lvmFacts(s: Sections): Facts {
  if (!s.named.some((n) => n.kind === 'lvm')) return { lvm: 'N/A' };
  const rows = (name: string) => (cmdOut(s, name) ?? '').split('\n').filter((l) => l.trim() !== '').map((l) => pyStrip(l).split(','));
  const vgs: Facts = {};
  for (const i of rows('vgs')) vgs[i[0]!] = { size_g: i[i.length - 2], free_g: i[i.length - 1], num_lvs: i[2], num_pvs: i[1] };
  const lvs: Facts = {};
  for (const i of rows('lvs')) lvs[i[0]!] = { size_g: i[3], vg: i[1] };
  const pvs: Facts = {};
  for (const i of rows('pvs')) pvs[i[0]!] = { size_g: i[4], free_g: i[5], vg: i[1] };
  return { lvm: { lvs, vgs, pvs } };
}
