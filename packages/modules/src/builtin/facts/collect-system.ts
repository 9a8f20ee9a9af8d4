/** The small system collectors of module_utils/facts/system/*.py, read from the gather script's output. */
import { type Sections, fileContent, cmdOut, named, pyStrip, pySplit } from './sections.js';
import { PKG_PATHS } from './gather-script.js';

type Facts = Record<string, unknown>;

export function selinuxFacts(s: Sections): Facts {
  // ansible binds libselinux through ctypes: without the library it reports the Python side missing.
  if (!pyStrip(named(s, 'libselinux') ?? '')) return { selinux: { status: 'Missing selinux Python library' }, selinux_python_present: false };
  if (!s.exists.has('/sys/fs/selinux/enforce')) return { selinux: { status: 'disabled' }, selinux_python_present: true };
  const modes: Record<string, string> = { '1': 'enforcing', '0': 'permissive', '-1': 'disabled' };
  const config = fileContent(s, '/etc/selinux/config') ?? '';
  const cfg = (k: string) => new RegExp(`^\\s*${k}\\s*=\\s*(\\S+)`, 'm').exec(config)?.[1];
  const configMode = String(cfg('SELINUX') ?? '');
  const v = fileContent(s, '/sys/fs/selinux/policyvers');
  return {
    selinux_python_present: true,
    selinux: {
      status: 'enabled',
      policyvers: v !== null ? Number(v) : 'unknown',
      config_mode: { enforcing: 'enforcing', permissive: 'permissive', disabled: 'disabled' }[configMode] ?? 'unknown',
      mode: modes[fileContent(s, '/sys/fs/selinux/enforce') ?? ''] ?? 'unknown',
      type: String(cfg('SELINUXTYPE') ?? 'unknown'),
    },
  };
}

export function apparmorFacts(s: Sections): Facts {
  return { apparmor: { status: s.exists.has('/sys/kernel/security/apparmor') ? 'enabled' : 'disabled' } };
}

export function fipsFacts(s: Sections): Facts {
  return { fips: fileContent(s, '/proc/sys/crypto/fips_enabled') === '1' };
}

export function chrootFacts(s: Sections): Facts {
  if (named(s, 'debian_chroot')) return { is_chroot: true };
  const lines = (s.cmds.get('chroot')?.out ?? '').trim().split('\n').filter(Boolean);
  if (lines.length === 2) return { is_chroot: lines[0] !== lines[1] };
  const type = cmdOut(s, 'rootfs') ?? '';
  const rootIno = type.includes('btrfs') ? '256' : type.includes('xfs') ? '128' : '2';
  return { is_chroot: (lines[0] ?? '').split(' ')[1] !== rootIno };
}

export function capsFacts(s: Sections): Facts {
  const out = s.which.has('capsh') ? cmdOut(s, 'caps') : null;
  if (out === null) return { system_capabilities_enforced: 'N/A', system_capabilities: 'N/A' };
  let enforced = 'NA';
  let caps: string[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('Current:')) continue;
    if (pyStrip(line.split(':')[1]!) === '=ep') enforced = 'False';
    else {
      enforced = 'True';
      caps = line.split('=')[1]!.split(',').map(pyStrip);
    }
  }
  return { system_capabilities_enforced: enforced, system_capabilities: caps };
}

const PKG_NAMES: Record<string, string> = {
  '/usr/bin/rpm-ostree': 'atomic_container', '/usr/bin/yum': 'yum', '/usr/bin/dnf-3': 'dnf', '/usr/bin/dnf5': 'dnf5', '/usr/bin/apt-get': 'apt',
  '/usr/bin/zypper': 'zypper', '/usr/sbin/urpmi': 'urpmi', '/usr/bin/pacman': 'pacman', '/bin/opkg': 'opkg', '/usr/pkg/bin/pkgin': 'pkgin',
  '/opt/local/bin/pkgin': 'pkgin', '/opt/tools/bin/pkgin': 'pkgin', '/opt/local/bin/port': 'macports', '/usr/local/bin/brew': 'homebrew',
  '/opt/homebrew/bin/brew': 'homebrew', '/sbin/apk': 'apk', '/usr/sbin/pkg': 'pkgng', '/usr/sbin/swlist': 'swdepot', '/usr/bin/emerge': 'portage',
  '/usr/sbin/pkgadd': 'svr4pkg', '/usr/bin/pkg': 'pkg5', '/usr/bin/xbps-install': 'xbps', '/usr/local/sbin/pkg': 'pkgng', '/usr/bin/swupd': 'swupd',
  '/usr/sbin/sorcery': 'sorcery', '/usr/bin/installp': 'installp', '/QOpenSys/pkgs/bin/yum': 'yum',
};

/** PkgMgrFactCollector: the last PKG_MGRS path that exists, then the family's corrections. */
export function pkgMgrFacts(s: Sections, dist: Facts): Facts {
  let name = 'unknown';
  for (const p of PKG_PATHS) if (PKG_NAMES[p] && s.exists.has(p) && !(dist.os_family === 'Altlinux' && p === '/usr/bin/pkg')) name = PKG_NAMES[p]!;
  if (dist.os_family === 'RedHat') {
    if (s.exists.has('/run/ostree-booted')) return { pkg_mgr: 'atomic_container' };
    name = 'unknown';
    const real = (named(s, 'realpath_dnf') ?? '').split('\n');
    if (s.exists.has('/usr/bin/dnf')) name = real[0] === '/usr/bin/dnf5' ? 'dnf5' : 'dnf';
    else if (s.exists.has('/usr/bin/microdnf')) name = real[0] === '/usr/bin/dnf5' ? 'dnf5' : 'dnf';
    const major = Number.parseInt(String(dist.distribution_major_version).replace(/^V/, ''), 10);
    if (Number.isNaN(major)) return { pkg_mgr: 'unknown' };
    const d = dist.distribution;
    const old = (d === 'Fedora' && major < 23) || (d === 'Amazon' && major < 2022) || (d === 'TencentOS' && major < 3) || major < 8;
    if (old && (s.exists.has('/usr/bin/yum') || s.exists.has('/QOpenSys/pkgs/bin/yum'))) name = 'yum';
  } else if (dist.os_family === 'Debian' && name !== 'apt') name = 'apt';
  else if (dist.os_family === 'Altlinux' && name === 'apt') name = 'apt_rpm';
  if (name === 'apt' && s.exists.has('/usr/bin/rpm')) name = s.cmds.get('rpm_apt')?.rc === 0 ? 'apt_rpm' : 'apt';
  return { pkg_mgr: name };
}

/** ServiceMgrFactCollector for Linux: /proc/1/comm, else what is installed. */
export function serviceMgrFacts(s: Sections): Facts {
  const map: Record<string, string> = { procd: 'openwrt_init', 'runit-init': 'runit', svscan: 'svc', 'openrc-init': 'openrc' };
  let p1: string | null = fileContent(s, '/proc/1/comm');
  if (p1 === null && s.links.has('/sbin/init')) p1 = s.links.get('/sbin/init')!;
  if (p1 !== null) p1 = pyStrip(p1.split('/').pop()!);
  if (p1 !== null && (p1 === 'init' || p1.endsWith('sh'))) p1 = null;
  if (p1) return { service_mgr: map[p1] ?? p1 };
  const systemd = s.which.has('systemctl') && ['/run/systemd/system/', '/dev/.run/systemd/', '/dev/.systemd/'].some((d) => s.exists.has(d));
  if (systemd) return { service_mgr: 'systemd' };
  if (s.which.has('initctl') && s.exists.has('/etc/init/')) return { service_mgr: 'upstart' };
  if (s.exists.has('/sbin/openrc')) return { service_mgr: 'openrc' };
  const init = s.links.get('/sbin/init');
  if (s.which.has('systemctl') && init && init.endsWith('systemd')) return { service_mgr: 'systemd' };
  if (s.exists.has('/etc/init.d/')) return { service_mgr: 'sysvinit' };
  return { service_mgr: 'service' };
}

/** shlex.split(posix=False): whitespace-separated, quoted runs kept with their quotes. */
function splitNonPosix(data: string): string[] {
  return data.match(/(?:"[^"]*"|'[^']*'|[^\s"'])+/g) ?? [];
}

export function cmdlineFacts(s: Sections): Facts {
  const data = fileContent(s, '/proc/cmdline');
  if (!data) return {};
  const cmdline: Facts = {};
  const proc: Facts = {};
  for (const piece of splitNonPosix(data)) {
    const eq = piece.indexOf('=');
    if (eq < 0) {
      cmdline[piece] = true;
      proc[piece] = true;
      continue;
    }
    const [k, v] = [piece.slice(0, eq), piece.slice(eq + 1)];
    cmdline[k] = v;
    const prev = proc[k];
    proc[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { cmdline, proc_cmdline: proc };
}

export function dateTimeFacts(s: Sections): Facts {
  const [Y, m, A, w, W, d, H, M, S, epoch, ns, Z, z] = (cmdOut(s, 'date') ?? '').trim().split('|');
  const micro = (ns ?? '000000000').slice(0, 6);
  const utc = (cmdOut(s, 'date_utc') ?? '').trim();
  const jan = (cmdOut(s, 'tz_jan') ?? '').trim();
  const jul = (cmdOut(s, 'tz_jul') ?? '').trim();
  // time.tzname[1]: the daylight-saving name; the zone's only name when it keeps no DST.
  const split = (t: string) => [t.slice(0, -5), Number(t.slice(-5))] as const;
  const [janName, janOff] = split(jan);
  const [julName, julOff] = split(jul);
  const dst = janOff === julOff ? janName : julOff > janOff ? julName : janName;
  return {
    date_time: {
      year: Y, month: m, weekday: A, weekday_number: w, weeknumber: W, day: d, hour: H, minute: M, second: S,
      epoch, epoch_int: String(Number.parseInt(epoch ?? '0', 10)),
      date: `${Y}-${m}-${d}`, time: `${H}:${M}:${S}`,
      iso8601_micro: `${utc}.${micro}Z`, iso8601: `${utc}Z`,
      iso8601_basic: `${Y}${m}${d}T${H}${M}${S}${micro}`, iso8601_basic_short: `${Y}${m}${d}T${H}${M}${S}`,
      tz: Z, tz_dst: dst, tz_offset: z,
    },
  };
}

export function envFacts(s: Sections): Facts {
  const body = named(s, 'env') ?? '';
  const env: Record<string, string> = {};
  const entries = body.includes('\0') ? body.split('\0') : body.split('\n');
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return { env };
}

export function loadavgFacts(s: Sections): Facts {
  const parts = pySplit(fileContent(s, '/proc/loadavg') ?? '');
  if (parts.length < 3) return {};
  return { loadavg: { '1m': Number(parts[0]), '5m': Number(parts[1]), '15m': Number(parts[2]) } };
}

export function sshPubKeyFacts(s: Sections): Facts {
  const out: Facts = {};
  for (const dir of ['/etc/ssh', '/etc/openssh', '/etc']) {
    for (const algo of ['dsa', 'rsa', 'ecdsa', 'ed25519']) {
      const fact = `ssh_host_key_${algo}_public`;
      if (fact in out) return out;
      const data = fileContent(s, `${dir}/ssh_host_${algo}_key.pub`);
      if (data === null) continue;
      const [type, key] = pySplit(data);
      out[fact] = key;
      out[`${fact}_keytype`] = type;
    }
  }
  return out;
}

/** UserFactCollector: getpass.getuser() (LOGNAME, USER, LNAME, USERNAME, then the uid's name). */
export function userFacts(s: Sections): Facts {
  const [logname, user, lname, username] = (named(s, 'login') ?? '').split('|');
  const [uid, , ruid, rgid, uname] = (cmdOut(s, 'ids') ?? '').trim().split('\n');
  const name = logname || user || lname || username || uname || '';
  const pw = (cmdOut(s, 'pw_name') ?? cmdOut(s, 'pw_uid') ?? '').split('\n')[0]!.split(':');
  return {
    user_id: name,
    user_uid: Number(pw[2]), user_gid: Number(pw[3]), user_gecos: pw[4] ?? '', user_dir: pw[5] ?? '', user_shell: pw[6] ?? '',
    real_user_id: Number(ruid), effective_user_id: Number(uid),
    // ansible reports getgid() for both (user.py)
    real_group_id: Number(rgid), effective_group_id: Number(rgid),
  };
}

export function dnsFacts(s: Sections): Facts {
  const dns: Facts = {};
  for (const line of (fileContent(s, '/etc/resolv.conf', '') ?? '').split('\n')) {
    if (line.startsWith('#') || line.startsWith(';') || pyStrip(line) === '') continue;
    const t = pySplit(line);
    if (t[0] === 'nameserver') dns.nameservers = [...((dns.nameservers as string[]) ?? []), ...t.slice(1)];
    else if (t[0] === 'domain' && t.length > 1) dns.domain = t[1];
    else if (t[0] === 'search') dns.search = t.slice(1);
    else if (t[0] === 'sortlist') dns.sortlist = t.slice(1);
    else if (t[0] === 'options') {
      const opts: Facts = {};
      for (const o of t.slice(1)) {
        const i = o.indexOf(':');
        opts[i < 0 ? o : o.slice(0, i)] = i < 0 || o.slice(i + 1) === '' ? true : o.slice(i + 1);
      }
      dns.options = opts;
    }
  }
  return { dns };
}

export function iscsiFacts(s: Sections): Facts {
  for (const line of (fileContent(s, '/etc/iscsi/initiatorname.iscsi', '') ?? '').split('\n')) {
    if (line.startsWith('#') || line.startsWith(';') || pyStrip(line) === '') continue;
    if (line.startsWith('InitiatorName=')) return { iscsi_iqn: pyStrip(line.split('=').slice(1).join('=')) };
  }
  return { iscsi_iqn: '' };
}

export function nvmeFacts(s: Sections): Facts {
  for (const line of (fileContent(s, '/etc/nvme/hostnqn', '') ?? '').split('\n')) {
    if (line.startsWith('#') || line.startsWith(';') || pyStrip(line) === '') continue;
    if (line.startsWith('nqn.')) return { hostnqn: line };
  }
  return { hostnqn: '' };
}

export function fibreFacts(s: Sections): Facts {
  const wwn: string[] = [];
  for (const [p, c] of s.files) if (/^\/sys\/class\/fc_host\/[^/]+\/port_name$/.test(p)) for (const l of pyStrip(c).split('\n')) wwn.push(l.trimEnd().slice(2));
  return { fibre_channel_wwn: wwn };
}
