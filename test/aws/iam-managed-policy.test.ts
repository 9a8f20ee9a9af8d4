// amazon.aws.iam_managed_policy against moto: create with a description and tags, re-run with
// the document as a dict, a new version made default, an old version made default again,
// only_version, tags, path/description warnings, delete while attached to a role; differential
// with the collection and the lifecycle proof (check mode and diff, which it has not).
import assert from 'node:assert/strict';
import type { IAMClient } from '@aws-sdk/client-iam';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveLifecycle } from './support/lifecycle.js';
import { iamClient, managedPolicySnapshot } from './support/iam-snapshot.js';
import { explain, runAws } from './support/sides.js';
import { UNKNOWN } from './support/unknown.js';

const DOC = (action: string) => `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}'`;
const TRUST = `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`;

describe('aws: iam_managed_policy', function () {
  this.timeout(400_000);
  const suite = useMoto();
  let iam: IAMClient;
  before(() => { iam = iamClient(suite.moto); });
  after(() => iam.destroy());

  it('differential: create, re-run, versions, make_default, only_version, tags, warnings, check mode, delete while attached', async () => {
    const { pgplay } = await differential(suite, awsPlay(`
    - name: create
      amazon.aws.iam_managed_policy: { name: pgplay-mp, description: first, policy: ${DOC('ec2:Describe*')}, tags: { env: demo } }
    - name: same document as a dict
      community.aws.iam_managed_policy: { name: pgplay-mp, policy: { Statement: [ { Resource: "*", Action: ["ec2:Describe*"], Effect: Allow } ], Version: "2012-10-17" } }
    - name: a new version in check mode
      iam_managed_policy: { name: pgplay-mp, policy: ${DOC('s3:Get*')} }
      check_mode: true
    - name: a new version
      iam_managed_policy: { name: pgplay-mp, policy: ${DOC('s3:Get*')} }
    - name: the first version again, made default
      iam_managed_policy: { name: pgplay-mp, policy: ${DOC('ec2:Describe*')} }
    - name: a third version, not default
      iam_managed_policy: { name: pgplay-mp, policy: ${DOC('sqs:*')}, make_default: false }
    - name: only the default version
      iam_managed_policy: { name: pgplay-mp, policy: ${DOC('ec2:Describe*')}, only_version: true }
    - name: tags merged, path and description cannot change
      iam_managed_policy: { name: pgplay-mp, tags: { a: b }, purge_tags: false, path: /other/, description: second }
    - name: tags purged
      iam_managed_policy: { name: pgplay-mp, tags: {} }
    - name: attach to a role
      iam_role: { name: pgplay-r, assume_role_policy_document: ${TRUST}, create_instance_profile: false, managed_policies: [ pgplay-mp ] }
    - name: delete in check mode
      iam_managed_policy: { name: pgplay-mp, state: absent }
      check_mode: true
    - name: delete while attached
      iam_managed_policy: { name: pgplay-mp, state: absent }
    - name: delete again
      iam_managed_policy: { name: pgplay-mp, state: absent }
    - name: create without a document
      iam_managed_policy: { name: pgplay-none }
      ignore_errors: true
    - name: bad name
      iam_managed_policy: { name: "bad name", policy: ${DOC('s3:Get*')} }
      ignore_errors: true
`));
    assert.deepEqual(pgplay.tasks.map((t) => t.status),
      ['changed', 'ok', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'ok', 'failed', 'failed'], explain(pgplay));
  });

  it('lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      create: `    - iam_managed_policy: { name: pgplay-life, policy: ${DOC('ec2:Describe*')}, tags: { env: a } }\n`,
      modify: `    - iam_managed_policy: { name: pgplay-life, policy: ${DOC('s3:Get*')}, tags: { env: b } }\n`,
      absent: `    - iam_managed_policy: { name: pgplay-life, state: absent }\n`,
      idOf: (r) => String((r['policy'] as Record<string, unknown>)['policy_name']),
      snapshot: (name) => managedPolicySnapshot(iam, name),
      expectCreated: (s) => assert.deepEqual([s['tags'], s['versions']], [{ env: 'a' }, 1]),
      expectModified: (s) => assert.deepEqual([s['tags'], s['versions'], (s['document'] as { Statement: { Action: string }[] }).Statement[0]!.Action], [{ env: 'b' }, 2, 's3:Get*']),
    });
  });

  it('check mode on a fresh account: the new policy with Unknown ARN, nothing created', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`    - iam_managed_policy: { name: pgplay-new, policy: ${DOC('s3:Get*')} }\n`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed'], explain(r));
    const p = r.tasks[0]!.result['policy'] as Record<string, unknown>;
    assert.deepEqual([p['policy_name'], p['arn']], ['pgplay-new', UNKNOWN], explain(r));
    assert.deepEqual(await managedPolicySnapshot(iam, 'pgplay-new'), {}, 'check mode created the policy');
  });
});
