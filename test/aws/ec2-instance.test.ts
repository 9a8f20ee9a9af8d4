// amazon.aws.ec2_instance against moto: differential with the collection (count, exact_count up
// and down, default filters, modification of tags / security groups / attributes, stop, start,
// terminate, check mode) and the lifecycle proof with emulator snapshots.
import assert from 'node:assert/strict';
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { awsPlay } from './support/play.js';
import { differential, useMoto, type MotoSuite } from './support/suite.js';
import { CreateRoleCommand, CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { explain, runAws, type PlaybookRun } from './support/sides.js';
import { assertSameRuns } from './support/compare.js';
import { proveLifecycle } from './support/lifecycle.js';
import { assertMatchesSnapshot, tagsOf } from './support/snapshots.js';
import { UNKNOWN } from './support/unknown.js';

/** An AMI moto always has (its bundled ubuntu image). */
export const AMI = 'ami-1e749f67';

export const NETWORK = `    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.50.0.0/16 }
      register: vpc
    - name: subnet
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.50.1.0/24, az: eu-central-1a }
      register: subnet
    - name: sg pg
      amazon.aws.ec2_security_group: { name: pg, description: pg, vpc_id: "{{ vpc.vpc.id }}" }
    - name: sg app
      amazon.aws.ec2_security_group: { name: app, description: app, vpc_id: "{{ vpc.vpc.id }}" }
`;

const inst = (name: string, body: string, extra = '') => `
    - name: ${name}
      amazon.aws.ec2_instance:
        image_id: ${AMI}
        instance_type: t3.micro
        vpc_subnet_id: "{{ subnet.subnet.id }}"
${body}${extra}`;

describe('aws: ec2_instance', function () {
  this.timeout(900_000);
  const suite = useMoto();

  it('differential: count, exact_count up and down, modify, stop, start, terminate', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${inst('launch one with count', `        count: 1
        name: solo
        security_group: pg
        network: { assign_public_ip: true }
        user_data: "#!/bin/sh\\necho hi\\n"
        tags: { cluster: solo }
`)}${inst('exact_count 3', `        exact_count: 3
        name: etcd
        security_groups: [pg]
        tags: { cluster: etcd, env: demo }
`)}${inst('exact_count 3 again', `        exact_count: 3
        name: etcd
        security_groups: [pg]
        tags: { cluster: etcd, env: demo }
`)}${inst('exact_count 2 (check)', `        exact_count: 2
        name: etcd
`, '      check_mode: true\n')}${inst('exact_count 2', `        exact_count: 2
        name: etcd
`)}${inst('modify tags, groups, protection', `        name: etcd
        security_groups: [pg, app]
        termination_protection: true
        tags: { cluster: etcd, role: db }
        purge_tags: false
`)}${inst('modify again', `        name: etcd
        security_groups: [pg, app]
        termination_protection: true
        tags: { cluster: etcd, role: db }
        purge_tags: false
`)}
    - name: stop
      amazon.aws.ec2_instance: { state: stopped, filters: { "tag:Name": etcd, instance-state-name: [running, stopped] } }
    - name: stop again
      amazon.aws.ec2_instance: { state: stopped, filters: { "tag:Name": etcd, instance-state-name: [running, stopped] } }
    - name: start
      amazon.aws.ec2_instance: { state: running, filters: { "tag:Name": etcd, instance-state-name: [running, stopped] }, termination_protection: false }
    - name: terminate
      amazon.aws.ec2_instance: { state: absent, filters: { "tag:cluster": [etcd, solo] } }
    - name: terminate again (terminated instances still match these filters; the collection terminates them again)
      amazon.aws.ec2_instance: { state: terminated, filters: { "tag:cluster": [etcd, solo] } }
    - name: terminate again, live instances only
      amazon.aws.ec2_instance: { state: terminated, filters: { "tag:cluster": [etcd, solo], instance-state-name: [pending, running, stopping, stopped] } }
`, NETWORK));
    assert.deepEqual(pgplay.tasks.slice(4).map((t) => t.status), ['changed', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok'], explain(pgplay));
  });

  it('differential: instance_ids with stopped, restarted, rebooted, started, wait false, check mode, absent', async () => {
    const ids = '"{{ web.instance_ids }}"';
    const { pgplay } = await differential(suite, awsPlay(`${inst('launch (check)', `        count: 2
        name: web
`, '      check_mode: true\n')}${inst('launch two, no wait', `        count: 2
        name: web
        wait: false
        instance_initiated_shutdown_behavior: stop
        ebs_optimized: true
        volumes: [{ device_name: /dev/sdb, ebs: { volume_size: "20", volume_type: gp3, delete_on_termination: true } }]
`, '      register: web\n')}
    - name: stop (check)
      amazon.aws.ec2_instance: { state: stopped, instance_ids: ${ids} }
      check_mode: true
    - name: stop
      amazon.aws.ec2_instance: { state: stopped, instance_ids: ${ids} }
    - name: restarted
      amazon.aws.ec2_instance: { state: restarted, instance_ids: ${ids} }
    - name: rebooted
      amazon.aws.ec2_instance: { state: rebooted, instance_ids: ${ids} }
    - name: started
      amazon.aws.ec2_instance: { state: started, instance_ids: ${ids} }
    - name: absent (check)
      amazon.aws.ec2_instance: { state: absent, instance_ids: ${ids} }
      check_mode: true
    - name: absent
      amazon.aws.ec2_instance: { state: absent, instance_ids: ${ids} }
    - name: nothing named so
      amazon.aws.ec2_instance: { state: absent, name: nosuch, vpc_subnet_id: "{{ subnet.subnet.id }}" }
`, NETWORK));
    assert.deepEqual(pgplay.tasks.slice(4).map((t) => t.status), ['changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'ok', 'changed', 'changed', 'ok'], explain(pgplay));
  });
});

/** An instance profile (with its role) made through the SDK: pgplay's IAM modules are not part of this suite. */
async function makeProfile(suite: MotoSuite, name: string): Promise<void> {
  const m = suite.moto;
  const iam = new IAMClient({ region: 'us-east-1', endpoint: m.url, credentials: { accessKeyId: m.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: m.env['AWS_SECRET_ACCESS_KEY']! } });
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
  iam.destroy();
}

describe('aws: ec2_instance with the blog\'s options', function () {
  this.timeout(900_000);
  const suite = useMoto();

  it('differential: key pair, instance profile by name (launch and associate later), user data, public IP, exact_count', async () => {
    const pb = awsPlay(`    - name: key
      amazon.aws.ec2_key: { name: core }
${inst('one without a profile', `        exact_count: 1
        name: lonely
        key_name: core
`)}${inst('etcd', `        exact_count: 3
        name: etcd
        key_name: core
        security_group: pg
        iam_instance_profile: pgplay-ec2
        network: { assign_public_ip: true }
        user_data: |
          #!/bin/sh
          echo etcd > /tmp/role
        tags: { cluster: etcd, env: demo }
`, '      register: etcd\n')}
    - name: public IPs
      debug: { msg: "{{ etcd.instances | map(attribute='public_ip_address') | list | length }}" }
${inst('associate a profile', `        name: lonely
        iam_instance_profile: pgplay-ec2
`)}${inst('associate again', `        name: lonely
        iam_instance_profile: pgplay-ec2
`)}
    - name: info
      amazon.aws.ec2_instance_info: { filters: { "tag:env": demo, instance-state-name: [running] }, include_attributes: [userData] }
`, NETWORK);
    const sides = [];
    for (const side of ['ansible', 'pgplay'] as const) {
      await suite.moto.reset();
      await makeProfile(suite, 'pgplay-ec2');
      sides.push(await runAws(side, suite.moto, pb));
    }
    const [ansible, pgplay] = sides as [PlaybookRun, PlaybookRun];
    assertSameRuns(ansible, pgplay, explain);
    assert.deepEqual(pgplay.tasks.slice(4).map((t) => t.status), ['changed', 'changed', 'changed', 'ok', 'changed', 'ok', 'ok'], explain(pgplay));
  });
});

/** The live instances named `name`, in the diff's shape (launch order, then ID), read through the SDK. */
async function instancesSnapshot(ec2: EC2Client, name: string): Promise<Record<string, unknown>> {
  const r = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }));
  const list = (r.Reservations ?? []).flatMap((x) => x.Instances ?? [])
    .sort((a, b) => a.LaunchTime!.getTime() - b.LaunchTime!.getTime() || (a.InstanceId! < b.InstanceId! ? -1 : 1));
  if (!list.length) return {};
  const out = [];
  for (const i of list) {
    const tp = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: i.InstanceId!, Attribute: 'disableApiTermination' }));
    out.push({
      instance_id: i.InstanceId, state: i.State?.Name, instance_type: i.InstanceType, image_id: i.ImageId, subnet_id: i.SubnetId ?? null, key_name: i.KeyName ?? null,
      security_groups: (i.SecurityGroups ?? []).map((g) => g.GroupId!).sort(), tags: tagsOf(i.Tags),
      termination_protection: tp.DisableApiTermination?.Value === true, ebs_optimized: i.EbsOptimized === true, iam_instance_profile: i.IamInstanceProfile?.Arn ?? null,
      metadata_options: { http_endpoint: i.MetadataOptions?.HttpEndpoint ?? null, http_tokens: i.MetadataOptions?.HttpTokens ?? null, http_put_response_hop_limit: i.MetadataOptions?.HttpPutResponseHopLimit ?? null },
    });
  }
  return { instances: out };
}

describe('aws: ec2_instance lifecycle', function () {
  this.timeout(900_000);
  const suite = useMoto();

  // (moto keeps no instance metadata options: they are not part of this proof.)
  it('create (exact_count), read back, changed=0, modify under --check --diff = the emulator change, terminate, absent again', async () => {
    await proveLifecycle(suite, {
      setup: NETWORK,
      create: inst('pg', `        exact_count: 2
        name: pg
        security_group: pg
        tags: { cluster: patroni }
`),
      modify: inst('pg', `        name: pg
        security_groups: [pg, app]
        termination_protection: false
        ebs_optimized: true
        tags: { cluster: patroni, env: demo }
`),
      absent: `    - amazon.aws.ec2_instance: { state: absent, name: pg, vpc_subnet_id: "{{ subnet.subnet.id }}" }\n`,
      idOf: () => 'pg',
      snapshot: (name) => instancesSnapshot(suite.ec2(), name),
      expectCreated: (s) => {
        const list = s['instances'] as Record<string, unknown>[];
        assert.equal(list.length, 2);
        assert.deepEqual(list[0]!['tags'], { Name: 'pg', cluster: 'patroni' });
      },
      expectModified: (s) => {
        const list = s['instances'] as Record<string, unknown>[];
        assert.equal((list[1]!['security_groups'] as string[]).length, 2);
        assert.deepEqual(list[1]!['tags'], { Name: 'pg', cluster: 'patroni', env: 'demo' });
        assert.equal(list[1]!['ebs_optimized'], true);
      },
    });
  });

  it('--check --diff of a launch: new instances with Unknown IDs, equal to the emulator after the real run', async () => {
    await suite.moto.reset();
    const task = inst('pg', `        exact_count: 2
        name: pg
        security_group: pg
        tags: { cluster: patroni }
        termination_protection: true
`);
    const run = async (args: string[]) => {
      const r = await runAws('pgplay', suite.moto, awsPlay(NETWORK + task), { args });
      assert.equal(r.exitCode, 0, explain(r));
      return r.tasks[r.tasks.length - 1]!;
    };
    await run([]);
    const before = await instancesSnapshot(suite.ec2(), 'pg');
    const grow = inst('pg', `        exact_count: 3
        name: pg
        security_group: pg
        tags: { cluster: patroni }
        termination_protection: true
`);
    const check = await runAws('pgplay', suite.moto, awsPlay(NETWORK + grow), { args: ['--check', '--diff'] });
    const last = check.tasks[check.tasks.length - 1]!;
    assert.equal(last.status, 'changed', explain(check));
    assert.deepEqual(await instancesSnapshot(suite.ec2(), 'pg'), before, 'check mode launched');
    const real = await runAws('pgplay', suite.moto, awsPlay(NETWORK + grow));
    assert.equal(real.exitCode, 0, explain(real));
    const after = await instancesSnapshot(suite.ec2(), 'pg');
    const diff = last.result['diff'] as { before: unknown; after: unknown };
    assertMatchesSnapshot(diff.before, before, 'diff.before');
    assertMatchesSnapshot(diff.after, after, 'diff.after (the new instance with an Unknown ID)');
    assert.equal(((diff.after as { instances: { instance_id: unknown }[] }).instances[2]!.instance_id), UNKNOWN);
    // Shrinking under --check: the oldest would go.
    const shrink = await runAws('pgplay', suite.moto, awsPlay(NETWORK + inst('pg', '        exact_count: 1\n        name: pg\n')), { args: ['--check', '--diff'] });
    const s = shrink.tasks[shrink.tasks.length - 1]!;
    assert.equal((s.result['terminated_ids'] as string[]).length, 2, explain(shrink));
    assert.deepEqual((s.result['diff'] as { after: { instances: unknown[] } }).after.instances, [(after['instances'] as unknown[])[2]]);
  });
});
