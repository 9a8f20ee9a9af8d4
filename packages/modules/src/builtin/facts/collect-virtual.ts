/** LinuxVirtual.get_virtual_facts (virtual/linux.py): containers first, then hypervisors by DMI and /proc. */
import { type Sections, fileContent, fileLines, cmdOut } from './sections.js';

type Facts = Record<string, unknown>;

/** What the checks build up, in ansible's variable names: the first finding names the type. */
interface Findings {
  v: Facts;
  guest: Set<string>;
  host: Set<string>;
  found: boolean;
}

function setGuest(f: Findings, tech: string): void {
  f.guest.add(tech);
  if (!f.found) {
    f.v.virtualization_type = tech;
    f.v.virtualization_role = 'guest';
    f.found = true;
  }
}

/** Containers: cgroups and environment of PID 1, openvz, systemd's marker, docker's files, xen. */
function containerChecks(s: Sections, f: Findings): void {
  const { v, guest, host } = f;
  const setG = (t: string) => setGuest(f, t);
  for (const line of fileLines(s, '/proc/1/cgroup')) {
    if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) setG('docker');
    if (/\/lxc\//.test(line) || /\/machine\.slice\/machine-lxc/.test(line)) setG('lxc');
    if (/\/system\.slice\/containerd\.service/.test(line)) setG('containerd');
  }
  for (const line of (fileContent(s, '/proc/1/environ') ?? '').split('\0')) {
    if (/container=lxc/.test(line)) setG('lxc');
    if (/container=podman/.test(line)) setG('podman');
    if (/^container=./.test(line)) setG('container');
  }
  if (s.exists.has('/proc/vz') && !s.exists.has('/proc/lve')) {
    v.virtualization_type = 'openvz';
    if (s.exists.has('/proc/bc')) {
      host.add('openvz');
      if (!f.found) v.virtualization_role = 'host';
    } else {
      guest.add('openvz');
      if (!f.found) v.virtualization_role = 'guest';
    }
    f.found = true;
  }
  const systemdContainer = fileContent(s, '/run/systemd/container');
  if (systemdContainer) setG(systemdContainer);
  if (s.exists.has('/.dockerenv') || s.exists.has('/.dockerinit')) setG('docker');
  if (['docker', 'lxc', 'podman', 'openvz', 'containerd'].some((t) => guest.has(t)) || systemdContainer) guest.add('container');
  if (s.exists.has('/proc/xen')) {
    const xenHost = fileLines(s, '/proc/xen/capabilities').some((l) => l.includes('control_d'));
    if (xenHost) host.add('xen');
    if (!f.found) Object.assign(v, { virtualization_type: 'xen', virtualization_role: xenHost ? 'host' : 'guest' });
    f.found = true;
  }
}

/** Hypervisors named by DMI (product name, vendors); the role stays 'guest' only if one is found. */
function dmiChecks(s: Sections, f: Findings): void {
  const { v, guest } = f;
  if (!f.found) v.virtualization_role = 'guest';
  const dmi = (f: string) => fileContent(s, `/sys/devices/virtual/dmi/id/${f}`);
  const productName = dmi('product_name');
  const sysVendor = dmi('sys_vendor');
  const productFamily = dmi('product_family');
  const bySystem = (tech: string) => {
    guest.add(tech);
    if (!f.found) {
      v.virtualization_type = tech;
      f.found = true;
    }
  };
  if (['KVM', 'KVM Server', 'Bochs', 'AHV'].includes(productName ?? '')) bySystem('kvm');
  if (sysVendor === 'oVirt') bySystem('oVirt');
  if (sysVendor === 'Red Hat') {
    if (productFamily === 'RHV') bySystem('RHV');
    else if (productName === 'RHEV Hypervisor') bySystem('RHEV');
  }
  if (productName?.startsWith('VMware')) bySystem('VMware');
  if (['OpenStack Compute', 'OpenStack Nova'].includes(productName ?? '')) bySystem('openstack');
  const biosVendor = dmi('bios_vendor');
  if (biosVendor === 'Xen') bySystem('xen');
  if (biosVendor === 'innotek GmbH') bySystem('virtualbox');
  if (['Amazon EC2', 'DigitalOcean', 'Hetzner'].includes(biosVendor ?? '')) bySystem('kvm');
  if (['QEMU', 'Amazon EC2', 'DigitalOcean', 'Google', 'Scaleway', 'Nutanix'].includes(sysVendor ?? '')) bySystem('kvm');
  if (sysVendor === 'KubeVirt') bySystem('KubeVirt');
  if (sysVendor === 'Microsoft Corporation') bySystem('VirtualPC');
  if (sysVendor === 'Parallels Software International Inc.') bySystem('parallels');
  if (sysVendor === 'OpenStack Foundation') bySystem('openstack');
  if (!f.found) delete v.virtualization_role;
}

/** linux-vserver, CPU model names, kernel modules, dmidecode and /dev/kvm. */
function procChecks(s: Sections, f: Findings): void {
  const { v, guest, host } = f;
  for (const line of fileLines(s, '/proc/self/status')) {
    if (!/^VxID:\s+\d+/.test(line)) continue;
    if (!f.found) v.virtualization_type = 'linux_vserver';
    const isHost = /^VxID:\s+0/.test(line);
    (isHost ? host : guest).add('linux_vserver');
    if (!f.found) v.virtualization_role = isHost ? 'host' : 'guest';
    f.found = true;
  }
  for (const line of fileLines(s, '/proc/cpuinfo')) {
    let tech: string | undefined;
    if (/^model name.*QEMU Virtual CPU/.test(line) || /^machine.*CHRP IBM pSeries .emulated by qemu./.test(line)) tech = 'kvm';
    else if (/^vendor_id.*User Mode Linux/.test(line) || /^model name.*UML/.test(line)) tech = 'uml';
    else if (/^vendor_id.*PowerVM Lx86/.test(line)) tech = 'powervm_lx86';
    else continue; // IBM/S390 (PR/SM) is not handled by pgplay
    guest.add(tech);
    if (!f.found) Object.assign(v, { virtualization_type: tech, virtualization_role: 'guest' });
    f.found = true;
  }
  if (s.files.has('/proc/modules')) {
    const modules = fileLines(s, '/proc/modules').map((l) => l.split(' ')[0]);
    if (modules.includes('kvm')) {
      host.add('kvm');
      if (!f.found) Object.assign(v, { virtualization_type: 'kvm', virtualization_role: 'host' });
      f.found = true;
    }
    if (modules.includes('vboxdrv')) {
      host.add('virtualbox');
      if (!f.found) Object.assign(v, { virtualization_type: 'virtualbox', virtualization_role: 'host' });
      f.found = true;
    }
    if (modules.includes('virtio')) {
      host.add('kvm');
      if (!f.found) Object.assign(v, { virtualization_type: 'kvm', virtualization_role: 'guest' });
      f.found = true;
    }
  }
  const dmidecode = s.which.has('dmidecode') ? cmdOut(s, 'dmidecode') : null;
  if (dmidecode !== null) {
    const vendor = dmidecode.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.trim()).join('');
    if (vendor.startsWith('VMware')) setGuest(f, 'VMware');
    if (dmidecode.includes('BHYVE')) setGuest(f, 'bhyve');
  }
  if (s.exists.has('/dev/kvm')) {
    host.add('kvm');
    if (!f.found) Object.assign(v, { virtualization_type: 'kvm', virtualization_role: 'host' });
    f.found = true;
  }
  if (!f.found) Object.assign(v, { virtualization_type: 'NA', virtualization_role: 'NA' });
}

export function virtualFacts(s: Sections): Facts {
  const f: Findings = { v: {}, guest: new Set(), host: new Set(), found: false };
  containerChecks(s, f);
  dmiChecks(s, f);
  procChecks(s, f);
  const { v, guest, host } = f;
  // Python sets: ansible's order follows string hashes and changes between runs; pgplay sorts them.
  v.virtualization_tech_guest = [...guest].sort();
  v.virtualization_tech_host = [...host].sort();
  return v;
}
