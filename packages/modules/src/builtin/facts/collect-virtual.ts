/** LinuxVirtual.get_virtual_facts (virtual/linux.py): containers first, then hypervisors by DMI and /proc. */
import { type Sections, fileContent, fileLines, cmdOut } from './sections.js';

type Facts = Record<string, unknown>;

export function virtualFacts(s: Sections): Facts {
  const v: Facts = {};
  const guest = new Set<string>();
  const host = new Set<string>();
  let found = false;
  const setGuest = (tech: string, role = 'guest') => {
    guest.add(tech);
    if (!found) {
      v.virtualization_type = tech;
      v.virtualization_role = role;
      found = true;
    }
  };
  for (const line of fileLines(s, '/proc/1/cgroup')) {
    if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) setGuest('docker');
    if (/\/lxc\//.test(line) || /\/machine\.slice\/machine-lxc/.test(line)) setGuest('lxc');
    if (/\/system\.slice\/containerd\.service/.test(line)) setGuest('containerd');
  }
  for (const line of (fileContent(s, '/proc/1/environ') ?? '').split('\0')) {
    if (/container=lxc/.test(line)) setGuest('lxc');
    if (/container=podman/.test(line)) setGuest('podman');
    if (/^container=./.test(line)) setGuest('container');
  }
  if (s.exists.has('/proc/vz') && !s.exists.has('/proc/lve')) {
    v.virtualization_type = 'openvz';
    if (s.exists.has('/proc/bc')) {
      host.add('openvz');
      if (!found) v.virtualization_role = 'host';
    } else {
      guest.add('openvz');
      if (!found) v.virtualization_role = 'guest';
    }
    found = true;
  }
  const systemdContainer = fileContent(s, '/run/systemd/container');
  if (systemdContainer) setGuest(systemdContainer);
  if (s.exists.has('/.dockerenv') || s.exists.has('/.dockerinit')) setGuest('docker');
  if (['docker', 'lxc', 'podman', 'openvz', 'containerd'].some((t) => guest.has(t)) || systemdContainer) guest.add('container');
  if (s.exists.has('/proc/xen')) {
    const xenHost = fileLines(s, '/proc/xen/capabilities').some((l) => l.includes('control_d'));
    if (xenHost) host.add('xen');
    if (!found) Object.assign(v, { virtualization_type: 'xen', virtualization_role: xenHost ? 'host' : 'guest' });
    found = true;
  }
  if (!found) v.virtualization_role = 'guest';
  const dmi = (f: string) => fileContent(s, `/sys/devices/virtual/dmi/id/${f}`);
  const productName = dmi('product_name');
  const sysVendor = dmi('sys_vendor');
  const productFamily = dmi('product_family');
  const bySystem = (tech: string) => {
    guest.add(tech);
    if (!found) {
      v.virtualization_type = tech;
      found = true;
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
  if (!found) delete v.virtualization_role;
  for (const line of fileLines(s, '/proc/self/status')) {
    if (!/^VxID:\s+\d+/.test(line)) continue;
    if (!found) v.virtualization_type = 'linux_vserver';
    const isHost = /^VxID:\s+0/.test(line);
    (isHost ? host : guest).add('linux_vserver');
    if (!found) v.virtualization_role = isHost ? 'host' : 'guest';
    found = true;
  }
  for (const line of fileLines(s, '/proc/cpuinfo')) {
    let tech: string | undefined;
    if (/^model name.*QEMU Virtual CPU/.test(line) || /^machine.*CHRP IBM pSeries .emulated by qemu./.test(line)) tech = 'kvm';
    else if (/^vendor_id.*User Mode Linux/.test(line) || /^model name.*UML/.test(line)) tech = 'uml';
    else if (/^vendor_id.*PowerVM Lx86/.test(line)) tech = 'powervm_lx86';
    else continue; // IBM/S390 (PR/SM) is not handled by pgplay
    guest.add(tech);
    if (!found) Object.assign(v, { virtualization_type: tech, virtualization_role: 'guest' });
    found = true;
  }
  if (s.files.has('/proc/modules')) {
    const modules = fileLines(s, '/proc/modules').map((l) => l.split(' ')[0]);
    if (modules.includes('kvm')) {
      host.add('kvm');
      if (!found) Object.assign(v, { virtualization_type: 'kvm', virtualization_role: 'host' });
      found = true;
    }
    if (modules.includes('vboxdrv')) {
      host.add('virtualbox');
      if (!found) Object.assign(v, { virtualization_type: 'virtualbox', virtualization_role: 'host' });
      found = true;
    }
    if (modules.includes('virtio')) {
      host.add('kvm');
      if (!found) Object.assign(v, { virtualization_type: 'kvm', virtualization_role: 'guest' });
      found = true;
    }
  }
  const dmidecode = s.which.has('dmidecode') ? cmdOut(s, 'dmidecode') : null;
  if (dmidecode !== null) {
    const vendor = dmidecode.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.trim()).join('');
    if (vendor.startsWith('VMware')) setGuest('VMware');
    if (dmidecode.includes('BHYVE')) setGuest('bhyve');
  }
  if (s.exists.has('/dev/kvm')) {
    host.add('kvm');
    if (!found) Object.assign(v, { virtualization_type: 'kvm', virtualization_role: 'host' });
    found = true;
  }
  if (!found) Object.assign(v, { virtualization_type: 'NA', virtualization_role: 'NA' });
  // Python sets: ansible's order follows string hashes and changes between runs; pgplay sorts them.
  v.virtualization_tech_guest = [...guest].sort();
  v.virtualization_tech_host = [...host].sort();
  return v;
}
