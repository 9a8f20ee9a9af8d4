// Two suites started at the same time get their own bridge and /24 and cannot reach each other.
import assert from 'node:assert/strict';
import { startLab, suiteLeftovers, useLabTemplate, type Lab } from '../../harness/lab/index.js';
import { assertLabAddress } from '../../harness/lab/guard.js';
import { record, recordTemplate } from './timings.js';

describe('hosts/lab: concurrent suites', function () {
  this.timeout(300_000);
  let labs: Lab[] = [];

  useLabTemplate(recordTemplate);
  after(async function () { await Promise.all(labs.map((l) => l.destroy())); });

  it('gives each suite its own bridge and subnet, isolated from the other', async () => {
    const t0 = Date.now();
    // The same name twice, as two sessions running one test file would: the second becomes labpar-2.
    labs = await Promise.all([startLab({ suite: 'labpar', hosts: 1 }), startLab({ suite: 'labpar', hosts: 1 })]);
    record('2 suites x 1 host up concurrently', Date.now() - t0);
    const [a, b] = labs as [Lab, Lab];
    assert.deepEqual([a.suite, b.suite].sort(), ['labpar', 'labpar-2']);
    assert.notEqual(a.bridge, b.bridge);
    assert.notEqual(a.subnet, b.subnet);
    const other = b.hosts[0]!.address;
    const r = await a.exec('h1', `timeout 5 bash -c "echo > /dev/tcp/${other}/22"`);
    assert.notEqual(r.exitCode, 0, `suite a reached suite b at ${other}`);
    for (const l of labs) {
      await l.destroy();
      assert.deepEqual(await suiteLeftovers(l.suite, l.subnetIndex), { netns: [], links: [], mounts: [], processes: [] });
    }
  });
});

describe('lab network guard', () => {
  it('refuses any address outside 10.99.0.0/16', () => {
    for (const bad of ['10.98.1.5', '192.168.1.10', '10.99.0.5', '10.99.3.255', '127.0.0.1', '10.99.1', 'h1']) {
      assert.throws(() => assertLabAddress(bad), /lab network guard/, bad);
    }
    assert.doesNotThrow(() => assertLabAddress('10.99.7.11'));
  });
});
