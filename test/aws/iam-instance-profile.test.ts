// amazon.aws.iam_instance_profile against moto: create with a role and tags, re-run, role
// swapped and removed (""), tags purged or merged, path warning, delete with a role inside;
// differential with the collection (its `diff` result included) and the lifecycle proof.
import assert from 'node:assert/strict';
import type { IAMClient } from '@aws-sdk/client-iam';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveLifecycle } from './support/lifecycle.js';
import { iamClient, instanceProfileSnapshot } from './support/iam-snapshot.js';
import { explain, runAws } from './support/sides.js';
import { UNKNOWN } from './support/unknown.js';

const TRUST = `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`;
const ROLES = `    - iam_role: { name: pgplay-r1, assume_role_policy_document: ${TRUST}, create_instance_profile: false }
    - iam_role: { name: pgplay-r2, assume_role_policy_document: ${TRUST}, create_instance_profile: false, tags: { k: v } }
`;

describe('aws: iam_instance_profile', function () {
  this.timeout(400_000);
  const suite = useMoto();
  let iam: IAMClient;
  before(() => { iam = iamClient(suite.moto); });
  after(() => iam.destroy());

  it('differential: create (blog form), re-run, role swap and removal, tags, path, check mode, delete', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${ROLES}
    - name: create as the blog does
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: pgplay-r1, tags: { env: demo } }
    - name: again
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: pgplay-r1, tags: { env: demo } }
    - name: swap the role in check mode
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: pgplay-r2 }
      check_mode: true
    - name: swap the role
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: pgplay-r2 }
    - name: tags merged
      amazon.aws.iam_instance_profile: { name: pgplay-prof, tags: { a: 1 }, purge_tags: false }
    - name: tags purged
      amazon.aws.iam_instance_profile: { name: pgplay-prof, tags: { b: two } }
    - name: path cannot change
      amazon.aws.iam_instance_profile: { name: pgplay-prof, path: /other/ }
    - name: remove the role
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: "" }
    - name: remove it again
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: "" }
    - name: second profile with a path, no role, in check mode
      amazon.aws.iam_instance_profile: { name: pgplay-prof2, path: /svc/ }
      check_mode: true
    - name: second profile with a path and a role
      amazon.aws.iam_instance_profile: { name: pgplay-prof2, path: /svc/, role: pgplay-r1 }
    - name: delete with a role inside, check mode
      amazon.aws.iam_instance_profile: { name: pgplay-prof2, state: absent }
      check_mode: true
    - name: delete with a role inside
      amazon.aws.iam_instance_profile: { name: pgplay-prof2, state: absent }
    - name: delete again
      amazon.aws.iam_instance_profile: { name: pgplay-prof2, state: absent }
    - name: bad path
      amazon.aws.iam_instance_profile: { name: pgplay-prof3, path: nope }
      ignore_errors: true
    - name: missing role
      amazon.aws.iam_instance_profile: { name: pgplay-prof, role: no-such-role }
      ignore_errors: true
`));
    assert.deepEqual(pgplay.tasks.map((t) => t.status),
      ['changed', 'changed', 'changed', 'ok', 'changed', 'changed', 'changed', 'changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'changed', 'changed', 'ok', 'failed', 'failed'], explain(pgplay));
    const created = pgplay.tasks[2]!.result['iam_instance_profile'] as Record<string, unknown>;
    assert.equal(created['instance_profile_name'], 'pgplay-prof', 'what the blog reads');
  });

  it('lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      setup: ROLES,
      create: `    - amazon.aws.iam_instance_profile: { name: pgplay-life, role: pgplay-r1, tags: { env: a } }\n`,
      modify: `    - amazon.aws.iam_instance_profile: { name: pgplay-life, role: pgplay-r2, tags: { env: b, x: y } }\n`,
      absent: `    - amazon.aws.iam_instance_profile: { name: pgplay-life, state: absent }\n`,
      idOf: (r) => String((r['iam_instance_profile'] as Record<string, unknown>)['instance_profile_name']),
      snapshot: (name) => instanceProfileSnapshot(iam, name),
      expectCreated: (s) => assert.deepEqual([s['tags'], (s['roles'] as { role_name: string }[]).map((r) => r.role_name)], [{ env: 'a' }, ['pgplay-r1']]),
      expectModified: (s) => assert.deepEqual([s['tags'], (s['roles'] as { role_name: string }[]).map((r) => r.role_name)], [{ env: 'b', x: 'y' }, ['pgplay-r2']]),
    });
  });

  it('check mode on a fresh account: the new profile with Unknown ARN, nothing created', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`    - amazon.aws.iam_instance_profile: { name: pgplay-new, tags: { env: a } }\n`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed'], explain(r));
    const p = r.tasks[0]!.result['iam_instance_profile'] as Record<string, unknown>;
    assert.deepEqual([p['instance_profile_name'], p['arn'], p['tags'], p['roles']], ['pgplay-new', UNKNOWN, { env: 'a' }, []], explain(r));
    assert.deepEqual(await instanceProfileSnapshot(iam, 'pgplay-new'), {}, 'check mode created the profile');
  });
});
