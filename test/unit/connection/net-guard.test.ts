// The engine's fail-closed network guard: addresses and names outside PGPLAY_ALLOWED_NETS are
// refused before a socket is opened. The playbook tests prove "before any packet" with a real
// listener on loopback that must see no connection at all while the guard refuses it.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgplayBin } from '../../harness/cli-path.js';
import { assertAddressAllowed, resolveAllowed, NetworkGuardError, allowedNets } from '@pgplay/engine';

const cli = pgplayBin();
const LAB_ONLY = { PGPLAY_ALLOWED_NETS: '10.99.0.0/16' };

function runPgplay(dir: string, env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', 'play.yml', '-i', 'inv.ini'], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env }, encoding: 'utf8' }, (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}

describe('connection/net-guard: the fail-closed network guard', function () {
  this.timeout(60_000);

  it('allows addresses inside the ranges and refuses the rest, naming the address and the variable', () => {
    const env = { PGPLAY_ALLOWED_NETS: '10.99.0.0/16,127.0.0.0/8,::1/128' };
    for (const ok of ['10.99.3.11', '127.0.0.1', '127.255.0.9', '::1', '::ffff:10.99.1.1']) assertAddressAllowed(ok, 'test', env);
    for (const bad of ['192.0.2.1', '10.98.255.255', '10.100.0.1', '8.8.8.8', '::2', 'fe80::1', '::ffff:192.0.2.1']) {
      assert.throws(() => assertAddressAllowed(bad, 'ssh to h1 (ansible_host)', env), (e: Error) => {
        assert.ok(e instanceof NetworkGuardError);
        assert.match(e.message, new RegExp(`refusing ssh to h1 \\(ansible_host\\) to ${bad.replace(/[.:]/g, '\\$&')}: the address is outside PGPLAY_ALLOWED_NETS=`));
        return true;
      });
    }
  });

  it('fails closed: an empty or malformed value refuses everything; unset is no guard', () => {
    assert.throws(() => assertAddressAllowed('127.0.0.1', 'x', { PGPLAY_ALLOWED_NETS: '' }), /outside PGPLAY_ALLOWED_NETS=\(empty\)/);
    assert.throws(() => assertAddressAllowed('127.0.0.1', 'x', { PGPLAY_ALLOWED_NETS: '127.0.0.0/8,bogus' }), /not CIDR ranges \(bogus\), so every address is refused/);
    assert.throws(() => assertAddressAllowed('127.0.0.1', 'x', { PGPLAY_ALLOWED_NETS: '127.0.0.0/33' }), /not CIDR ranges/);
    assert.throws(() => assertAddressAllowed('not-an-ip', 'x', { PGPLAY_ALLOWED_NETS: '0.0.0.0/0' }), /is not an IP address/);
    assert.equal(allowedNets({}), null);
    assertAddressAllowed('192.0.2.1', 'x', {});
  });

  it('is switched on for every test run: .mocharc.cjs requires the setup that sets it, scripts/test.sh exports it', () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const rc = createRequire(import.meta.url)(join(root, '.mocharc.cjs')) as { require?: string[] };
    assert.ok(rc.require?.includes('test/support/network-guard.cjs'), '.mocharc.cjs requires the guard setup');
    const set = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(root, 'test/support/network-guard.cjs'))}); console.log(process.env.PGPLAY_ALLOWED_NETS)`], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' }).trim();
    assert.equal(set, '10.99.0.0/16,127.0.0.0/8,::1/128');
    assert.throws(() => assertAddressAllowed('192.0.2.1', 'x', { PGPLAY_ALLOWED_NETS: set }), NetworkGuardError);
    assert.match(readFileSync(join(root, 'scripts/test.sh'), 'utf8'), /^export PGPLAY_ALLOWED_NETS="\$\{PGPLAY_ALLOWED_NETS:-10\.99\.0\.0\/16,127\.0\.0\.0\/8,::1\/128\}"$/m);
  });

  it('resolves names first and checks what they resolve to', async () => {
    await assert.rejects(resolveAllowed('localhost', 'ssh to h1 (ansible_host)', LAB_ONLY), /refusing ssh to h1 \(ansible_host\) \(localhost resolves to (127\.0\.0\.1|::1)\) to (127\.0\.0\.1|::1): the address is outside PGPLAY_ALLOWED_NETS=10\.99\.0\.0\/16/);
    assert.match(await resolveAllowed('localhost', 'x', { PGPLAY_ALLOWED_NETS: '127.0.0.0/8,::1/128' }), /^(127\.0\.0\.1|::1)$/);
  });

  describe('a playbook aimed outside the allowed ranges', () => {
    let dir: string;
    let server: Server;
    let port = 0;
    let connections = 0;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pgplay-guard-'));
      server = createServer((s) => {
        connections++;
        s.end('not an ssh server\r\n');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
      writeFileSync(join(dir, 'play.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n');
    });
    after(() => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('fails the task before any packet is sent (TEST-NET-1 192.0.2.1)', async () => {
      writeFileSync(join(dir, 'inv.ini'), 'h1 ansible_host=192.0.2.1\n');
      const t0 = Date.now();
      const r = await runPgplay(dir, { PGPLAY_ALLOWED_NETS: '10.99.0.0/16,127.0.0.0/8' });
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stdout, /fatal: \[h1\]: FAILED! => \{"msg": "network guard: refusing ssh to h1 \(ansible_host 192\.0\.2\.1\) to 192\.0\.2\.1: the address is outside PGPLAY_ALLOWED_NETS=10\.99\.0\.0\/16,127\.0\.0\.0\/8"\}/);
      assert.ok(Date.now() - t0 < 30_000);
    });

    it('refuses an address and a name resolving outside, and the listener sees no connection', async () => {
      writeFileSync(join(dir, 'inv.ini'), `h1 ansible_host=127.0.0.1 ansible_port=${port}\nh2 ansible_host=localhost ansible_port=${port}\n`);
      const r = await runPgplay(dir, LAB_ONLY);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stdout, /fatal: \[h1\]: FAILED! => \{"msg": "network guard: refusing ssh to h1 \(ansible_host 127\.0\.0\.1\) to 127\.0\.0\.1: the address is outside PGPLAY_ALLOWED_NETS=10\.99\.0\.0\/16"\}/);
      assert.match(r.stdout, /fatal: \[h2\]: FAILED! => \{"msg": "network guard: refusing ssh to h2 \(ansible_host localhost\) \(localhost resolves to [0-9.:]+\) to/);
      assert.equal(connections, 0, 'no connection reached the listener');
    });

    it('lets the same playbook through when the range is allowed (the listener sees it: the test can fail)', async () => {
      writeFileSync(join(dir, 'inv.ini'), `h1 ansible_host=127.0.0.1 ansible_port=${port}\n`);
      const r = await runPgplay(dir, { PGPLAY_ALLOWED_NETS: '127.0.0.0/8' });
      assert.equal(r.code, 4, r.stdout);
      assert.match(r.stdout, /fatal: \[h1\]: UNREACHABLE!/);
      assert.ok(connections >= 1);
    });
  });
});
