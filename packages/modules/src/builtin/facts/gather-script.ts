/**
 * The one shell script a gather runs on the target (one round trip, no Python): it prints each
 * file and command output the selected collectors need as a section headed by a marker line,
 * `@@PGPLAY@@ <kind> <name>`. parse-sections.ts splits it; the collect-*.ts files read it.
 */
import { quote } from '@pgplay/engine/module-api';

export const MARK = '@@PGPLAY@@';

/** Helpers (loop variables start with _: shell functions share the caller's variables): S section header; F file contents; E existence; L link target; C command output + rc. */
const PRELUDE = `
S() { printf '\\n${MARK} %s\\n' "$*"; }
F() { for _x in "$@"; do if [ -f "$_x" ]; then S file "$_x"; cat "$_x" 2>/dev/null; fi; done; }
E() { for _x in "$@"; do if [ -e "$_x" ]; then S exists "$_x"; fi; done; }
L() { for _x in "$@"; do if [ -L "$_x" ]; then S link "$_x"; readlink "$_x"; fi; done; }
C() { _n=$1; shift; S cmd "$_n"; "$@" 2>/dev/null; S rc "$_n" $?; }
W() { for _x in "$@"; do _w=$(command -v "$_x" 2>/dev/null) && S which "$_x" "$_w"; done; }
`;

const DMI = ['bios_date', 'bios_vendor', 'bios_version', 'board_asset_tag', 'board_name', 'board_serial', 'board_vendor', 'board_version', 'chassis_asset_tag', 'chassis_serial', 'chassis_vendor', 'chassis_version', 'chassis_type', 'product_name', 'product_serial', 'product_uuid', 'product_version', 'product_family', 'sys_vendor'];

/** Distribution files in DistributionFiles.OSDIST_LIST order, plus what the guess reads. */
const DIST_FILES = ['/etc/altlinux-release', '/etc/oracle-release', '/etc/slackware-version', '/etc/centos-release', '/etc/redhat-release', '/etc/vmware-release', '/etc/openwrt_release', '/etc/os-release', '/etc/system-release', '/etc/alpine-release', '/etc/arch-release', '/etc/SuSE-release', '/etc/gentoo-release', '/etc/lsb-release', '/etc/sourcemage-release', '/usr/lib/os-release', '/etc/coreos/update.conf', '/etc/debian_version'];

/** PKG_MGRS paths (system/pkg_mgr.py) and the Red Hat checks. */
export const PKG_PATHS = ['/usr/bin/rpm-ostree', '/usr/bin/yum', '/usr/bin/dnf-3', '/usr/bin/dnf5', '/usr/bin/apt-get', '/usr/bin/zypper', '/usr/sbin/urpmi', '/usr/bin/pacman', '/bin/opkg', '/usr/pkg/bin/pkgin', '/opt/local/bin/pkgin', '/opt/tools/bin/pkgin', '/opt/local/bin/port', '/usr/local/bin/brew', '/opt/homebrew/bin/brew', '/sbin/apk', '/usr/sbin/pkg', '/usr/sbin/swlist', '/usr/bin/emerge', '/usr/sbin/pkgadd', '/usr/bin/pkg', '/usr/bin/xbps-install', '/usr/local/sbin/pkg', '/usr/bin/swupd', '/usr/sbin/sorcery', '/usr/bin/installp', '/QOpenSys/pkgs/bin/yum', '/run/ostree-booted', '/usr/bin/dnf', '/usr/bin/microdnf', '/usr/bin/rpm'];

/** get_device_facts' reads: /dev/disk links, /sys/block entries with their queue files and partitions. */
const DEVICES = `W lspci sg_inq; command -v lspci >/dev/null && C lspci lspci -D
for _l in id uuid label; do _dd=/dev/disk/by-$_l; [ -d "$_dd" ] || continue; S linkdir "$_l"
for _e in $(ls -U "$_dd"); do printf '%s %s\\n' "$_e" "$(readlink "$_dd/$_e")"; done; done
S slaves; ls -d /sys/block/*/slaves/* 2>/dev/null
for _b in $(ls -U /sys/block 2>/dev/null); do _p=$(readlink "/sys/block/$_b") || _p=$_b; _sd=/sys/block/$_p
S blk "$_b" "$_p"; ls -U "$_sd" 2>/dev/null
F $_sd/device/vendor $_sd/device/model $_sd/device/sas_address $_sd/device/sas_device_handle /sys/block/$_b/device/serial $_sd/removable $_sd/queue/discard_granularity $_sd/queue/rotational $_sd/queue/scheduler $_sd/size $_sd/queue/logical_block_size $_sd/queue/hw_sector_size
for _h in $(ls -U $_sd/holders 2>/dev/null); do S holder "$_sd" "$_h"; cat "$_sd/holders/$_h/dm/name" 2>/dev/null; done
for _f in $(ls -U "$_sd" 2>/dev/null); do case "$_f" in *"$_b"*) [ -d "$_sd/$_f" ] || continue
F $_sd/$_f/start $_sd/$_f/size $_sd/$_f/queue/logical_block_size $_sd/$_f/queue/hw_sector_size
for _h in $(ls -U $_sd/$_f/holders 2>/dev/null); do S holder "$_sd/$_f" "$_h"; cat "$_sd/$_f/holders/$_h/dm/name" 2>/dev/null; done ;; esac; done
done`;

const PARTS: Record<string, (factPath: string) => string> = {
  // Captured first, before the script sets anything (ansible reports the module's environment).
  env: () => `S env; env -0 2>/dev/null || env`,
  platform: () => `C uname_s uname -s; C uname_r uname -r; C uname_v uname -v; C uname_m uname -m; C uname_n uname -n
h=$(uname -n); a=$(getent ahosts "$h" 2>/dev/null | awk 'NR==1{print $1}')
[ -n "$a" ] && C fqdn getent hosts "$a"
F /var/lib/dbus/machine-id /etc/machine-id; C elf od -An -tx1 -j4 -N1 /bin/sh`,
  distribution: () => `F ${DIST_FILES.join(' ')}`,
  lsb: () => `W lsb_release; command -v lsb_release >/dev/null && C lsb lsb_release -a; F /etc/lsb-release`,
  selinux: () => `F /sys/fs/selinux/enforce /sys/fs/selinux/policyvers /etc/selinux/config; E /sys/fs/selinux/enforce
S libselinux; ls /lib/*/libselinux.so.1 /usr/lib/*/libselinux.so.1 /lib64/libselinux.so.1 /usr/lib64/libselinux.so.1 /lib/libselinux.so.1 /usr/lib/libselinux.so.1 2>/dev/null`,
  apparmor: () => `E /sys/kernel/security/apparmor`,
  chroot: () => `S debian_chroot; printf %s "\${debian_chroot-}"; C chroot stat -c '%d %i' / /proc/1/root/.; C rootfs stat -f -c %T /`,
  fips: () => `F /proc/sys/crypto/fips_enabled`,
  caps: () => `W capsh; command -v capsh >/dev/null && C caps capsh --print`,
  pkg_mgr: () => `E ${PKG_PATHS.join(' ')}; S realpath_dnf; readlink -f /usr/bin/dnf /usr/bin/microdnf 2>/dev/null
[ -e /usr/bin/rpm ] && C rpm_apt /usr/bin/rpm -q --whatprovides /usr/bin/apt-get`,
  service_mgr: () => `F /proc/1/comm; L /sbin/init; E /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/ /etc/init/ /sbin/openrc /etc/init.d/; W systemctl initctl`,
  cmdline: () => `F /proc/cmdline`,
  date_time: () => `C date date '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%N|%Z|%z'; C date_utc date -u '+%Y-%m-%dT%H:%M:%S'
C tz_jan date -d @1704110400 +%Z%z; C tz_jul date -d @1719835200 +%Z%z`,
  loadavg: () => `F /proc/loadavg`,
  ssh_pub_keys: () => `F /etc/ssh/ssh_host_dsa_key.pub /etc/ssh/ssh_host_rsa_key.pub /etc/ssh/ssh_host_ecdsa_key.pub /etc/ssh/ssh_host_ed25519_key.pub /etc/openssh/ssh_host_dsa_key.pub /etc/openssh/ssh_host_rsa_key.pub /etc/openssh/ssh_host_ecdsa_key.pub /etc/openssh/ssh_host_ed25519_key.pub /etc/ssh_host_dsa_key.pub /etc/ssh_host_rsa_key.pub /etc/ssh_host_ecdsa_key.pub /etc/ssh_host_ed25519_key.pub`,
  user: () => `S login; printf '%s' "\${LOGNAME-}|\${USER-}|\${LNAME-}|\${USERNAME-}"
C ids sh -c 'id -u; id -g; id -ru; id -rg; id -un'
u=\${LOGNAME:-\${USER:-\${LNAME:-\${USERNAME:-}}}}; [ -n "$u" ] && C pw_name getent passwd "$u"; C pw_uid getent passwd "$(id -ru)"`,
  virtual: () => `F /proc/1/cgroup /proc/1/environ /run/systemd/container /proc/xen/capabilities /proc/self/status /proc/modules /proc/cpuinfo
F ${['product_name', 'sys_vendor', 'product_family', 'bios_vendor'].map((f) => `/sys/devices/virtual/dmi/id/${f}`).join(' ')}
E /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit /proc/xen /dev/kvm /rhev/; W lscpu dmidecode
command -v dmidecode >/dev/null && C dmidecode dmidecode -s system-product-name`,
  hardware: () => `F /proc/meminfo /proc/cpuinfo /proc/uptime /sys/hypervisor/type; E /proc/xen; C nproc nproc
F ${DMI.map((f) => `/sys/devices/virtual/dmi/id/${f}`).join(' ')}
_mt=/etc/mtab; [ -e "$_mt" ] || _mt=/proc/mounts; S mtab_path "$_mt"; F "$_mt"
command -v findmnt >/dev/null && C findmnt findmnt --list --noheadings --notruncate
command -v lsblk >/dev/null && C lsblk lsblk --list --noheadings --paths --output NAME,UUID --exclude 2
${DEVICES}
if [ "$(id -u)" = 0 ] && command -v vgs >/dev/null; then S lvm; for _x in vgs lvs pvs; do command -v $_x >/dev/null && C $_x $_x --noheadings --nosuffix --units g --separator ,; done; fi
_u=$(command -v udevadm 2>/dev/null)
while read -r _d _m _t _o _r; do case "$_d" in /*|\\\\*|*:/*) ;; *) continue ;; esac; [ "$_t" = none ] && continue
_m=$(printf '%b' "$_m"); S statfs "$_m"; stat -f -c '%S %s %b %f %a %c %d' -- "$_m" 2>/dev/null
[ -n "$_u" ] && { S udev "$(printf '%b' "$_d")"; "$_u" info --query property --name "$(printf '%b' "$_d")" 2>/dev/null; }
done < "$_mt"`,
  dns: () => `F /etc/resolv.conf`,
  fibre_channel_wwn: () => `for p in /sys/class/fc_host/*/port_name; do F "$p"; done`,
  network: () => `W ip ethtool; if command -v ip >/dev/null; then
C route4 ip -4 route get 8.8.8.8; C route6 ip -6 route get 2404:6800:400a:800::1012
C local4 ip -4 route show table local; C local6 ip -6 route show table local
for d in $(ls -U /sys/class/net 2>/dev/null); do p=/sys/class/net/$d; [ -d "$p" ] || continue
S iface "$d"; F $p/address $p/mtu $p/operstate $p/type $p/speed $p/flags $p/bridge/bridge_id $p/bridge/stp_state $p/bonding/slaves $p/bonding/mode $p/bonding/miimon $p/bonding/lacp_rate $p/bonding/primary $p/bonding/all_slaves_active $p/bonding_slave/perm_hwaddr
E $p/bridge $p/bonding $p/bonding_slave $p/device; L $p/device; [ -e $p/device/driver/module ] && { S module "$d"; readlink -f $p/device/driver/module; }
[ -d $p/brif ] && { S brif "$d"; ls -U $p/brif; }
C "primary $d" ip addr show primary dev "$d"; C "secondary $d" ip addr show secondary dev "$d"
if command -v ethtool >/dev/null; then C "ethtool-k $d" ethtool -k "$d"; C "ethtool-T $d" ethtool -T "$d"; fi
done; fi`,
  iscsi: () => `F /etc/iscsi/initiatorname.iscsi`,
  nvme: () => `F /etc/nvme/hostnqn`,
  local: (factPath) => `fp=${quote(factPath)}; if [ -d "$fp" ]; then S local_dir "$fp"; for f in "$fp"/*.fact; do [ -e "$f" ] || continue
if [ -x "$f" ]; then C "fact $f" "$f"; else F "$f"; fi; done; fi`,
};

/** The script for these collectors (env first: nothing may change the environment before it). */
export function gatherScript(collectors: string[], factPath: string): string {
  const parts = collectors.filter((c) => c !== 'env' && PARTS[c]).map((c) => PARTS[c]!(factPath));
  return [PRELUDE, collectors.includes('env') ? PARTS.env!('') : '', 'LC_ALL=C; export LC_ALL', ...parts, `S end`].join('\n');
}
