// What turns a debootstrapped rootfs into a lab host image: users, sshd policy, apt sources,
// quiet and fast boots. Per-host things (hostname, machine-id, keys, passwords) come later.
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { $ } from './vendor.js';

function put(root: string, path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text, { mode });
}

// Timers and gettys a test host must not run: they take dpkg locks mid-test or wait on a tty.
const MASKED = ['apt-daily.timer', 'apt-daily-upgrade.timer', 'apt-daily.service', 'apt-daily-upgrade.service',
  'e2scrub_all.timer', 'e2scrub_reap.service', 'fstrim.timer', 'getty@tty1.service', 'console-getty.service',
  'systemd-timesyncd.service',
  // nspawn sets up the root and API file systems; remounting them in the container is redundant and
  // failed now and then under load (a degraded boot).
  'systemd-remount-fs.service',
  // Records boots in utmp/wtmp, which no test reads; it too failed now and then under load
  // ("degraded" boots in CI).
  'systemd-update-utmp.service', 'systemd-update-utmp-runlevel.service'];

const SSHD = `# pgplay lab: root by key only; passwords allowed (sudopw, pwonly); pwonly may never use a key.
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication no
UseDNS no
Match User pwonly
  PubkeyAuthentication no
`;

export async function configureTemplate(root: string, sourcesList: string): Promise<void> {
  // mmdebstrap leaves its build-time options (a loopback proxy port) and this machine's resolver and name.
  for (const f of ['etc/apt/apt.conf.d/99mmdebstrap', 'etc/dpkg/dpkg.cfg.d/99mmdebstrap']) rmSync(join(root, f), { force: true });
  put(root, 'etc/resolv.conf', '');
  put(root, 'etc/hostname', 'localhost\n');
  put(root, 'etc/apt/sources.list', sourcesList);
  rmSync(join(root, 'etc/apt/sources.list.d'), { recursive: true, force: true });
  mkdirSync(join(root, 'etc/apt/sources.list.d'));
  // Containers are thrown away; fsync per file only slows parallel installs (see test-hosts.md §4).
  put(root, 'etc/dpkg/dpkg.cfg.d/pgplay-lab-unsafe-io', 'force-unsafe-io\n');
  put(root, 'etc/systemd/journald.conf.d/pgplay-lab.conf', '[Journal]\nStorage=volatile\n');
  put(root, 'etc/ssh/sshd_config.d/pgplay-lab.conf', SSHD);
  for (const unit of MASKED) {
    rmSync(join(root, 'etc/systemd/system', unit), { force: true });
    symlinkSync('/dev/null', join(root, 'etc/systemd/system', unit));
  }
  await $`chroot ${root} useradd -m -s /bin/bash sudoer`;
  await $`chroot ${root} useradd -m -s /bin/bash -G sudo sudopw`;
  await $`chroot ${root} useradd -m -s /bin/bash pwonly`;
  put(root, 'etc/sudoers.d/pgplay-lab', 'sudoer ALL=(ALL:ALL) NOPASSWD: ALL\n', 0o440);
  // Every host gets its own keys and machine-id; an empty machine-id would make systemd invent one.
  for (const f of readdirSync(join(root, 'etc/ssh'))) if (f.startsWith('ssh_host_')) rmSync(join(root, 'etc/ssh', f));
  writeFileSync(join(root, 'etc/machine-id'), '');
  await $`find ${join(root, 'var/cache/apt/archives')} -name *.deb -delete`;
  rmSync(join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
  mkdirSync(join(root, 'var/lib/apt/lists/partial'), { recursive: true });
}
