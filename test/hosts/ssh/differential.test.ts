// Differential tests over SSH: ansible-playbook (the pinned oracle) and pgplay run the same
// playbook with the same inventory variables against two pairs of identical fresh lab hosts
// (h1, h2 for ansible; h3, h4 for pgplay, both named h1 and h2 in their inventories). Every
// event (per-task status and the full results) must agree after the conformance harness's
// normalisation, plus the host addresses, which differ by construction.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useLab, useLabTemplate, type Lab } from '../../harness/lab/index.js';
import { compareEvents } from '../../conformance/playbooks/harness/compare-events.js';
import { requireOracle } from '../../conformance/playbooks/harness/paths.js';
import { runSideEvents, type Side } from './event-diff.js';

const casesDir = fileURLToPath(new URL('../../../../test/hosts/ssh/diff', import.meta.url));

const runSide = (side: Side, caseName: string, lab: Lab, pair: [string, string]) => runSideEvents(side, join(casesDir, caseName), `ssh-${caseName}`, lab, pair);

describe('hosts/ssh: ansible-playbook and pgplay over SSH on identical lab hosts', function () {
  this.timeout(600_000);
  useLabTemplate();
  const lab = useLab({ suite: 'sshdiff', hosts: 4 });
  before(requireOracle);

  for (const caseName of readdirSync(casesDir)) {
    it(`agrees on every event: ${caseName}`, async () => {
      // Both sides at once: the hosts are separate, and ansible's run is the slow one.
      const [a, p] = await Promise.all([runSide('ansible', caseName, lab(), ['h1', 'h2']), runSide('pgplay', caseName, lab(), ['h3', 'h4'])]);
      const problems = compareEvents(a.events, p.events);
      if (problems.some((x) => x.includes('unreachable'))) {
        for (const h of ['h3', 'h4']) console.log((await lab().exec(h, 'journalctl -u ssh --no-pager -o short-precise | tail -40')).stdout);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.equal(p.proc.exitCode, a.proc.exitCode, `exit codes: ansible ${a.proc.exitCode}, pgplay ${p.proc.exitCode}\n${p.proc.stderr}`);
      assert.ok(a.events.filter((e) => e['kind'] === 'host-result').length > 20, 'the oracle recorded the run');
    });
  }
});
