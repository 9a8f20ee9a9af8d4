// amazon.aws.iam_policy against moto: inline policies of a role, a user and a group, JSON text
// or a dict compared as a document, skip_duplicates, check mode, delete; differential with the
// collection (its always-returned `diff` included) and the lifecycle proof.
import assert from 'node:assert/strict';
import { CreateGroupCommand, CreateUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { assertSameRuns } from './support/compare.js';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveLifecycle } from './support/lifecycle.js';
import { iamClient, rolePoliciesSnapshot } from './support/iam-snapshot.js';
import { explain, runAws } from './support/sides.js';

const TRUST = `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`;
const S3 = `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::walg/*"]}]}'`;
const ROLE = `    - iam_role: { name: pgplay-r, assume_role_policy_document: ${TRUST}, create_instance_profile: false }\n`;

describe('aws: iam_policy', function () {
  this.timeout(400_000);
  const suite = useMoto();
  let iam: IAMClient;
  before(() => { iam = iamClient(suite.moto); });
  after(() => iam.destroy());

  it('differential: role policy (blog form), re-run as a dict, change, skip_duplicates, check mode, delete, user and group', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${ROLE}
    - name: put as the blog does
      amazon.aws.iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, state: present, policy_json: ${S3} }
    - name: same document as a dict in another order
      iam_policy:
        iam_type: role
        iam_name: pgplay-r
        policy_name: walg
        policy_json: { Statement: [ { Resource: "arn:aws:s3:::walg/*", Action: ["s3:PutObject", "s3:GetObject"], Effect: Allow } ], Version: "2012-10-17" }
    - name: another document in check mode
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, policy_json: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:*", Resource: "*" } ] } }
      check_mode: true
    - name: another document
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, policy_json: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:*", Resource: "*" } ] } }
    - name: a duplicate under another name, skipped
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: copy, skip_duplicates: true, policy_json: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:*", Resource: "*" } ] } }
    - name: a duplicate under another name, not skipped
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: copy, policy_json: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:*", Resource: "*" } ] } }
    - name: delete in check mode
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: copy, state: absent }
      check_mode: true
    - name: delete
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: copy, state: absent }
    - name: delete again
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: copy, state: absent }
    - name: missing role
      iam_policy: { iam_type: role, iam_name: no-such-role, policy_name: walg, policy_json: ${S3} }
      ignore_errors: true
    - name: bad JSON
      iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, policy_json: "{not json" }
      ignore_errors: true
`));
    assert.deepEqual(pgplay.tasks.map((t) => t.status), ['changed', 'changed', 'ok', 'changed', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok', 'failed', 'failed'], explain(pgplay));
  });

  it('differential: user and group inline policies (identities made through the SDK), missing ones fail alike', async () => {
    // pgplay has no iam_user / iam_group module: each side gets a fresh emulator with the user and
    // group made through the SDK, then runs the same playbook.
    const pb = awsPlay(`
    - name: user policy
      iam_policy: { iam_type: user, iam_name: pgplay-u, policy_name: p, policy_json: ${S3} }
    - name: user policy again
      iam_policy: { iam_type: user, iam_name: pgplay-u, policy_name: p, policy_json: ${S3} }
    - name: group policy
      iam_policy: { iam_type: group, iam_name: pgplay-g, policy_name: p, policy_json: ${S3} }
    - name: group policy removed
      iam_policy: { iam_type: group, iam_name: pgplay-g, policy_name: p, state: absent }
    - name: missing user
      iam_policy: { iam_type: user, iam_name: nobody, policy_name: p, policy_json: ${S3} }
      ignore_errors: true
    - name: missing group
      iam_policy: { iam_type: group, iam_name: nogroup, policy_name: p, state: absent }
      ignore_errors: true
`);
    const runs = [];
    for (const side of ['ansible', 'pgplay'] as const) {
      await suite.moto.reset();
      await iam.send(new CreateUserCommand({ UserName: 'pgplay-u' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'pgplay-g' }));
      runs.push(await runAws(side, suite.moto, pb));
    }
    assertSameRuns(runs[0]!, runs[1]!, explain);
    assert.deepEqual(runs[1]!.tasks.map((t) => t.status), ['changed', 'ok', 'changed', 'changed', 'failed', 'failed'], explain(runs[1]!));
  });

  it('lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      setup: ROLE,
      create: `    - iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, policy_json: ${S3} }\n`,
      modify: `    - iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, policy_json: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:*", Resource: "*" } ] } }\n`,
      absent: `    - iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, state: absent }\n`,
      idOf: () => 'pgplay-r',
      snapshot: async (role) => {
        const s = await rolePoliciesSnapshot(iam, role);
        return Object.keys(s).length ? s : {};
      },
      expectCreated: (s) => assert.deepEqual(Object.keys(s), ['walg']),
      expectModified: (s) => assert.deepEqual((s['walg'] as { Statement: { Action: string }[] }).Statement[0]!.Action, 's3:*'),
    });
  });

  it('check mode: predicts the policy, puts nothing', async () => {
    await suite.moto.reset();
    const setup = await runAws('pgplay', suite.moto, awsPlay(ROLE));
    assert.equal(setup.exitCode, 0, explain(setup));
    const r = await runAws('pgplay', suite.moto, awsPlay(`    - iam_policy: { iam_type: role, iam_name: pgplay-r, policy_name: walg, policy_json: ${S3} }\n`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed'], explain(r));
    const diff = r.tasks[0]!.result['diff'] as { before: unknown; after: Record<string, unknown> };
    assert.deepEqual([diff.before, Object.keys(diff.after)], [{}, ['walg']], explain(r));
    assert.deepEqual(await rolePoliciesSnapshot(iam, 'pgplay-r'), {});
  });
});
