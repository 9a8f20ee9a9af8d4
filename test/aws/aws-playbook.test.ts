// playbooks/aws.yml and aws-teardown.yml (the aws_infra role) against moto, run by ansible-playbook
// with the pinned collections and by pgplay on fresh emulators: the same per-task status on build,
// re-run, teardown and second teardown; the same account afterwards, enumerated with boto3
// (test/aws/support/inventory-of-account.py); a changed variable under --check --diff shows exactly
// that change and nothing else.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { repoRoot, venvPython } from '../conformance/playbooks/harness/paths.js';
import { run } from '../conformance/playbooks/harness/spawn.js';
import { explain, runAws, type PlaybookRun, type Side } from './support/sides.js';
import { useMoto, type MotoSuite } from './support/suite.js';

const REGION = 'eu-central-1';
const build = join(repoRoot, 'playbooks/aws.yml');
const teardown = join(repoRoot, 'playbooks/aws-teardown.yml');
const inventory = join(repoRoot, 'inventories/aws/hosts');

async function account(suite: MotoSuite): Promise<Record<string, string[]>> {
  const r = await run(venvPython, [join(repoRoot, 'test/aws/support/inventory-of-account.py'), REGION], { cwd: repoRoot, env: { ...suite.moto.env, PATH: process.env['PATH'] ?? '/usr/bin:/bin' } });
  assert.equal(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string[]>;
}

const statuses = (r: PlaybookRun): string[] => r.tasks.map((t) => `${t.task}: ${t.status}`);
const changed = (r: PlaybookRun): string[] => r.tasks.filter((t) => t.status === 'changed').map((t) => t.task);

interface SideStory {
  build: PlaybookRun;
  rerun: PlaybookRun;
  built: Record<string, string[]>;
  check: PlaybookRun;
  teardown: PlaybookRun;
  again: PlaybookRun;
  after: Record<string, string[]>;
}

describe('aws: playbooks/aws.yml and aws-teardown.yml (the aws_infra role)', function () {
  this.timeout(1_800_000);
  const suite = useMoto();
  const stories = new Map<Side, SideStory>();

  async function story(side: Side): Promise<SideStory> {
    await suite.moto.reset();
    const image = (await suite.ec2(REGION).send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images![0]!.ImageId!;
    const dir = mkdtempSync(join(tmpdir(), 'pgplay-aws-pb-'));
    const pub = join(dir, 'patroni.pub');
    // A fixed public key: ec2_key compares fingerprints, both sides import the same one.
    writeFileSync(pub, readFileSync(join(repoRoot, 'test/aws/support/patroni-test-key.pub'), 'utf8'));
    // aws_purge_routes=false: moto's CreateRouteTable answer lacks the routes' Origin, which the
    // collection's purge reads (see tasks/network.yml).
    const vars = ['-e', `aws_image_id=${image}`, '-e', `aws_public_key_file=${pub}`, '-e', 'aws_purge_routes=false'];
    const go = (playbook: string, extra: string[] = []) => runAws(side, suite.moto, '', { checkedIn: { playbook, inventory }, args: [...vars, ...extra], timeoutMs: 600_000 });
    const s: Partial<SideStory> = {};
    s.build = await go(build);
    assert.equal(s.build.exitCode, 0, explain(s.build));
    s.rerun = await go(build);
    s.built = await account(suite);
    s.check = await go(build, ['--check', '--diff', '-e', '{"aws_client_cidrs": ["10.0.0.0/16", "198.51.100.0/24"]}']);
    s.teardown = await go(teardown);
    s.again = await go(teardown);
    s.after = await account(suite);
    return s as SideStory;
  }

  before(async function () {
    for (const side of ['ansible', 'pgplay'] as const) stories.set(side, await story(side));
  });

  it('builds the whole architecture (the same resources as ansible-playbook makes)', () => {
    const a = stories.get('ansible')!;
    const p = stories.get('pgplay')!;
    assert.deepEqual(statuses(p.build), statuses(a.build), `${explain(a.build)}\n${explain(p.build)}`);
    assert.deepEqual(p.built, a.built);
    assert.deepEqual(p.built['target_groups'], ['patroni-tg TCP:5432 check=HTTP:8008/primary codes=200 targets=3']);
    assert.deepEqual(p.built['listeners'], ['patroni-nlb TCP:5432 -> patroni-tg']);
    assert.equal(p.built['instances']!.length, 3);
    assert.deepEqual(p.built['roles'], ["PatroniWALRole inline=['PatroniWALPolicy']"]);
  });

  it('a second run changes nothing', () => {
    const p = stories.get('pgplay')!;
    assert.deepEqual(statuses(p.rerun), statuses(stories.get('ansible')!.rerun));
    assert.deepEqual(changed(p.rerun), [], explain(p.rerun));
  });

  it('--check --diff on a changed variable shows that change and nothing else', () => {
    const p = stories.get('pgplay')!;
    assert.deepEqual(changed(p.check), ['aws_infra : security group superman-members'], explain(p.check));
    const sg = p.check.tasks.find((t) => t.status === 'changed')!;
    assert.match(JSON.stringify(sg.result['diff'] ?? sg.result), /198\.51\.100\.0\/24/);
    // Check mode changed nothing: the account is what the build left.
    assert.deepEqual(statuses(p.check).filter((s) => !s.endsWith(': ok') && !s.includes('security group')), []);
  });

  it('teardown leaves no resource of any type behind; a second teardown changes nothing', () => {
    const a = stories.get('ansible')!;
    const p = stories.get('pgplay')!;
    assert.deepEqual(statuses(p.teardown), statuses(a.teardown), `${explain(a.teardown)}\n${explain(p.teardown)}`);
    for (const [kind, items] of Object.entries(p.after)) assert.deepEqual(items, [], `${kind} left behind`);
    assert.deepEqual(statuses(p.again), statuses(a.again));
    assert.deepEqual(changed(p.again), [], explain(p.again));
  });
});
