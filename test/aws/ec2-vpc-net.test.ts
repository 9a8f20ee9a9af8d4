// amazon.aws.ec2_vpc_net against moto: differential with the collection, and the lifecycle with
// emulator snapshots (create → read back → idempotent → modify under --check --diff → delete).
import assert from 'node:assert/strict';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { explain, runAws } from './support/sides.js';
import { assertMatchesSnapshot, vpcSnapshot } from './support/snapshots.js';

const play = (tasks: string): string => awsPlay(tasks);

const vpcTask = (extra = '', name = 'vpc') => `
    - name: ${name}
      amazon.aws.ec2_vpc_net:
        name: pgplay-net
        cidr_block: 10.10.0.0/16
        tags: { env: test, cluster: demo }
${extra}      register: vpc_out
`;

describe('aws: ec2_vpc_net', function () {
  this.timeout(300_000);
  const suite = useMoto();

  it('differential: create, re-run, retag, secondary CIDR, DNS, delete, delete again', async () => {
    const pb = play(`${vpcTask('', 'create')}${vpcTask('', 'again')}
    - name: retag (purge)
      ec2_vpc_net:
        name: pgplay-net
        cidr_block: [10.10.0.0/16, 10.11.0.0/16]
        tags: { env: prod }
        dns_hostnames: false
    - name: keep tags when tags are not given
      ec2_vpc_net:
        name: pgplay-net
        cidr_block: [10.10.0.0/16]
    - name: by id, no purge
      ec2_vpc_net:
        vpc_id: "{{ vpc_out.vpc.id }}"
        tags: { extra: "1" }
        purge_tags: false
    - name: delete
      ec2_vpc_net: { vpc_id: "{{ vpc_out.vpc.id }}", state: absent }
    - name: delete again (by name)
      ec2_vpc_net: { name: pgplay-net, cidr_block: 10.10.0.0/16, state: absent }
`);
    const { pgplay } = await differential(suite, pb);
    assert.deepEqual(pgplay.tasks.map((t) => t.status), ['changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'ok']);
  });

  it('lifecycle: state read back, changed=0, --check --diff equals the emulator change, absent', async () => {
    await suite.moto.reset();
    const ec2 = suite.ec2();
    const created = await runAws('pgplay', suite.moto, play(vpcTask()));
    assert.equal(created.tasks[0]?.status, 'changed', explain(created));
    const vpcId = String((created.tasks[0]!.result['vpc'] as Record<string, unknown>)['id']);
    const s0 = await vpcSnapshot(ec2, vpcId);
    assert.deepEqual(s0, { id: vpcId, cidr_blocks: ['10.10.0.0/16'], instance_tenancy: 'default', dhcp_options_id: s0['dhcp_options_id'], dns_support: true, dns_hostnames: true, tags: { Name: 'pgplay-net', env: 'test', cluster: 'demo' } });
    const again = await runAws('pgplay', suite.moto, play(vpcTask()));
    assert.equal(again.tasks[0]?.status, 'ok', explain(again));

    const modify = play(vpcTask('        dns_hostnames: false\n').replace('{ env: test, cluster: demo }', '{ env: prod }'));
    const check = await runAws('pgplay', suite.moto, modify, { args: ['--check', '--diff'] });
    assert.equal(check.tasks[0]?.status, 'changed', explain(check));
    assert.deepEqual(await vpcSnapshot(ec2, vpcId), s0, 'check mode changed the emulator');
    const real = await runAws('pgplay', suite.moto, modify);
    assert.equal(real.tasks[0]?.status, 'changed', explain(real));
    const s1 = await vpcSnapshot(ec2, vpcId);
    assert.deepEqual(s1['tags'], { Name: 'pgplay-net', env: 'prod' });
    const diff = check.tasks[0]!.result['diff'] as { before: unknown; after: unknown };
    assertMatchesSnapshot(diff.before, s0, 'diff.before is the state before');
    assertMatchesSnapshot(diff.after, s1, 'diff.after is the state after the real run');

    const absent = play(`
    - ec2_vpc_net: { name: pgplay-net, cidr_block: 10.10.0.0/16, state: absent }
`);
    const checkDel = await runAws('pgplay', suite.moto, absent, { args: ['--check', '--diff'] });
    assert.equal(checkDel.tasks[0]?.status, 'changed', explain(checkDel));
    const del = await runAws('pgplay', suite.moto, absent);
    assert.equal(del.tasks[0]?.status, 'changed', explain(del));
    assertMatchesSnapshot((checkDel.tasks[0]!.result['diff'] as { before: unknown }).before, s1, 'delete diff.before');
    assert.deepEqual((checkDel.tasks[0]!.result['diff'] as { after: unknown }).after, {});
    assert.deepEqual((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['pgplay-net'] }] }))).Vpcs, []);
    const again2 = await runAws('pgplay', suite.moto, absent);
    assert.equal(again2.tasks[0]?.status, 'ok', explain(again2));
  });

  it('check mode on create: changed, nothing created, IDs unknown', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, play(vpcTask()), { args: ['--check', '--diff'] });
    assert.equal(r.tasks[0]?.status, 'changed', explain(r));
    assert.equal((r.tasks[0]!.result['vpc'] as Record<string, unknown>)['id'], '(known after apply)');
    assert.deepEqual((await suite.ec2().send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['pgplay-net'] }] }))).Vpcs, []);
  });

  it('differential: failures (dns_hostnames without dns_support, create without name)', async () => {
    const pb = play(`
    - ec2_vpc_net: { name: x, cidr_block: 10.1.0.0/16, dns_hostnames: true }
      ignore_errors: true
    - ec2_vpc_net: { cidr_block: 10.1.0.0/16, vpc_id: vpc-0123456789abcdef0 }
      ignore_errors: true
`);
    await differential(suite, pb);
  });
  it('differential: ec2_vpc_net_info by name and CIDR, by id, nothing matching, an unknown id', async () => {
    const pb = play(`${vpcTask('        dns_hostnames: false\n')}
    - ec2_vpc_net: { name: other-net, cidr_block: 10.20.0.0/16 }
    - name: by name and CIDR (how the teardown finds the VPC)
      amazon.aws.ec2_vpc_net_info:
        filters: { "tag:Name": pgplay-net, cidr-block: 10.10.0.0/16 }
      register: by_name
    - name: by id
      ec2_vpc_net_info: { vpc_ids: ["{{ vpc_out.vpc.id }}"] }
    - name: nothing matching
      ec2_vpc_net_info: { filters: { "tag:Name": nosuch } }
    - name: an unknown id
      ec2_vpc_net_info: { vpc_ids: [vpc-0123456789abcdef0] }
      ignore_errors: true
`);
    const { pgplay } = await differential(suite, pb);
    const found = pgplay.tasks.find((t) => t.task.startsWith('by name'))!.result['vpcs'] as { id: string; enable_dns_hostnames: boolean; tags: Record<string, string> }[];
    assert.equal(found.length, 1);
    assert.equal(found[0]!.enable_dns_hostnames, false);
    assert.deepEqual(found[0]!.tags, { Name: 'pgplay-net', env: 'test', cluster: 'demo' });
  });
});
