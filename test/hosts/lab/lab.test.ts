// The test-host lab itself: two booted Debian hosts, reached over real ssh with host key
// checking, the four users, apt through the fail-closed proxy, no other way out, clean teardown.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { suiteLeftovers, useLab, useLabTemplate } from '../../harness/lab/index.js';
import { record, recordTemplate } from './timings.js';

describe('hosts/lab: a booted two-host suite', function () {
  this.timeout(180_000);
  useLabTemplate(recordTemplate);
  const lab = useLab({ suite: 'labtest', hosts: 2, log: (l) => console.log(`      ${l}`) });

  it('boots two hosts with distinct hostnames whose boot finished cleanly', async () => {
    const l = lab();
    record('2 hosts up (ssh + boot finished)', l.timings.hostsUpMs);
    const names = await Promise.all(l.hosts.map(async (h) => (await l.exec(h, 'hostname')).stdout.trim()));
    assert.deepEqual(names, ['h1', 'h2']);
    for (const h of l.hosts) {
      const state = (await l.exec(h, 'systemctl is-system-running')).stdout.trim();
      const failed = (await l.exec(h, 'systemctl --failed --no-legend --plain')).stdout.trim();
      assert.ok(state === 'running' || (state === 'degraded' && failed === ''), `${h.name}: ${state} ${failed}`);
      assert.equal((await l.exec(h, 'systemd-detect-virt')).stdout.trim(), 'systemd-nspawn');
    }
  });

  it('gives each host its own filesystem', async () => {
    const l = lab();
    assert.equal((await l.exec('h1', 'echo only-h1 > /root/marker && cat /root/marker')).stdout.trim(), 'only-h1');
    assert.notEqual((await l.exec('h2', 'test -e /root/marker')).exitCode, 0);
  });

  it('lets root, sudoer and sudopw log in by key; sudo as specified', async () => {
    const l = lab();
    for (const user of ['root', 'sudoer', 'sudopw']) {
      const r = await l.exec('h1', 'id -un', { user });
      assert.equal(r.stdout.trim(), user, `ssh as ${user}: exit ${r.exitCode}: ${r.stderr}`);
    }
    assert.equal((await l.exec('h1', 'sudo -n true', { user: 'sudoer' })).exitCode, 0);
    assert.notEqual((await l.exec('h1', 'sudo -n true', { user: 'sudopw' })).exitCode, 0);
    const withPw = await l.exec('h1', "sudo -S -p '' id -u", { user: 'sudopw', input: `${l.users.sudopw.password}\n` });
    assert.equal(withPw.stdout.trim(), '0', withPw.stderr);
  });

  it('lets pwonly in by password only', async () => {
    const l = lab();
    const pw = await l.exec('h2', 'id -un', { user: 'pwonly', password: l.users.pwonly.password });
    assert.equal(pw.stdout.trim(), 'pwonly', pw.stderr);
    const key = await l.exec('h2', 'id -un', { user: 'pwonly' });
    assert.equal(key.exitCode, 255);
    assert.match(key.stderr, /Permission denied/);
    const wrong = await l.exec('h2', 'id -un', { user: 'pwonly', password: 'not-the-password' });
    assert.notEqual(wrong.exitCode, 0);
  });

  it('installs a Debian package through the proxy', async () => {
    const l = lab();
    const t0 = Date.now();
    const r = await l.exec('h2', 'apt-get update -q && apt-get install -y -q --no-install-recommends hello && hello', { timeoutMs: 170_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /Hello, world!/);
    record('apt-get update + install hello (1 host)', Date.now() - t0);
  });

  it('has no way out but the proxy, which refuses everything but the archive', async () => {
    const l = lab();
    assert.doesNotMatch((await l.exec('h1', 'ip -4 route')).stdout, /default/);
    // A TEST-NET-1 address: with no route the kernel refuses locally, so no packet leaves the host.
    const out = await l.exec('h1', 'timeout 5 bash -c "echo > /dev/tcp/192.0.2.1/80"');
    assert.notEqual(out.exitCode, 0);
    assert.match(out.stderr, /Network is unreachable/);
    const py = 'import urllib.request as u, urllib.error as e\ntry: u.urlopen("http://forbidden.invalid/x", timeout=10)\nexcept e.HTTPError as x: print(x.code)';
    const viaProxy = await l.exec('h1', `http_proxy=http://${l.gateway}:3142 python3 -c '${py}'`);
    assert.equal(viaProxy.stdout.trim(), '403', viaProxy.stderr);
    assert.match(readFileSync(join(l.stateDir, 'proxy.log'), 'utf8'), /REFUSED GET http:\/\/forbidden\.invalid\/x/);
  });

  it('works as an inventory for the ansible-core oracle (ping, become with sudoer and sudopw)', async function () {
    const ansible = fileURLToPath(new URL('../../../../.venv/bin/ansible', import.meta.url));
    assert.ok(existsSync(ansible), 'the oracle venv is missing: run scripts/setup-venv.sh');
    const l = lab();
    const run = (...args: string[]) => promisify(execFile)(ansible, ['all', '-i', l.inventoryPath, '-o', ...args], { encoding: 'utf8' });
    assert.match((await run('-m', 'ping')).stdout, /h1 \| SUCCESS[\s\S]*h2 \| SUCCESS|h2 \| SUCCESS[\s\S]*h1 \| SUCCESS/);
    assert.match((await run('-u', 'sudoer', '-b', '-m', 'command', '-a', 'id -un')).stdout, /rc=0 \| \(stdout\) root/);
    const pw = await run('-u', 'sudopw', '-b', '-e', `ansible_become_password=${l.users.sudopw.password}`, '-m', 'command', '-a', 'id -un');
    assert.match(pw.stdout, /rc=0 \| \(stdout\) root/);
  });

  it('powers a host off, crashes one and boots it again', async () => {
    const l = lab();
    let t0 = Date.now();
    await l.stopHost('h2');
    record('host power-off (clean)', Date.now() - t0);
    assert.notEqual((await l.exec('h2', 'true', { timeoutMs: 20_000 })).exitCode, 0);
    t0 = Date.now();
    await l.startHost('h2');
    record('host boot again (ssh + boot finished)', Date.now() - t0);
    await l.killHost('h2');
    assert.notEqual((await l.exec('h2', 'true', { timeoutMs: 20_000 })).exitCode, 0);
    await l.startHost('h2');
    assert.equal((await l.exec('h2', 'cat /etc/hostname')).stdout.trim(), 'h2');
  });

  it('resets a host to a fresh disk with a new host key', async () => {
    const l = lab();
    await l.exec('h1', 'echo x > /root/marker');
    const oldKey = readFileSync(l.knownHostsPath, 'utf8');
    const t0 = Date.now();
    await l.resetHost('h1');
    record('host reset (fresh disk, new key, ready)', Date.now() - t0);
    assert.notEqual((await l.exec('h1', 'test -e /root/marker')).exitCode, 0);
    assert.notEqual(readFileSync(l.knownHostsPath, 'utf8'), oldKey);
    assert.equal((await l.exec('h1', 'hostname')).stdout.trim(), 'h1');
    assert.equal((await l.exec('h2', 'hostname')).stdout.trim(), 'h2');
  });

  it('leaves no netns, veth, bridge, overlay or process after destroy()', async () => {
    const l = lab();
    const t0 = Date.now();
    await l.destroy();
    record('destroy 2 hosts', Date.now() - t0);
    assert.deepEqual(await suiteLeftovers(l.suite, l.subnetIndex), { netns: [], links: [], mounts: [], processes: [] });
  });
});
