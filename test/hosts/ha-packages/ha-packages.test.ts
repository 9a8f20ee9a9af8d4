// Issue 6: a lab host installs and starts the real HA packages (postgresql-15, patroni, etcd-server,
// haproxy, keepalived, pgbackrest) from Debian's archive through pgplay modules alone, twice: the
// second run changes nothing. The probes are the host's own: dpkg-query and systemctl.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab } from '../../harness/lab/index.js';
import { repoRoot } from '../../conformance/playbooks/harness/paths.js';
import { runPgplay, waitFor, workDir } from '../ssh/support.js';

const PACKAGES = ['postgresql-15', 'patroni', 'etcd-server', 'haproxy', 'keepalived', 'pgbackrest'];
const RUNNING = ['etcd', 'haproxy', 'keepalived', 'postgresql@15-main'];

describe('hosts: the HA packages installed and started by pgplay alone', function () {
  this.timeout(900_000);
  const lab = useLab({ suite: 'ha-packages', hosts: 1 });
  const playbook = readFileSync(join(repoRoot, 'test/hosts/ha-packages/install.yml'), 'utf8');

  it('installs and starts them on a fresh host; a second run changes nothing', async () => {
    const vip = `${lab().gateway.replace(/\.1$/, '')}.250`;
    const first = await runPgplay(lab(), workDir('ha-packages'), playbook, { args: ['-e', `vip=${vip}`] });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const probe = await lab().exec('h1', `dpkg-query -W -f '\${Package} \${db:Status-Abbrev}\\n' ${PACKAGES.join(' ')}; systemctl is-active ${RUNNING.join(' ')} patroni; systemctl is-enabled etcd haproxy keepalived postgresql patroni`);
    const lines = probe.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, PACKAGES.length).map((l) => l.trim()).sort(), PACKAGES.map((p) => `${p} ii`).sort(), probe.stdout);
    assert.deepEqual(lines.slice(PACKAGES.length, PACKAGES.length + RUNNING.length + 1), [...RUNNING.map(() => 'active'), 'inactive'], probe.stdout);
    assert.deepEqual(lines.slice(PACKAGES.length + RUNNING.length + 1), ['enabled', 'enabled', 'enabled', 'enabled', 'disabled'], probe.stdout);
    // keepalived really takes the address: as the only VRRP member it becomes master after a few
    // missed advertisements, so the VIP shows up on eth0 within seconds (polled, not slept).
    await waitFor(`the VIP ${vip} on h1's eth0`, async () => (await lab().exec('h1', 'ip -br -4 addr show dev eth0')).stdout.includes(`${vip}/`), 120_000);

    const second = await runPgplay(lab(), workDir('ha-packages'), playbook, { args: ['-e', `vip=${vip}`] });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /h1\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0/, second.stdout);
  });
});
