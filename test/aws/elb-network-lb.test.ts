// community.aws.elb_network_lb against moto: differential with the collection (the blog's NLB:
// two subnets, a TCP listener forwarding to the Patroni target group; listener changes by ARN and
// by TargetGroupName, purge_listeners, attributes, tags, its errors, delete with wait) and the
// lifecycle proof (check mode and diff, which the collection does not have) with SDK snapshots.
import assert from 'node:assert/strict';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveCreateDiff, proveLifecycle } from './support/lifecycle.js';
import { elbClient, loadBalancerSnapshot } from './support/elb-snapshot.js';
import { explain, runAws } from './support/sides.js';
import { UNKNOWN } from './support/unknown.js';

const tg = (name: string, port: number) => `    - name: tg ${name}
      community.aws.elb_target_group:
        { name: ${name}, protocol: TCP, port: ${port}, vpc_id: "{{ vpc.vpc.id }}", target_type: ip, state: present,
          health_check_protocol: HTTP, health_check_port: "8008", health_check_path: /${name === 'pg-primary' ? 'primary' : 'replica'}, successful_response_codes: "200" }
      register: tg_${name.replace('-', '_')}
`;

const NET = `    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.40.0.0/16 }
      register: vpc
    - name: subnet a
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.40.1.0/24, az: eu-central-1a }
      register: sa
    - name: subnet b
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.40.2.0/24, az: eu-central-1b }
      register: sb
${tg('pg-primary', 5432)}${tg('pg-replica', 5433)}`;

const nlb = (name: string, body: string) => `    - name: "${name}"
      community.aws.elb_network_lb:
        name: pg-nlb
        subnets: ["{{ sa.subnet.id }}", "{{ sb.subnet.id }}"]
${body}`;

const forward = (port: number, action: string) => `          - Protocol: TCP
            Port: ${port}
            DefaultActions: [ { Type: forward, ${action} } ]
`;

describe('aws: elb_network_lb', function () {
  this.timeout(600_000);
  const suite = useMoto();
  let elb: ElasticLoadBalancingV2Client;
  before(() => { elb = elbClient(suite.moto); });
  after(() => elb.destroy());

  it('differential: create, re-run by TargetGroupName, listener modify/add, purge, attributes, tags, errors, delete with wait', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${NET}${nlb('create', `        listeners:
${forward(5432, 'TargetGroupArn: "{{ tg_pg_primary.target_group_arn }}"')}        tags: { env: demo }
        cross_zone_load_balancing: true
`)}${nlb('again, the group by name', `        listeners:
${forward(5432, 'TargetGroupName: pg-primary')}        tags: { env: demo }
        cross_zone_load_balancing: true
`)}${nlb('listener to the replica group, a second listener, attributes, tags', `        listeners:
${forward(5432, 'TargetGroupName: pg-replica')}${forward(5433, 'TargetGroupArn: "{{ tg_pg_primary.target_group_arn }}"')}        tags: { env: prod, role: db }
        cross_zone_load_balancing: false
        deletion_protection: false
        ip_address_type: ipv4
`)}${nlb('same again', `        listeners:
${forward(5432, 'TargetGroupName: pg-replica')}${forward(5433, 'TargetGroupArn: "{{ tg_pg_primary.target_group_arn }}"')}        tags: { env: prod, role: db }
`)}${nlb('one listener, no purge, tags kept', `        listeners:
${forward(5433, 'TargetGroupArn: "{{ tg_pg_primary.target_group_arn }}"')}        purge_listeners: false
        tags: { extra: "1" }
        purge_tags: false
`)}${nlb('no listeners purges them all', `        tags: {}
`)}${nlb('other subnets cannot be set', '')}        subnets: ["{{ sa.subnet.id }}"]
      ignore_errors: true
${nlb('bad protocol', `        listeners:
          - { Protocol: HTTP, Port: 80, DefaultActions: [ { Type: forward, TargetGroupName: pg-primary } ] }
`)}      ignore_errors: true
${nlb('unknown target group name', `        listeners:
${forward(5432, 'TargetGroupName: nosuch')}`)}      ignore_errors: true
    - name: delete
      community.aws.elb_network_lb: { name: pg-nlb, state: absent, wait: true }
    - name: delete again
      elb_network_lb: { name: pg-nlb, state: absent }
`));
    assert.deepEqual(pgplay.tasks.slice(5).map((t) => t.status), ['changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'failed', 'failed', 'failed', 'changed', 'ok'], explain(pgplay));
  });

  // (moto does not enforce deletion protection: a protected balancer is deleted all the same, so
  // the refusal AWS gives is not part of this case.)
  it('differential: internal scheme with subnet_mappings, deletion protection on and off, delete', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${NET}
    - name: internal, mapped, protected
      community.aws.elb_network_lb:
        name: pg-int
        scheme: internal
        subnet_mappings: [ { SubnetId: "{{ sa.subnet.id }}" }, { SubnetId: "{{ sb.subnet.id }}" } ]
        deletion_protection: true
        listeners: [ { Protocol: TCP, Port: 5432, DefaultActions: [ { Type: forward, TargetGroupName: pg-primary } ] } ]
        wait: true
    - name: again
      community.aws.elb_network_lb:
        name: pg-int
        scheme: internal
        subnet_mappings: [ { SubnetId: "{{ sb.subnet.id }}" }, { SubnetId: "{{ sa.subnet.id }}" } ]
        deletion_protection: true
        listeners: [ { Protocol: TCP, Port: 5432, DefaultActions: [ { Type: forward, TargetGroupName: pg-primary } ] } ]
    - name: protection off
      community.aws.elb_network_lb:
        name: pg-int
        subnets: ["{{ sa.subnet.id }}", "{{ sb.subnet.id }}"]
        deletion_protection: false
        listeners: [ { Protocol: TCP, Port: 5432, DefaultActions: [ { Type: forward, TargetGroupName: pg-primary } ] } ]
    - name: delete
      community.aws.elb_network_lb: { name: pg-int, state: absent }
`));
    assert.deepEqual(pgplay.tasks.slice(5).map((t) => t.status), ['changed', 'ok', 'changed', 'changed'], explain(pgplay));
  });

  it('lifecycle against emulator snapshots (listener retargeted and added, cross-zone, tags)', async () => {
    await proveLifecycle(suite, {
      setup: NET,
      create: nlb('nlb', `        listeners:
${forward(5432, 'TargetGroupArn: "{{ tg_pg_primary.target_group_arn }}"')}        tags: { env: demo }
`),
      modify: nlb('nlb', `        listeners:
${forward(5432, 'TargetGroupName: pg-replica')}${forward(6432, 'TargetGroupName: pg-primary')}        cross_zone_load_balancing: true
        tags: { env: prod }
`),
      absent: `    - community.aws.elb_network_lb: { name: pg-nlb, state: absent, wait: true }\n`,
      idOf: () => 'pg-nlb',
      snapshot: (name) => loadBalancerSnapshot(elb, name),
      expectCreated: (s) => {
        assert.deepEqual([s['type'], s['scheme'], (s['subnets'] as unknown[]).length, s['cross_zone_load_balancing'], s['tags']], ['network', 'internet-facing', 2, 'false', { env: 'demo' }]);
        assert.deepEqual((s['listeners'] as { port: number }[]).map((l) => l.port), [5432]);
      },
      expectModified: (s) => {
        assert.deepEqual([s['cross_zone_load_balancing'], s['tags']], ['true', { env: 'prod' }]);
        const l = s['listeners'] as { port: number; default_actions: { target_group_arn: string }[] }[];
        assert.deepEqual(l.map((x) => [x.port, x.default_actions[0]!.target_group_arn.split('/')[1]]), [[5432, 'pg-replica'], [6432, 'pg-primary']]);
      },
    });
  });

  it('check mode creating a balancer: the diff equals the emulator after the real run (ARN, VPC Unknown)', async () => {
    await proveCreateDiff(suite, {
      setup: NET,
      create: nlb('nlb', `        listeners:
${forward(5432, 'TargetGroupName: pg-primary')}${forward(5433, 'TargetGroupArn: "{{ tg_pg_replica.target_group_arn }}"')}        cross_zone_load_balancing: true
        tags: { env: demo }
`),
      snapshot: () => loadBalancerSnapshot(elb, 'pg-nlb'),
    });
  });

  it('check mode on a fresh account: target group and NLB predicted, ARNs Unknown, nothing created', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`${NET}${nlb('nlb', `        listeners:
${forward(5432, 'TargetGroupArn: "{{ tg_pg_primary.target_group_arn }}"')}${forward(5433, 'TargetGroupName: pg-replica')}        tags: { env: demo }
`)}`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed', 'changed', 'changed', 'changed', 'changed', 'changed'], explain(r));
    const diff = r.tasks[5]!.result['diff'] as { before: unknown; after: Record<string, unknown> };
    assert.deepEqual(diff.before, {});
    assert.deepEqual([diff.after['load_balancer_arn'], diff.after['subnets'], diff.after['listeners'], diff.after['tags']], [UNKNOWN, [UNKNOWN, UNKNOWN], [
      { port: 5432, protocol: 'TCP', default_actions: [{ type: 'forward', target_group_arn: UNKNOWN }] },
      { port: 5433, protocol: 'TCP', default_actions: [{ type: 'forward', target_group_arn: UNKNOWN }] },
    ], { env: 'demo' }], explain(r));
    assert.deepEqual(await loadBalancerSnapshot(elb, 'pg-nlb'), {});
  });
});
