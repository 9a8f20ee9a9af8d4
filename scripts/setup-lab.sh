#!/usr/bin/env bash
# Installs what the test-host lab needs on a fresh Debian machine (mmdebstrap, systemd-nspawn,
# iproute2, the ssh client, sshpass; sudo for the local connection's become tests, which run
# sudo on this machine; apt-utils and gpg to build and sign the test apt repository the
# package-module tests install from: apt-ftparchive is in apt-utils, dpkg-deb in dpkg).
# Idempotent: silent and instant when all is there.
# Without root it can install nothing; the lab tests then fail and say why.
set -euo pipefail
[ "$(id -u)" = 0 ] || exit 0
# Each booted host's systemd holds about six inotify instances: at the kernel's default of 128 per
# user, hosts of parallel suites stop booting ("the container exited", or no sshd) once about twenty
# run. Raised here, never lowered.
[ "$(cat /proc/sys/fs/inotify/max_user_instances)" -ge 1024 ] || echo 1024 > /proc/sys/fs/inotify/max_user_instances
pkgs=(mmdebstrap systemd-container iproute2 openssh-client sshpass util-linux sudo apt-utils gpg)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
echo "setup-lab: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
