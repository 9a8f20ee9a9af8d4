// --check on a fresh account: every task of a dependent chain (VPC → subnet, gateway, security
// group, route table, instances) reports what it would create, with IDs known only after apply, and the
// emulator stays empty. (The collections fail here: the later tasks get no VPC ID.)
import assert from 'node:assert/strict';
import { DescribeInternetGatewaysCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { useMoto } from './support/suite.js';
import { explain, runAws } from './support/sides.js';
import { UNKNOWN } from './support/unknown.js';

describe('aws: check mode across dependent tasks', function () {
  this.timeout(300_000);
  const suite = useMoto();

  it('predicts the whole chain and creates nothing', async () => {
    await suite.moto.reset();
    const ec2 = suite.ec2();
    const vpcsBefore = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length;
    const r = await runAws('pgplay', suite.moto, `
- hosts: localhost
  gather_facts: false
  module_defaults: { group/aws: { region: eu-central-1 } }
  tasks:
    - amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.60.0.0/16 }
      register: vpc
    - amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.60.1.0/24 }
      register: sn
    - amazon.aws.ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}" }
    - amazon.aws.ec2_security_group: { name: x, description: y, vpc_id: "{{ vpc.vpc.id }}", rules: [{ ports: [22], cidr_ip: 10.0.0.0/8 }] }
    - amazon.aws.ec2_vpc_route_table: { vpc_id: "{{ vpc.vpc.id }}", tags: { Name: x }, subnets: ["{{ sn.subnet.id }}"], routes: [{ dest: 0.0.0.0/0, gateway_id: igw }] }
    - amazon.aws.ec2_instance: { vpc_subnet_id: "{{ sn.subnet.id }}", image_id: ami-1e749f67, instance_type: t3.micro, exact_count: 3, name: x }
    - amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.60.1.0/24, state: absent }
`, { args: ['--check', '--diff'] });
    assert.equal(r.exitCode, 0, explain(r));
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed', 'changed', 'changed', 'changed', 'changed', 'changed', 'ok']);
    assert.equal(r.tasks[5]!.result['instance_ids'], UNKNOWN);
    assert.equal((r.tasks[1]!.result['subnet'] as Record<string, unknown>)['id'], UNKNOWN);
    assert.equal(r.tasks[2]!.result['gateway_id'], UNKNOWN);
    assert.equal((r.tasks[1]!.result['diff'] as { after: Record<string, unknown> }).after['subnet'] !== undefined, true);
    assert.equal((await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.length, vpcsBefore);
    assert.deepEqual((await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'cidr-block', Values: ['10.60.1.0/24'] }] }))).Subnets, []);
    assert.deepEqual((await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways, []);
    assert.deepEqual((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['x'] }] }))).SecurityGroups, []);
  });
});
