// scripts/lab's command line: up writes the inventory, status lists the suite, down removes all.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { labAvailable, suiteLeftovers } from '../../harness/lab/index.js';
import { loadState } from '../../harness/lab/state.js';

const cli = fileURLToPath(new URL('../../harness/lab/cli.js', import.meta.url));
const repoInventory = fileURLToPath(new URL('../../../../inventories/lab/hosts.ini', import.meta.url));
const lab = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('hosts/lab: scripts/lab', function () {
  this.timeout(180_000);
  before(function () { if (!labAvailable()) this.skip(); });
  after(() => { try { lab('down', '--suite', 'labcli'); } catch { /* best effort */ } });

  it('brings a suite up detached, reports it, and takes it down', () => {
    const out = lab('up', '--suite', 'labcli', '--hosts', '1');
    assert.match(out, /^h1 10\.99\.\d+\.11$/m);
    const s = loadState('labcli');
    assert.ok(s, 'state.json written');
    assert.match(readFileSync(s.inventoryPath, 'utf8'), /^h1 ansible_host=10\.99\.\d+\.11$/m);
    assert.ok(existsSync(repoInventory), 'inventories/lab/hosts.ini written');
    assert.match(lab('status'), /labcli: bridge pgl\d+[\s\S]*h1 10\.99\.\d+\.11 running/);
    lab('down', '--suite', 'labcli');
    assert.equal(existsSync(repoInventory), false);
    return suiteLeftovers('labcli', s.k).then((left) => assert.deepEqual(left, { netns: [], links: [], mounts: [], processes: [] }));
  });
});
