// systemd_service (systemd) on lab hosts against ansible-playbook: ansible-playbook on h1, pgplay on
// h2 (fresh, identical hosts, both named h1 in their inventories). Every event must agree after the
// conformance harness's normalisation (the `status` values that differ between two hosts —
// timestamps, PIDs, invocation ids, systemd's dependency list order — are volatile), and so must the
// probed state (`systemctl is-enabled`/`is-active`). Apply → re-run (only restarts change) →
// --check predicting a stop and changing nothing → --diff; error cases; become from the sudoer;
// scope global, --force and daemon-reexec.
import assert from 'node:assert/strict';
import { play, useDifferential, AS_SUDOER } from './support.js';

const UNIT = (desc: string) => `[Unit]\nDescription=${desc}\n[Service]\nExecStart=/bin/sleep infinity\nExecReload=/bin/true\n[Install]\nWantedBy=multi-user.target\n`;

const SETUP = `
    - copy: {dest: /etc/systemd/system/pgplay-a.service, content: "${UNIT('pgplay a').replace(/\n/g, '\\n')}"}
    - copy: {dest: /usr/lib/systemd/system/pgplay-b.service, content: "${UNIT('pgplay b').replace(/\n/g, '\\n')}"}`;

const APPLY = `${SETUP}
    - systemd: {name: pgplay-a, state: started, enabled: true, daemon_reload: true}
      register: r
    - assert: {that: [r.status.LoadState == "loaded", r.status.FragmentPath == "/etc/systemd/system/pgplay-a.service", r.enabled, r.state == "started"]}
    - ansible.builtin.systemd_service: {name: pgplay-a.service, state: restarted}
    - systemd: {unit: pgplay-a, state: reloaded}
    - systemd: {name: pgplay-b, masked: true}
    - systemd: {name: pgplay-a, masked: true}
    - systemd: {name: pgplay-a, state: started, no_block: true}
    - systemd: {daemon-reload: true}
      register: dr
    - assert: {that: [not dr.changed, dr.name == None, dr.status | length == 0]}
    - systemd: {name: ssh}
      register: plain
    - assert: {that: [plain.status.ActiveState == "active", not plain.changed]}`;

const ERRORS = `
    - systemd: {name: pgplay-nosuch, state: started}
      ignore_errors: true
    - systemd: {name: pgplay-nosuch, enabled: false}
      ignore_errors: true
    - systemd: {name: "pgplay-*", state: started}
      ignore_errors: true
    - systemd: {name: pgplay-a, state: stopped, scope: user}
      ignore_errors: true
    - systemd: {name: pgplay-b, state: started}
      ignore_errors: true`;

const CHECK = `
    - systemd: {name: pgplay-a, state: stopped, enabled: false}
    - systemd: {name: pgplay-b, masked: false, enabled: true}
    - systemd: {name: ssh, state: reloaded}`;

// A stopped unit nothing refers to is unloaded by systemd when it gets to it, after which `show`
// reports it afresh (no exit status, no cgroup): when that happens is timing, so no task shows such a
// unit right after it stopped, and a run that starts from one has systemd reload first (which
// collects it) on both hosts.
const PROBE = 'for u in pgplay-a pgplay-b ssh; do echo "$u $(systemctl is-enabled $u) $(systemctl is-active $u)"; done';

describe('hosts/services: systemd_service against ansible-playbook', function () {
  this.timeout(600_000);
  const d = useDifferential('systemd');
  const both = d.both;
  const probe = () => d.probe(PROBE);

  it('--check on fresh hosts predicts the changes and leaves units alone', async () => {
    // The unit files are written for real first (check_mode: false), then only systemd is checked.
    const setupForReal = SETUP.split('\n').map((l) => (l ? `${l}\n      check_mode: false` : l)).join('\n');
    const r = await both(play(`${setupForReal}\n    - systemd: {name: pgplay-a, state: started, enabled: true, daemon_reload: true}\n    - systemd: {name: pgplay-b, masked: true}`), ['--check']);
    assert.equal(r.stats?.changed, 4);
    assert.equal(await probe(), 'pgplay-a disabled inactive\npgplay-b disabled inactive\nssh enabled active\n');
  });

  it('applies with the same results and probed state; a re-run changes only what always changes', async () => {
    const first = await both(play(APPLY));
    assert.equal(first.code, 0);
    assert.equal(first.stats?.changed, 5, 'a started, restarted, reloaded, b masked, a "masked" (the mask fails quietly: its unit file is in /etc); the unit files were written by the --check test');
    const state = await probe();
    assert.equal(state, 'pgplay-a enabled active\npgplay-b masked inactive\nssh enabled active\n');
    const again = await both(play(APPLY));
    assert.equal(again.code, 0);
    assert.equal(again.stats?.changed, 3, 'restarted and reloaded always act; so does the mask that quietly fails');
    assert.equal(await probe(), state);
  });

  it('fails like ansible: unknown unit, glob, user scope without a user manager, a masked unit', async () => {
    const r = await both(play(ERRORS));
    assert.equal(r.stats?.ignored, 5);
  });

  it('--check --diff predicts a stop, a disable, an unmask with an enable, a reload, and changes nothing', async () => {
    const r = await both(play(CHECK), ['--check', '--diff']);
    assert.equal(r.stats?.changed, 3);
    assert.equal(await probe(), 'pgplay-a enabled active\npgplay-b masked inactive\nssh enabled active\n');
  });

  it('becomes root from the sudoer: stops, disables, unmasks and enables, reloads; a re-run only reloads again', async () => {
    const head = AS_SUDOER;
    const r = await both(play(CHECK, head), ['--diff']);
    assert.equal(r.stats?.changed, 3);
    assert.equal(await probe(), 'pgplay-a disabled inactive\npgplay-b enabled inactive\nssh enabled active\n');
    for (const h of ['h1', 'h2']) assert.equal((await d.lab().exec(h, 'systemctl daemon-reload')).exitCode, 0);
    const again = await both(play(CHECK, head));
    assert.equal(again.stats?.changed, 1);
    assert.equal(await probe(), 'pgplay-a disabled inactive\npgplay-b enabled inactive\nssh enabled active\n');
  });

  it('enables a user unit for all users (scope global), with --force and daemon-reexec; a re-run changes nothing', async () => {
    const tasks = `
    - copy: {dest: /etc/systemd/user/pgplay-u.service, content: "${UNIT('pgplay u').replace('multi-user.target', 'default.target').replace(/\n/g, '\\n')}"}
    - systemd: {name: pgplay-u, enabled: true, scope: global, force: true}
    - systemd: {name: ssh, state: started, daemon_reexec: true}`;
    const r = await both(play(tasks), ['--diff']);
    assert.equal(r.stats?.changed, 2);
    const again = await both(play(tasks));
    assert.equal(again.stats?.changed, 0);
    assert.equal(await d.probe('systemctl --global is-enabled pgplay-u'), 'enabled\n');
  });
});
