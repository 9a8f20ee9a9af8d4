// gather_subset and filter resolution against ansible-core's own functions (collector.py and
// ansible_collector.py), run live in the oracle's Python for a corpus of specs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { selectCollectors, filterFacts, badSubsetMessage } from '@pgplay/modules/facts';
import { requireOracle, venvPython } from '../playbooks/harness/paths.js';

const SPECS: string[][] = [
  ['all'], ['min'], ['!all'], ['!min'], ['!all', '!min'], ['hardware'], ['network'], ['virtual'], ['!hardware'],
  ['!all', 'network'], ['network', '!all'], ['!all', '!min', 'network'], ['all', '!network'], ['all', '!hardware', '!virtual'],
  ['kernel'], ['!all', 'kernel'], ['all', '!platform'], ['all', '!kernel'], ['distribution_version'], ['!min', 'service_mgr'],
  ['!all', '!min', 'pkg_mgr'], ['!all', '!min', 'local'], ['devices'], ['!all', 'default_ipv4'], ['all', '!min'], ['all', '!facter', '!ohai'],
  ['!all', '!min', 'interfaces', 'virtualization_type'], ['min', '!user', '!env'], ['user_id'], ['!bogus'],
];
const BAD = ['bogus', 'Hardware', 'all_ipv4'];

const FACTS = { ansible_distribution: 1, ansible_distribution_version: 2, ansible_os_family: 3, ansible_local: 4, gather_subset: 5, module_setup: 6, ansible_eth0: 7, facter_x: 8, ansible_lo: 9 };
const FILTERS: string[][] = [[], ['*'], ['ansible_distribution*'], ['distribution*'], ['os_family', 'lo'], ['facter_*'], ['ansible_[el]*'], [''], ['gather_subset', 'nothing'], ['*_version', 'ansible_local']];

const PY = `
import json, sys
from ansible.module_utils.facts import collector, default_collectors
from ansible.module_utils.facts.ansible_collector import AnsibleFactCollector
MIN = frozenset(['apparmor', 'caps', 'cmdline', 'date_time', 'distribution', 'dns', 'env', 'fips', 'local', 'lsb', 'pkg_mgr', 'platform', 'python', 'selinux', 'service_mgr', 'ssh_pub_keys', 'user'])
req = json.load(sys.stdin)
out = {'subsets': [], 'bad': [], 'filters': []}
for spec in req['specs']:
    cs = collector.collector_classes_from_gather_subset(all_collector_classes=default_collectors.collectors, gather_subset=spec, minimal_gather_subset=MIN)
    out['subsets'].append(sorted(set(c.name for c in cs)))
for b in req['bad']:
    try:
        collector.collector_classes_from_gather_subset(all_collector_classes=default_collectors.collectors, gather_subset=[b], minimal_gather_subset=MIN)
        out['bad'].append(None)
    except TypeError as e:
        out['bad'].append(str(e))
for f in req['filters']:
    r = AnsibleFactCollector()._filter(req['facts'], f)
    out['filters'].append(sorted(dict(r).keys()))
print(json.dumps(out))
`;

describe('conformance: gather_subset and filter against ansible-core', function () {
  this.timeout(60_000);
  let oracle: { subsets: string[][]; bad: (string | null)[]; filters: string[][] };
  before(() => {
    requireOracle();
    oracle = JSON.parse(execFileSync(venvPython, ['-c', PY], { input: JSON.stringify({ specs: SPECS, bad: BAD, filters: FILTERS, facts: FACTS }) }).toString());
  });

  it(`selects the same collectors for ${SPECS.length} gather_subset specs`, () => {
    const problems = SPECS.map((s, i) => [s, [...selectCollectors(s)].sort(), oracle.subsets[i]!] as const).filter(([, p, a]) => JSON.stringify(p) !== JSON.stringify(a));
    assert.deepEqual(problems, []);
  });

  it('rejects unknown subsets with ansible\'s message', () => {
    for (const [i, b] of BAD.entries()) {
      assert.throws(() => selectCollectors([b]), (e: Error) => e.message === oracle.bad[i]);
      assert.equal(badSubsetMessage(b), oracle.bad[i]);
    }
  });

  it(`filters facts as ansible does for ${FILTERS.length} filter lists`, () => {
    for (const [i, f] of FILTERS.entries()) assert.deepEqual(Object.keys(filterFacts(FACTS, f)).sort(), oracle.filters[i], JSON.stringify(f));
  });
});
