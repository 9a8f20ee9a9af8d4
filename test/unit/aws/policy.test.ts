// Policy documents compared as documents: pgplay's policiesDiffer against the collection's own
// compare_policies (module_utils/policy.py, run in the pinned .venv) on the same pairs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { aws } from '@pgplay/modules';
import { repoRoot } from '../../harness/moto/moto.js';

const stmt = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const PAIRS: [unknown, unknown][] = [
  [null, { Version: '2012-10-17', Statement: [stmt] }],
  [null, {}],
  [{}, {}],
  [{ Statement: [stmt] }, { Version: '2008-10-17', Statement: stmt }],
  [{ Version: '2012-10-17', Statement: [stmt] }, { Version: '2012-10-17', Statement: [{ ...stmt, Principal: { AWS: '*' }, Action: ['s3:GetObject'] }] }],
  [{ Version: '2012-10-17', Statement: [stmt] }, { Version: '2012-10-17', Statement: [{ ...stmt, Principal: { AWS: ['*', 'arn:aws:iam::123456789012:root'] } }] }],
  [{ Statement: [{ ...stmt, Principal: { AWS: 'arn:aws:iam::123456789012:root' } }] }, { Statement: [{ ...stmt, Principal: { AWS: '123456789012' } }] }],
  [{ Statement: [{ ...stmt, Action: ['a', 'b'] }] }, { Statement: [{ ...stmt, Action: ['b', 'a'] }] }],
  [{ Statement: [{ ...stmt, Action: ['a', 'b'] }] }, { Statement: [{ ...stmt, Action: ['a', 'b', 'c'] }] }],
  [{ Statement: [{ ...stmt, Condition: { Bool: { 'aws:SecureTransport': false } } }] }, { Statement: [{ ...stmt, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }],
  [{ Statement: [{ ...stmt, Condition: { NumericLessThan: { 's3:max-keys': 10 } } }] }, { Statement: [{ ...stmt, Condition: { NumericLessThan: { 's3:max-keys': '10' } } }] }],
  [{ Statement: [stmt, { ...stmt, Effect: 'Deny' }] }, { Statement: [{ ...stmt, Effect: 'Deny' }, stmt] }],
  [{ Statement: [stmt] }, { Version: '2012-10-17', Statement: [stmt] }],
];

const PY = `
import json, sys
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
print(json.dumps([compare_policies(a, b) for a, b in json.load(sys.stdin)]))
`;

describe('aws plumbing: policiesDiffer', () => {
  it('agrees with the collection\'s compare_policies on every pair', () => {
    const py = join(repoRoot, '.venv/bin/python');
    const expected = JSON.parse(execFileSync(py, ['-c', PY], { input: JSON.stringify(PAIRS), encoding: 'utf8' })) as boolean[];
    assert.equal(expected.length, PAIRS.length);
    // The pairs must exercise both answers, or the comparison proves little.
    assert.ok(expected.includes(true) && expected.includes(false));
    PAIRS.forEach(([a, b], i) => assert.equal(aws.policiesDiffer(a, b), expected[i], `pair ${i}: ${JSON.stringify([a, b])}`));
  });
});
