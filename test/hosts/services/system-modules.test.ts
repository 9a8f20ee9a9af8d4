// service, service_facts, ansible.posix.sysctl, hostname and community.general.timezone on lab hosts
// against ansible-playbook (ansible on h1, pgplay on h2; see support.ts): the same events, the same
// probed state (`systemctl is-active`, `hostname`, `sysctl -n`, the sysctl file, /etc/localtime and
// /etc/timezone), --check predicting and changing nothing, --diff, a re-run changing nothing, the
// same failures, and become from the sudoer. In the lab's containers only net.* sysctls are writable
// (vm.*, kernel.* fail with "permission denied", which the error case shows) and there are no kernel
// modules (community.general.modprobe is not provided by pgplay yet).
import assert from 'node:assert/strict';
import { play, useDifferential, AS_SUDOER } from './support.js';

const TASKS = `
    - service: {name: ssh, state: started, enabled: true, sleep: 3, pattern: sshd}
    - service_facts:
    - assert:
        that:
          - "ansible_facts.services['ssh.service'].state == 'running'"
          - "ansible_facts.services['ssh.service'].status == 'enabled'"
    - ansible.posix.sysctl: {name: net.ipv4.ip_forward, value: "1", sysctl_set: true}
    - sysctl: {name: net.ipv4.tcp_keepalive_time, value: 600, sysctl_file: /etc/sysctl.d/90-pgplay.conf}
    - sysctl: {key: net.ipv4.tcp_fin_timeout, val: "30", sysctl_file: /etc/sysctl.d/90-pgplay.conf, reload: false}
    - hostname: {name: pgplay-renamed, use: systemd}
      register: hn
    - assert: {that: "hn.ansible_facts.ansible_hostname == 'pgplay-renamed'"}
    - community.general.timezone: {name: Europe/Paris}
    - timezone: {hwclock: local}`;

const ERRORS = `
    - sysctl: {name: vm.swappiness, value: "10"}
      ignore_errors: true
    - sysctl: {name: net.ipv4.pgplay_nosuch, value: "1", sysctl_set: true, sysctl_file: /etc/sysctl.d/91-pgplay.conf}
      ignore_errors: true
    - sysctl: {name: net.ipv4.pgplay_nosuch, value: "1", sysctl_set: true, ignoreerrors: true, sysctl_file: /etc/sysctl.d/92-pgplay.conf}
    - sysctl: {name: net.ipv4.pgplay_nosuch, state: absent, sysctl_file: /etc/sysctl.d/92-pgplay.conf}
    - timezone: {name: Nowhere/Special}
      ignore_errors: true
    - service: {name: pgplay-nosuch, state: started}
      ignore_errors: true`;

const PROBE = 'systemctl is-active ssh; hostname; hostnamectl --static status; sysctl -n net.ipv4.ip_forward net.ipv4.tcp_keepalive_time net.ipv4.tcp_fin_timeout; cat /etc/sysctl.d/9*-pgplay.conf 2>&1; readlink /etc/localtime; cat /etc/timezone; grep -c LOCAL /etc/adjtime 2>&1 || true';

describe('hosts/services: service, service_facts, sysctl, hostname, timezone against ansible-playbook', function () {
  this.timeout(600_000);
  // timedated and hostnamed start on demand (timezone, hostname), stop when idle, and are unloaded
  // when systemd gets to it: service_facts reports them running, stopped or inactive by timing alone.
  // (also under their D-Bus alias names).
  const d = useDifferential('sysmods', ['systemd-timedated.service', 'systemd-hostnamed.service', 'dbus-org.freedesktop.timedate1.service', 'dbus-org.freedesktop.hostname1.service']);
  before(async () => {
    // The lab names its hosts h1 and h2: one name for both, so the hostname results agree.
    for (const h of ['h1', 'h2']) assert.equal((await d.lab().exec(h, 'hostnamectl set-hostname labhost')).exitCode, 0);
  });

  it('--check predicts every change and changes nothing', async () => {
    const before = await d.probe(PROBE);
    const r = await d.both(play(TASKS), ['--check', '--diff']);
    assert.equal(r.stats?.changed, 6);
    assert.equal(await d.probe(PROBE), before);
  });

  it('applies with the same results, diffs and state; a re-run changes nothing', async () => {
    const r = await d.both(play(TASKS), ['--diff']);
    assert.equal(r.code, 0);
    assert.equal(r.stats?.changed, 6);
    const state = await d.probe(PROBE);
    assert.match(state, /^active\npgplay-renamed\npgplay-renamed\n1\n600\n0?\d+\nnet\.ipv4\.tcp_keepalive_time=600\nnet\.ipv4\.tcp_fin_timeout=30\n/);
    assert.match(state, /Europe\/Paris\n/);
    const again = await d.both(play(TASKS));
    assert.equal(again.code, 0);
    assert.equal(again.stats?.changed, 0);
    assert.equal(await d.probe(PROBE), state);
  });

  it('fails like ansible: read-only sysctl, unknown key, unknown time zone, unknown service', async () => {
    const r = await d.both(play(ERRORS));
    assert.equal(r.stats?.ignored, 4);
  });

  it('becomes root from the sudoer', async () => {
    const tasks = `
    - sysctl: {name: net.ipv4.tcp_keepalive_time, value: 900, sysctl_file: /etc/sysctl.d/90-pgplay.conf}
    - timezone: {name: Asia/Tokyo}
    - service: {name: ssh, state: reloaded}
    - hostname: {name: labhost}`;
    const r = await d.both(play(tasks, AS_SUDOER), ['--diff']);
    assert.equal(r.stats?.changed, 4);
    assert.match(await d.probe(PROBE), /^active\nlabhost\nlabhost\n1\n900\n/);
  });
});
