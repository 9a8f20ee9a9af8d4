/** platform, distribution and lsb facts (system/platform.py, distribution.py, lsb.py, common/sys_info.py). */
import { type Sections, fileContent, cmdOut, pyStrip } from './sections.js';

type Facts = Record<string, unknown>;

function line1(s: Sections, name: string): string {
  return (cmdOut(s, name) ?? '').replace(/\n$/, '');
}

/** socket.getfqdn(): the first name of gethostbyaddr(hostname) that has a dot, else its canonical name. */
function fqdn(s: Sections, node: string): string {
  const out = cmdOut(s, 'fqdn');
  if (!out) return node;
  const names = out.split('\n')[0]!.trim().split(/\s+/).slice(1);
  if (names.length === 0) return node;
  return names.find((n) => n.includes('.')) ?? names[0]!;
}

export function platformFacts(s: Sections): Facts {
  const f: Facts = {};
  f.system = line1(s, 'uname_s');
  f.kernel = line1(s, 'uname_r');
  f.kernel_version = line1(s, 'uname_v');
  f.machine = line1(s, 'uname_m');
  const node = line1(s, 'uname_n');
  f.fqdn = fqdn(s, node);
  f.hostname = node.split('.')[0];
  f.nodename = node;
  f.domain = String(f.fqdn).split('.').slice(1).join('.');
  // platform.architecture() reads the ELF class of the Python binary; /bin/sh stands in for it.
  const elf = (cmdOut(s, 'elf') ?? '').trim();
  f.userspace_bits = elf === '02' ? '64' : elf === '01' ? '32' : '';
  const m = String(f.machine);
  if (m === 'x86_64' || /i[3-6]86/.test(m)) {
    f.architecture = m === 'x86_64' ? m : 'i386';
    if (f.userspace_bits === '64') f.userspace_architecture = 'x86_64';
    else if (f.userspace_bits === '32') f.userspace_architecture = 'i386';
  } else f.architecture = m;
  const mid = fileContent(s, '/var/lib/dbus/machine-id') ?? fileContent(s, '/etc/machine-id');
  if (mid) f.machine_id = mid.split('\n')[0];
  return f;
}

/** os-release as the distro library reads it: KEY=value with shell quoting, keys lower-cased. */
function osRelease(s: Sections): Record<string, string> {
  const text = s.files.get('/etc/os-release') ?? s.files.get('/usr/lib/os-release') ?? '';
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2]!;
    if (/^".*"$|^'.*'$/.test(v)) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    out[m[1]!.toLowerCase()] = v;
  }
  if (out.version && !out.codename) {
    const c = /\((\D+)\)|,\s*(\D+)/.exec(out.version);
    if (c) out.codename = (c[1] ?? c[2]!).trim();
  }
  return out;
}

const NORMALIZED_OS_ID: Record<string, string> = { ol: 'oracle', opensuse: 'opensuse', 'opensuse-leap': 'opensuse', rhel: 'rhel' };

/** DistributionFiles._guess_distribution (get_distribution, get_distribution_version, codename). */
function guess(s: Sections): Facts {
  const os = osRelease(s);
  const id = NORMALIZED_OS_ID[(os.id ?? '').toLowerCase()] ?? (os.id ?? '').toLowerCase().replace(/[- ]/g, '_');
  let dist = id ? id[0]!.toUpperCase() + id.slice(1) : '';
  if (dist === 'Amzn') dist = 'Amazon';
  else if (dist === 'Rhel') dist = 'Redhat';
  else if (!dist) dist = 'OtherLinux';
  const candidates = [os.version_id ?? ''];
  if (id === 'debian' || (os.id_like ?? '').split(' ').includes('debian')) candidates.push(pyStrip(s.files.get('/etc/debian_version') ?? ''));
  let version = candidates.find((v) => v !== '') ?? '';
  if (id === 'debian' || id === 'centos') {
    let best = '';
    for (const v of candidates) if (v && (v.split('.').length > best.split('.').length || best === '')) best = v;
    version = id === 'centos' ? best.split('.').slice(0, 2).join('.') : best;
  }
  const codename = os.version_codename ?? os.ubuntu_codename ?? (os.codename || undefined);
  const out: Facts = { distribution: dist || 'NA', distribution_version: version || 'NA', distribution_release: codename ?? 'NA' };
  out.distribution_major_version = String(out.distribution_version).split('.')[0] || 'NA';
  return out;
}

const SEARCH_STRING: Record<string, string> = { OracleLinux: 'Oracle Linux', RedHat: 'Red Hat', Altlinux: 'ALT', SMGL: 'Source Mage GNU/Linux' };
const OSDIST: Array<[string, string, boolean?]> = [
  ['/etc/altlinux-release', 'Altlinux'], ['/etc/oracle-release', 'OracleLinux'], ['/etc/slackware-version', 'Slackware'],
  ['/etc/centos-release', 'CentOS'], ['/etc/redhat-release', 'RedHat'], ['/etc/vmware-release', 'VMwareESX', true],
  ['/etc/openwrt_release', 'OpenWrt'], ['/etc/os-release', 'Amazon'], ['/etc/system-release', 'Amazon'],
  ['/etc/alpine-release', 'Alpine'], ['/etc/arch-release', 'Archlinux', true], ['/etc/os-release', 'Archlinux'],
  ['/etc/os-release', 'SUSE'], ['/etc/SuSE-release', 'SUSE'], ['/etc/gentoo-release', 'Gentoo'],
  ['/etc/os-release', 'Debian'], ['/etc/lsb-release', 'Debian'], ['/etc/lsb-release', 'Mandriva'],
  ['/etc/sourcemage-release', 'SMGL'], ['/usr/lib/os-release', 'ClearLinux'], ['/etc/coreos/update.conf', 'Coreos'],
  ['/etc/os-release', 'Flatcar'], ['/etc/os-release', 'NA'],
];

/** parse_distribution_file_Debian, the family pgplay's lab runs; other parsers as far as written here. */
function parseDebian(data: string, s: Sections): [boolean, Facts] {
  const f: Facts = {};
  if (data.includes('Debian') || data.includes('Raspbian')) {
    f.distribution = 'Debian';
    const rel = /PRETTY_NAME=[^(]+ \(?([^)]+?)\)/.exec(data);
    if (rel) f.distribution_release = rel[1];
    for (const line of (fileContent(s, '/etc/debian_version') ?? '').split('\n')) {
      const m = /(\d+)\.(\d+)/.exec(line.trim());
      if (m) f.distribution_minor_version = m[2];
    }
  } else if (data.includes('Ubuntu')) f.distribution = 'Ubuntu';
  else if (data.includes('SteamOS')) f.distribution = 'SteamOS';
  else if (data.includes('Devuan')) {
    f.distribution = 'Devuan';
    const rel = /PRETTY_NAME="?[^("]+ \(?([^) "]+)\)?/.exec(data);
    if (rel) f.distribution_release = rel[1];
    const v = /VERSION_ID="(.*)"/.exec(data);
    if (v) f.distribution_version = f.distribution_major_version = v[1];
  } else if (data.includes('Mint')) {
    f.distribution = 'Linux Mint';
    const v = /VERSION_ID="(.*)"/.exec(data);
    if (v) {
      f.distribution_version = v[1];
      f.distribution_major_version = v[1]!.split('.')[0];
    }
  } else return [false, f];
  return [true, f];
}

function parseFile(name: string, data: string, path: string, s: Sections, collected: Facts): [boolean, Facts] {
  const stripped = data.replace(/^['"\\]+|['"\\]+$/g, '');
  if (SEARCH_STRING[name]) return [true, { distribution: stripped.includes(SEARCH_STRING[name]!) ? name : stripped.split(/\s+/)[0] }];
  if (name === 'Archlinux') return stripped.includes('Arch Linux') ? [true, { distribution: name }] : [false, {}];
  switch (name) {
    case 'Debian': return parseDebian(stripped, s);
    case 'Alpine': return [true, { distribution: 'Alpine', distribution_version: stripped }];
    case 'Amazon': {
      if (!stripped.includes('Amazon')) return [false, {}];
      const f: Facts = { distribution: 'Amazon' };
      const v = path === '/etc/os-release' ? /VERSION_ID="(.*)"/.exec(stripped) : null;
      if (v) {
        const [major, minor] = v[1]!.split('.');
        Object.assign(f, { distribution_version: v[1], distribution_major_version: major, distribution_minor_version: minor ?? 'NA' });
      }
      return [true, f];
    }
    case 'SUSE': return stripped.toLowerCase().includes('suse') ? [true, { distribution: collected.distribution }] : [false, {}];
    case 'NA': {
      const f: Facts = {};
      for (const line of stripped.split('\n')) {
        const d = /^NAME=(.*)/.exec(line);
        if (d) f.distribution = d[1]!.replace(/^"+|"+$/g, '');
        const v = /^VERSION=(.*)/.exec(line);
        if (v && collected.distribution_version === 'NA') f.distribution_version = v[1]!.replace(/^"+|"+$/g, '');
      }
      return [true, f];
    }
    default: return [false, {}];
  }
}

const OS_FAMILY_MAP: Record<string, string[]> = {
  RedHat: ['RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'SLC', 'Ascendos', 'CloudLinux', 'PSBM', 'OracleLinux', 'OVS', 'OEL', 'Amazon', 'Virtuozzo', 'XenServer', 'Alibaba', 'EulerOS', 'openEuler', 'AlmaLinux', 'Rocky', 'TencentOS', 'EuroLinux', 'Kylin Linux Advanced Server'],
  Debian: ['Debian', 'Ubuntu', 'Raspbian', 'Neon', 'KDE neon', 'Linux Mint', 'SteamOS', 'Devuan', 'Kali', 'Cumulus Linux', 'Pop!_OS', 'Parrot', 'Pardus GNU/Linux', 'Uos', 'Deepin', 'OSMC'],
  Suse: ['SuSE', 'SLES', 'SLED', 'openSUSE', 'openSUSE Tumbleweed', 'SLES_SAP', 'SUSE_LINUX', 'openSUSE Leap'],
  Archlinux: ['Archlinux', 'Antergos', 'Manjaro'],
  Mandrake: ['Mandrake', 'Mandriva'],
  Slackware: ['Slackware'], Altlinux: ['Altlinux'], SMGL: ['SMGL'], Gentoo: ['Gentoo', 'Funtoo'], Alpine: ['Alpine'],
  ClearLinux: ['Clear Linux OS', 'Clear Linux Mix'],
};
const OS_FAMILY = new Map(Object.entries(OS_FAMILY_MAP).flatMap(([fam, names]) => names.map((n) => [n, fam] as const)));

export function distributionFacts(s: Sections, kernel: string, kernelVersion: string): Facts {
  const f: Facts = { distribution: 'Linux', distribution_release: kernel, distribution_version: kernelVersion };
  const files: Facts = guess(s);
  for (const [path, name, allowEmpty] of OSDIST) {
    const content = s.files.get(path);
    if (content === undefined || (!allowEmpty && content.length === 0)) continue;
    if (allowEmpty) {
      Object.assign(files, { distribution: name, distribution_file_path: path, distribution_file_variety: name });
      break;
    }
    const [parsed, extra] = parseFile(name, pyStrip(content), path, s, files);
    if (parsed) {
      Object.assign(files, { distribution: name, distribution_file_path: path, distribution_file_variety: name, distribution_file_parsed: true }, extra);
      break;
    }
  }
  Object.assign(f, files);
  f.os_family = OS_FAMILY.get(String(f.distribution)) ?? f.distribution;
  return f;
}

/** LSBFactCollector: `lsb_release -a`, else /etc/lsb-release. */
export function lsbFacts(s: Sections): Facts {
  let lsb: Record<string, string> = {};
  const out = s.which.has('lsb_release') ? cmdOut(s, 'lsb') : null;
  if (out !== null) {
    for (const line of out.split('\n')) {
      if (!line.includes(':')) continue;
      const v = pyStrip(line.slice(line.indexOf(':') + 1));
      if (line.includes('LSB Version:')) lsb.release = v;
      else if (line.includes('Distributor ID:')) lsb.id = v;
      else if (line.includes('Description:')) lsb.description = v;
      else if (line.includes('Release:')) lsb.release = v;
      else if (line.includes('Codename:')) lsb.codename = v;
    }
  }
  if (Object.keys(lsb).length === 0 && s.files.has('/etc/lsb-release')) {
    lsb = {};
    for (const line of (fileContent(s, '/etc/lsb-release') ?? '').split('\n')) {
      const v = pyStrip(line.split('=').slice(1).join('='));
      if (line.includes('DISTRIB_ID')) lsb.id = v;
      else if (line.includes('DISTRIB_RELEASE')) lsb.release = v;
      else if (line.includes('DISTRIB_DESCRIPTION')) lsb.description = v;
      else if (line.includes('DISTRIB_CODENAME')) lsb.codename = v;
    }
  }
  if (lsb.release !== undefined) lsb.major_release = lsb.release.split('.')[0]!;
  for (const [k, v] of Object.entries(lsb)) if (v) lsb[k] = v.replace(/^['"\\]+|['"\\]+$/g, '');
  return { lsb };
}
