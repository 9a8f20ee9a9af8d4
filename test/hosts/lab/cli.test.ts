// scripts/lab's command line: up writes the inventory, status lists the suite, down removes all.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suiteLeftovers, useLabTemplate } from '../../harness/lab/index.js';
import { recordTemplate } from './timings.js';
import { loadState } from '../../harness/lab/state.js';

const cli = fileURLToPath(new URL('../../harness/lab/cli.js', import.meta.url));
const repoInventory = fileURLToPath(new URL('../../../../inventories/lab/hosts', import.meta.url));
const run = promisify(execFile);
// `up` replaces a detached suite of the same name, so a name of our own keeps parallel runs apart.
const suite = `labcli-${process.pid}`;
const lab = async (...args: string[]) => (await run(process.execPath, [cli, ...args], { encoding: 'utf8' })).stdout;

describe('hosts/lab: scripts/lab', function () {
  this.timeout(180_000);
  useLabTemplate(recordTemplate);
  after(async () => { await lab('down', '--suite', suite).catch(() => ''); });

  it('brings a suite up detached, reports it, and takes it down', async () => {
    const out = await lab('up', '--suite', suite, '--hosts', '1');
    assert.match(out, /^h1 10\.99\.\d+\.11$/m);
    const s = loadState(suite);
    assert.ok(s, 'state.json written');
    assert.match(readFileSync(s.inventoryPath, 'utf8'), /^h1 ansible_host=10\.99\.\d+\.11$/m);
    assert.ok(existsSync(repoInventory), 'inventories/lab/hosts written');
    assert.match(await lab('status'), new RegExp(`${suite}: bridge pgl\\d+[\\s\\S]*h1 10\\.99\\.\\d+\\.11 running`));
    await lab('down', '--suite', suite);
    assert.equal(existsSync(repoInventory), false);
    assert.deepEqual(await suiteLeftovers(suite, s.k), { netns: [], links: [], mounts: [], processes: [] });
  });
});
