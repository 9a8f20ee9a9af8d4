// community.aws.elb_target_group_info and elb_target_info against moto, differential with the
// collection: target groups by every selector with attributes, tags and target health; the
// target groups an EC2 instance is in, by instance ID and by private IP.
import assert from 'node:assert/strict';
import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { assertSameRuns } from './support/compare.js';
import { explain, runAws, type PlaybookRun } from './support/sides.js';

describe('aws: elb_target_group_info, elb_target_info', function () {
  this.timeout(600_000);
  const suite = useMoto();

  it('differential: elb_target_group_info (all, names with health, ARNs, load balancer, none found)', async () => {
    const { pgplay } = await differential(suite, awsPlay(`
    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.40.0.0/16 }
      register: vpc
    - name: subnet
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.40.1.0/24, az: eu-central-1a }
      register: sa
    - name: primary group
      community.aws.elb_target_group:
        { name: pg-primary, protocol: TCP, port: 5432, vpc_id: "{{ vpc.vpc.id }}", target_type: ip, state: present, tags: { env: demo },
          health_check_protocol: HTTP, health_check_port: "8008", health_check_path: /primary, successful_response_codes: "200",
          targets: [ { Id: 10.40.1.10, Port: 5432 }, { Id: 10.40.1.11, Port: 5432 } ] }
      register: tg
    - name: second group
      community.aws.elb_target_group: { name: pg-replica, protocol: TCP, port: 5433, vpc_id: "{{ vpc.vpc.id }}", state: present }
    - name: nlb
      community.aws.elb_network_lb:
        name: pg-nlb
        subnets: ["{{ sa.subnet.id }}"]
        listeners: [ { Protocol: TCP, Port: 5432, DefaultActions: [ { Type: forward, TargetGroupName: pg-primary } ] } ]
      register: lb
    - name: all
      community.aws.elb_target_group_info: {}
    - name: by name with health
      elb_target_group_info: { names: [pg-primary], collect_targets_health: true }
    - name: by ARN
      elb_target_group_info: { target_group_arns: ["{{ tg.target_group_arn }}"] }
    - name: by load balancer
      elb_target_group_info: { load_balancer_arn: "{{ lb.load_balancer_arn }}" }
    - name: none found
      elb_target_group_info: { names: [nosuch] }
`));
    assert.deepEqual(pgplay.tasks.slice(5).map((t) => (t.result['target_groups'] as { target_group_name: string }[]).map((g) => g.target_group_name)),
      [['pg-primary', 'pg-replica'], ['pg-primary'], ['pg-primary'], ['pg-primary'], []], explain(pgplay));
    const health = (pgplay.tasks[6]!.result['target_groups'] as Record<string, unknown>[])[0]!['targets_health_description'] as unknown[];
    assert.equal(health.length, 2, explain(pgplay));
  });

  it('differential: elb_target_info finds an instance by ID and by private IP, unused groups on request', async () => {
    const ec2 = suite.ec2();
    const runs: PlaybookRun[] = [];
    for (const side of ['ansible', 'pgplay'] as const) {
      await suite.moto.reset();
      // The instance is made through the SDK (ec2_instance is not what is under test here).
      const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images![0]!.ImageId!;
      const inst = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }))).Instances![0]!;
      runs.push(await runAws(side, suite.moto, awsPlay(`
    - name: instance group
      community.aws.elb_target_group: { name: by-id, protocol: TCP, port: 5432, vpc_id: "${inst.VpcId}", state: present, targets: [ { Id: "${inst.InstanceId}", Port: 5432 } ] }
    - name: ip group
      community.aws.elb_target_group: { name: by-ip, protocol: TCP, port: 8008, vpc_id: "${inst.VpcId}", target_type: ip, state: present, targets: [ { Id: "${inst.PrivateIpAddress}", Port: 8008 } ] }
    - name: other group
      community.aws.elb_target_group: { name: other, protocol: TCP, port: 80, vpc_id: "${inst.VpcId}", target_type: ip, state: present, targets: [ { Id: 10.99.0.1, Port: 80 } ] }
    - name: the instance's groups
      community.aws.elb_target_info: { instance_id: "${inst.InstanceId}" }
    - name: only groups in use
      elb_target_info: { instance_id: "${inst.InstanceId}", get_unused_target_groups: false }
    - name: no such instance
      elb_target_info: { instance_id: i-0123456789abcdef0 }
      ignore_errors: true
`)));
    }
    const [ansible, pgplay] = runs as [PlaybookRun, PlaybookRun];
    assertSameRuns(ansible, pgplay, explain);
    assert.deepEqual(pgplay.tasks.map((t) => t.status), ['changed', 'changed', 'changed', 'ok', 'ok', 'failed'], explain(pgplay));
    const found = (pgplay.tasks[3]!.result['instance_target_groups'] as { target_group_type: string }[]).map((g) => g.target_group_type).sort();
    assert.deepEqual(found, ['instance', 'ip'], explain(pgplay));
    assert.deepEqual(pgplay.tasks[4]!.result['instance_target_groups'], [], 'no load balancer uses these groups');
  });
});
