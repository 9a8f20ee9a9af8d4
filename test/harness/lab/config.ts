// Fixed facts of the lab: where things live on the machine, the package set, name prefixes.
// Nothing here names a registry host: the Debian archive is read from apt's sources at run time.
import { createHash } from 'node:crypto';

/** Survives between runs on one machine: templates and the proxy's .deb cache. */
export const CACHE_DIR = process.env.PGPLAY_LAB_CACHE ?? '/var/cache/pgplay-lab';
/** Per-suite state: overlays, keys, inventory, pids. Outside the repo so worktrees share nothing. */
export const STATE_ROOT = process.env.PGPLAY_LAB_STATE ?? '/var/lib/pgplay-lab';
/** Bump when the template's content changes for the same package list. */
export const HARNESS_VERSION = '8';
export const DEBIAN_SUITE = 'bookworm';

/**
 * What every lab host has; python3 and python3-apt let the Ansible oracle run against it.
 * Not libpam-systemd: with it every ssh login starts a user manager (user@0.service), and under load
 * a host's halt then sometimes hung on stopping it until the kill deadline.
 */
export const TEMPLATE_PACKAGES: readonly string[] = [
  'systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'sudo', 'iproute2',
  'iputils-ping', 'python3', 'python3-apt', 'ca-certificates', 'procps', 'gnupg', 'less',
];

/** Every bridge, veth and netns the harness makes starts with this, so `down --all` finds them. */
export const NAME_PREFIX = 'pgl';
export const PROXY_PORT = 3142;
/** Host i of a suite gets 10.99.<k>.(HOST_OFFSET+i); .1 is the gateway (bridge, proxy). */
export const HOST_OFFSET = 10;
export const MAX_HOSTS = 200;

export const LAB_USERS = {
  root: { name: 'root', key: true },
  sudoer: { name: 'sudoer', key: true },
  sudopw: { name: 'sudopw', key: true },
  pwonly: { name: 'pwonly', key: false },
} as const;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
