// amazon.aws.iam_role against moto: trust policy as text or dict (compared as a document),
// description, session duration, tags, managed policies (ARNs and names, purge or not), the
// instance profile named after the role, path warning, delete with everything attached;
// differential with the collection and the lifecycle proof (check mode and diff, which the
// collection does not have) with snapshots.
//
// moto's UpdateRole sets both description and session duration, each from its parameter or the
// default (none, 3600): the collection's two calls (description, then duration) leave the role
// without its description. pgplay makes the same calls, so both sides agree; the lifecycle
// changes the description alone so that its snapshot shows what AWS would keep.
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveLifecycle } from './support/lifecycle.js';
import { iamClient, roleSnapshot } from './support/iam-snapshot.js';
import { explain, runAws } from './support/sides.js';
import { UNKNOWN } from './support/unknown.js';

/** The blog's trust policy, as the JSON text it passes. */
const TRUST = `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`;
// moto knows no AWS-managed policies (unless told to load them all): the tests make their own.
const RO = 'arn:aws:iam::123456789012:policy/pgplay-ro';
const S3RO = 'arn:aws:iam::123456789012:policy/pgplay-s3';
const DOC = (action: string) => `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}'`;
const POLICIES = `    - iam_managed_policy: { name: pgplay-ro, policy: ${DOC('ec2:Describe*')} }
    - iam_managed_policy: { name: pgplay-s3, policy: ${DOC('s3:Get*')} }
`;

describe('aws: iam_role', function () {
  this.timeout(400_000);
  const suite = useMoto();
  let iam: IAMClient;
  before(() => { iam = iamClient(suite.moto); });
  after(() => iam.destroy());

  it('differential: create (blog form), re-run, trust as dict, settings, policies, tags, path, delete', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${POLICIES}
    - name: create as the blog does
      community.aws.iam_role: { name: pgplay-role, assume_role_policy_document: ${TRUST}, tags: { env: demo } }
    - name: again, trust policy as a dict in another order
      amazon.aws.iam_role:
        name: pgplay-role
        assume_role_policy_document: { Statement: [ { Action: "sts:AssumeRole", Principal: { Service: [ec2.amazonaws.com] }, Effect: Allow } ], Version: "2012-10-17" }
        tags: { env: demo }
    - name: description, duration, policies by ARN and name
      iam_role: { name: pgplay-role, assume_role_policy_document: ${TRUST}, description: the role, max_session_duration: 7200, managed_policies: [ "${RO}", pgplay-s3 ] }
    - name: same again, changed as moto dropped the description when the duration was set
      iam_role: { name: pgplay-role, assume_role_policy_document: ${TRUST}, description: the role, max_session_duration: 7200, managed_policies: [ "${S3RO}", "${RO}" ] }
    - name: one policy without purging, tags purged
      iam_role: { name: pgplay-role, assume_role_policy_document: ${TRUST}, managed_policies: [ "${RO}" ], purge_policies: false, tags: { a: 1 } }
    - name: purge to one policy, tags kept
      iam_role: { name: pgplay-role, assume_role_policy_document: ${TRUST}, managed_policies: [ "${RO}" ], tags: { b: "2" }, purge_tags: false }
    - name: another trust policy
      iam_role: { name: pgplay-role, assume_role_policy_document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' }
    - name: path cannot change (warns, no change)
      iam_role: { name: pgplay-role, path: /other/, assume_role_policy_document: ${TRUST}, create_instance_profile: false }
    - name: second role with a path and no profile
      iam_role: { name: pgplay-role2, path: /svc/, assume_role_policy_document: ${TRUST}, create_instance_profile: false, managed_policies: [] }
    - name: unknown policy name
      iam_role: { name: pgplay-role2, assume_role_policy_document: ${TRUST}, managed_policies: [ NoSuchPolicyAnywhere ] }
      ignore_errors: true
    - name: bad duration
      iam_role: { name: pgplay-role2, assume_role_policy_document: ${TRUST}, max_session_duration: 60 }
      ignore_errors: true
    - name: bad name
      iam_role: { name: "bad name", assume_role_policy_document: ${TRUST} }
      ignore_errors: true
    - name: delete
      iam_role: { name: pgplay-role, state: absent, delete_instance_profile: true }
    - name: delete again
      iam_role: { name: pgplay-role, state: absent }
`));
    assert.deepEqual(pgplay.tasks.map((t) => t.status), ['changed', 'changed', 'changed', 'ok', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'failed', 'failed', 'failed', 'changed', 'ok'], explain(pgplay));
    const first = pgplay.tasks[2]!.result;
    assert.equal(first['role_name'], 'pgplay-role', 'the top-level role_name the blog reads');
    assert.equal(first['arn'], (first['iam_role'] as Record<string, unknown>)['arn']);
  });

  it('differential: check mode on an existing role predicts each change', async () => {
    await differential(suite, awsPlay(`${POLICIES}
    - iam_role: { name: pgplay-ck, assume_role_policy_document: ${TRUST}, tags: { env: a } }
    - name: tags in check mode
      iam_role: { name: pgplay-ck, assume_role_policy_document: ${TRUST}, tags: { env: b } }
      check_mode: true
    - name: policy in check mode
      iam_role: { name: pgplay-ck, assume_role_policy_document: ${TRUST}, managed_policies: [ "${RO}" ] }
      check_mode: true
    - name: nothing in check mode
      iam_role: { name: pgplay-ck, assume_role_policy_document: ${TRUST} }
      check_mode: true
    - name: new role in check mode
      iam_role: { name: pgplay-ck2, assume_role_policy_document: ${TRUST} }
      check_mode: true
    - name: delete in check mode
      iam_role: { name: pgplay-ck, state: absent }
      check_mode: true
`));
    assert.deepEqual(await roleSnapshot(iam, 'pgplay-ck2'), {});
  });

  it('lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      setup: POLICIES,
      create: `    - iam_role: { name: pgplay-life, assume_role_policy_document: ${TRUST}, tags: { env: a }, managed_policies: [ "${RO}" ] }\n`,
      modify: `    - iam_role: { name: pgplay-life, assume_role_policy_document: ${TRUST}, tags: { env: b }, description: changed, managed_policies: [ "${S3RO}" ] }\n`,
      absent: `    - iam_role: { name: pgplay-life, state: absent, delete_instance_profile: true }\n`,
      idOf: (r) => String(r['role_name']),
      snapshot: (name) => roleSnapshot(iam, name),
      expectCreated: (s) => assert.deepEqual([s['tags'], s['managed_policies'], s['instance_profiles']], [{ env: 'a' }, [RO], ['pgplay-life']]),
      expectModified: (s) => assert.deepEqual([s['tags'], s['description'], s['managed_policies']], [{ env: 'b' }, 'changed', [S3RO]]),
    });
  });

  it('check mode on a fresh account: the new role with Unknown ARN, nothing created', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`    - iam_role: { name: pgplay-new, assume_role_policy_document: ${TRUST}, tags: { env: a } }\n      register: role\n    - debug: { msg: "{{ role.arn }}" }\n`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed', 'ok'], explain(r));
    const res = r.tasks[0]!.result;
    assert.deepEqual([res['role_name'], res['arn'], res['tags']], ['pgplay-new', UNKNOWN, { env: 'a' }], explain(r));
    const diff = res['diff'] as { before: unknown; after: Record<string, unknown> };
    assert.deepEqual([diff.before, diff.after['instance_profiles'], diff.after['tags']], [{}, ['pgplay-new'], { env: 'a' }], explain(r));
    assert.deepEqual(await roleSnapshot(iam, 'pgplay-new'), {}, 'check mode created the role');
  });
});
