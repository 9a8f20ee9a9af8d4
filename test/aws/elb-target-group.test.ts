// community.aws.elb_target_group against moto: differential with the collection (the blog's
// Patroni shape: TCP 5432 health-checked over HTTP on 8008 /primary; health-check changes,
// attributes, targets with modify_targets, tags, the collection's errors) and the lifecycle proof
// (check mode and diff, which the collection does not have) with SDK snapshots.
import assert from 'node:assert/strict';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveCreateDiff, proveLifecycle } from './support/lifecycle.js';
import { elbClient, targetGroupSnapshot } from './support/elb-snapshot.js';
import { explain, runAws } from './support/sides.js';
import { UNKNOWN } from './support/unknown.js';

const VPC = `    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.40.0.0/16 }
      register: vpc
`;

/** The blog's target group: Postgres on 5432, healthy only on the Patroni primary (8008 /primary).
 * `set` overrides or adds options (YAML flow values), `null` drops one. */
const patroni = (name: string, set: Record<string, string | null> = {}, after = '') => {
  const opts: Record<string, string | null> = {
    name: 'pg-primary', protocol: 'TCP', port: '5432', vpc_id: '"{{ vpc.vpc.id }}"', health_check_protocol: 'HTTP', health_check_port: '"8008"',
    health_check_path: '/primary', successful_response_codes: '"200"', target_type: 'ip', targets: '[ { Id: 10.40.1.10, Port: 5432 }, { Id: 10.40.1.11 } ]', state: 'present', ...set,
  };
  const body = Object.entries(opts).filter(([, v]) => v !== null).map(([k, v]) => `        ${k}: ${v}`).join('\n');
  return `
    - name: "${name}"
      community.aws.elb_target_group:
${body}
${after}`;
};

describe('aws: elb_target_group', function () {
  this.timeout(600_000);
  const suite = useMoto();
  let elb: ElasticLoadBalancingV2Client;
  before(() => { elb = elbClient(suite.moto); });
  after(() => elb.destroy());

  it('differential: the Patroni health check, re-run, health/attribute/target/tag changes, modify_targets, errors, delete', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${VPC}${patroni('create', { tags: '{ env: demo, tier: db }' })}${patroni('again', { tags: '{ env: demo, tier: db }' })}${patroni('health check, attributes, tags', {
  health_check_interval: '10', health_check_timeout: '5', healthy_threshold_count: '3', unhealthy_threshold_count: '3', deregistration_delay_timeout: '30',
  preserve_client_ip_enabled: 'false', proxy_protocol_v2_enabled: 'true', tags: '{ env: prod }', purge_tags: 'true',
})}${patroni('response codes as a set, same as before', { successful_response_codes: '"200,200"', health_check_interval: '10' })}${patroni('targets, one replaced (compared by ID)', { targets: '[ { Id: 10.40.1.10, Port: 5432 }, { Id: 10.40.1.12, Port: 5432 } ]' })}${patroni('modify_targets false keeps targets', { modify_targets: 'false', targets: '[ { Id: 10.40.1.13 } ]' })}
    - name: no targets deregisters every target
      community.aws.elb_target_group: { name: pg-primary, protocol: tcp, port: 5432, vpc_id: "{{ vpc.vpc.id }}", target_type: ip, state: present, tags: { a: "1" }, purge_tags: false }
    - name: path without an HTTP check is ignored
      community.aws.elb_target_group: { name: pg-primary, protocol: TCP, port: 5432, vpc_id: "{{ vpc.vpc.id }}", target_type: ip, state: present, health_check_port: "9000" }
    - name: instance group with stickiness and defaults
      elb_target_group: { name: web, protocol: HTTP, port: 80, vpc_id: "{{ vpc.vpc.id }}", state: present, stickiness_enabled: true, stickiness_type: lb_cookie, load_balancing_algorithm_type: least_outstanding_requests, health_check_protocol: http, successful_response_codes: "200-299" }
    - name: matcher changed on the HTTP group
      elb_target_group: { name: web, protocol: HTTP, port: 80, vpc_id: "{{ vpc.vpc.id }}", state: present, health_check_protocol: HTTP, successful_response_codes: "200,302", health_check_path: /health }
    - name: port cannot change
      elb_target_group: { name: web, protocol: HTTP, port: 8080, vpc_id: "{{ vpc.vpc.id }}", state: present }
      ignore_errors: true
    - name: path needs a protocol
      elb_target_group: { name: web, protocol: HTTP, port: 80, vpc_id: "{{ vpc.vpc.id }}", state: present, health_check_path: /x }
      ignore_errors: true
    - name: connection termination with HTTP
      elb_target_group: { name: web, protocol: HTTP, port: 80, vpc_id: "{{ vpc.vpc.id }}", state: present, deregistration_connection_termination: true }
      ignore_errors: true
    - name: delete
      elb_target_group: { name: web, state: absent }
    - name: delete again
      elb_target_group: { name: web, state: absent }
    - name: wait for registered targets to be healthy
      elb_target_group: { name: waited, protocol: TCP, port: 5432, vpc_id: "{{ vpc.vpc.id }}", target_type: ip, state: present, targets: [ { Id: 10.40.1.20, Port: 5432 } ], wait: true, wait_timeout: 30 }
    - name: wait for a replaced target
      elb_target_group: { name: waited, protocol: TCP, port: 5432, vpc_id: "{{ vpc.vpc.id }}", target_type: ip, state: present, targets: [ { Id: 10.40.1.21, Port: 5432 } ], wait: true, wait_timeout: 30 }
    - name: lambda group (no protocol, port or VPC)
      elb_target_group: { name: fn, target_type: lambda, state: present, tags: { kind: lambda } }
    - name: lambda group again
      elb_target_group: { name: fn, target_type: lambda, state: present, tags: { kind: lambda } }
`));
    assert.deepEqual(pgplay.tasks.slice(1).map((t) => t.status),
      ['changed', 'ok', 'changed', 'ok', 'changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'failed', 'failed', 'failed', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok'], explain(pgplay));
  });

  it('lifecycle against emulator snapshots (Patroni health check → modified)', async () => {
    await proveLifecycle(suite, {
      setup: VPC,
      create: patroni('tg', { tags: '{ env: demo }' }),
      // (moto keeps a TCP group's matcher whatever ModifyTargetGroup says: it only stores the
      // codes of HTTP groups, so the matcher is not part of this change; the differential covers it.)
      modify: patroni('tg', {
        health_check_path: '/replica', health_check_interval: '10', deregistration_delay_timeout: '15',
        tags: '{ env: prod, role: replica }', targets: '[ { Id: 10.40.1.11 }, { Id: 10.40.1.12, Port: 5433 } ]',
      }),
      absent: `    - community.aws.elb_target_group: { name: pg-primary, state: absent }\n`,
      idOf: () => 'pg-primary',
      snapshot: (name) => targetGroupSnapshot(elb, name),
      expectCreated: (s) => assert.deepEqual([s['protocol'], s['port'], s['health_check_protocol'], s['health_check_port'], s['health_check_path'], s['matcher'], s['targets'], s['tags']],
        ['TCP', 5432, 'HTTP', '8008', '/primary', { HttpCode: '200' }, [{ id: '10.40.1.10', port: 5432 }, { id: '10.40.1.11', port: 5432 }], { env: 'demo' }]),
      expectModified: (s) => assert.deepEqual([s['health_check_path'], s['health_check_interval_seconds'], s['matcher'], s['targets'], s['tags'], (s['attributes'] as Record<string, string>)['deregistration_delay_timeout_seconds']],
        ['/replica', 10, { HttpCode: '200' }, [{ id: '10.40.1.11', port: 5432 }, { id: '10.40.1.12', port: 5433 }], { env: 'prod', role: 'replica' }, '15']),
    });
  });

  it('check mode creating a group: the diff equals the emulator after the real run (AWS defaults Unknown)', async () => {
    await proveCreateDiff(suite, { setup: VPC, create: patroni('tg', { tags: '{ env: demo }' }), snapshot: () => targetGroupSnapshot(elb, 'pg-primary') });
  });

  it('check mode on a fresh account: the whole group predicted, its ARN Unknown, nothing created', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`${VPC}${patroni('tg', { tags: '{ env: demo }' }, '      register: tg\n    - debug: { msg: "{{ tg.target_group_arn }}" }\n')}`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed', 'changed', 'ok'], explain(r));
    const res = r.tasks[1]!.result;
    const diff = res['diff'] as { before: unknown; after: Record<string, unknown> };
    assert.deepEqual(diff.before, {});
    assert.deepEqual([diff.after['target_group_arn'], diff.after['vpc_id'], diff.after['health_check_port'], diff.after['health_check_path'], diff.after['targets'], diff.after['tags']],
      [UNKNOWN, UNKNOWN, '8008', '/primary', [{ id: '10.40.1.10', port: 5432 }, { id: '10.40.1.11', port: 5432 }], { env: 'demo' }], explain(r));
    assert.equal(r.tasks[2]!.result['msg'], UNKNOWN, explain(r));
    assert.deepEqual(await targetGroupSnapshot(elb, 'pg-primary'), {});
  });
});
