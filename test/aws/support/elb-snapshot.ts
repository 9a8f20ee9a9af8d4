/**
 * Target groups and load balancers read back through the SDK, independently of pgplay's code, in
 * the shape of elb_target_group's and elb_network_lb's diffs.
 */
import {
  DescribeListenersCommand, DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Moto } from '../../harness/moto/moto.js';

export function elbClient(moto: Moto): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ region: 'eu-central-1', endpoint: moto.url, credentials: { accessKeyId: moto.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: moto.env['AWS_SECRET_ACCESS_KEY']! } });
}

const attrs = (list: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Key!.replace(/\./g, '_'), a.Value ?? '']));
const tagsOf = async (elb: ElasticLoadBalancingV2Client, arn: string) =>
  Object.fromEntries(((await elb.send(new DescribeTagsCommand({ ResourceArns: [arn] }))).TagDescriptions?.[0]?.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));

/** The answer, or undefined for a "not found" error. */
async function found<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (/NotFound/.test((e as { name?: string }).name ?? '')) return undefined;
    throw e;
  }
}

export async function targetGroupSnapshot(elb: ElasticLoadBalancingV2Client, name: string): Promise<Record<string, unknown>> {
  const tg = (await found(elb.send(new DescribeTargetGroupsCommand({ Names: [name] }))))?.TargetGroups?.[0];
  if (!tg) return {};
  const arn = tg.TargetGroupArn!;
  const a = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }));
  const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
  return {
    target_group_name: tg.TargetGroupName, target_group_arn: arn, target_type: tg.TargetType,
    protocol: tg.Protocol ?? null, port: tg.Port ?? null, vpc_id: tg.VpcId ?? null,
    health_check_protocol: tg.HealthCheckProtocol ?? null, health_check_port: tg.HealthCheckPort ?? null, health_check_path: tg.HealthCheckPath ?? null,
    health_check_interval_seconds: tg.HealthCheckIntervalSeconds ?? null, health_check_timeout_seconds: tg.HealthCheckTimeoutSeconds ?? null,
    healthy_threshold_count: tg.HealthyThresholdCount ?? null, unhealthy_threshold_count: tg.UnhealthyThresholdCount ?? null,
    matcher: tg.Matcher ? Object.fromEntries(Object.entries(tg.Matcher).filter(([, v]) => v !== undefined)) : null,
    attributes: attrs(a.Attributes),
    targets: (health.TargetHealthDescriptions ?? []).map((d) => ({ id: d.Target?.Id, port: d.Target?.Port ?? tg.Port })).sort((x, y) => `${x.id}:${x.port}`.localeCompare(`${y.id}:${y.port}`)),
    tags: await tagsOf(elb, arn),
  };
}

export async function loadBalancerSnapshot(elb: ElasticLoadBalancingV2Client, name: string): Promise<Record<string, unknown>> {
  const lb = (await found(elb.send(new DescribeLoadBalancersCommand({ Names: [name] }))))?.LoadBalancers?.[0];
  if (!lb) return {};
  const arn = lb.LoadBalancerArn!;
  const a = attrs((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes);
  const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).Listeners ?? [];
  return {
    load_balancer_name: lb.LoadBalancerName, load_balancer_arn: arn, type: lb.Type, scheme: lb.Scheme, ip_address_type: lb.IpAddressType, vpc_id: lb.VpcId,
    subnets: (lb.AvailabilityZones ?? []).map((z) => z.SubnetId!).sort(),
    cross_zone_load_balancing: a['load_balancing_cross_zone_enabled'], deletion_protection: a['deletion_protection_enabled'],
    listeners: listeners
      .map((l) => ({ port: l.Port, protocol: l.Protocol, default_actions: (l.DefaultActions ?? []).map((d) => ({ type: d.Type, target_group_arn: d.TargetGroupArn ?? null })) }))
      .sort((x, y) => (x.port ?? 0) - (y.port ?? 0)),
    tags: await tagsOf(elb, arn),
  };
}
