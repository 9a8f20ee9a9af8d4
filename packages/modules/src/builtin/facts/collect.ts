/** The gather script's output → facts, collector by collector in ansible's order, `ansible_`-prefixed. */
import { parseSections } from './sections.js';
import { platformFacts, distributionFacts, lsbFacts } from './collect-platform.js';
import * as sys from './collect-system.js';
import { localFacts } from './collect-local.js';
import { memoryFacts, cpuFacts, dmiFacts, uptimeFacts } from './collect-hardware.js';
import { mountFacts, lvmFacts } from './collect-mounts.js';
import { deviceFacts } from './collect-devices.js';
import { networkFacts } from './collect-network.js';
import { virtualFacts } from './collect-virtual.js';

type Facts = Record<string, unknown>;

export function collectFacts(stdout: string, collectors: string[], warn: (m: string) => void): Facts {
  const s = parseSections(stdout);
  const raw: Facts = {};
  // Collectors that others depend on read these even when they are not asked for themselves.
  const plat = platformFacts(s);
  const dist = distributionFacts(s, String(plat.kernel), String(plat.kernel_version));
  const by: Record<string, () => Facts> = {
    platform: () => plat,
    distribution: () => dist,
    lsb: () => lsbFacts(s),
    selinux: () => sys.selinuxFacts(s),
    apparmor: () => sys.apparmorFacts(s),
    chroot: () => sys.chrootFacts(s),
    fips: () => sys.fipsFacts(s),
    python: () => ({}), // pgplay runs no Python on the target: see facts/README.md
    caps: () => sys.capsFacts(s),
    pkg_mgr: () => sys.pkgMgrFacts(s, dist),
    service_mgr: () => sys.serviceMgrFacts(s),
    cmdline: () => sys.cmdlineFacts(s),
    date_time: () => sys.dateTimeFacts(s),
    env: () => sys.envFacts(s),
    loadavg: () => sys.loadavgFacts(s),
    ssh_pub_keys: () => sys.sshPubKeyFacts(s),
    user: () => sys.userFacts(s),
    virtual: () => virtualFacts(s),
    hardware: () => ({ ...cpuFacts(s, String(plat.architecture)), ...memoryFacts(s), ...dmiFacts(s), ...deviceFacts(s), ...uptimeFacts(s), ...lvmFacts(s), ...mountFacts(s) }),
    dns: () => sys.dnsFacts(s),
    fibre_channel_wwn: () => sys.fibreFacts(s),
    network: () => networkFacts(s),
    iscsi: () => sys.iscsiFacts(s),
    nvme: () => sys.nvmeFacts(s),
    local: () => localFacts(s, warn),
    facter: () => ({}),
    ohai: () => ({}),
  };
  for (const c of collectors) Object.assign(raw, by[c]!());
  const out: Facts = {};
  // PrefixFactNamespace: the prefix, and dashes as underscores (ansible_br_0 for br-0)
  for (const [k, v] of Object.entries(raw)) out[`ansible_${k.replace(/-/g, '_')}`] = v;
  return out;
}
