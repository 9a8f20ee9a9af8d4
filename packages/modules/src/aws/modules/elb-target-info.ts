/**
 * community.aws.elb_target_info (collection 7.2): the target groups an EC2 instance is a target
 * of, by its ID or any of its private IPs (IP target groups), with each matching target's health.
 */
import { ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import type { Reservation } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { allTargetGroups, targetHealth } from '../elbv2.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';

const NAME = 'community.aws.elb_target_info';

interface InfoArgs extends AwsConnectionArgs {
  instance_id: string;
  get_unused_target_groups: boolean;
}

export default defineAwsModule<InfoArgs, never>({
  name: NAME,
  aliases: ['elb_target_info'],
  doc: { short: 'Get the target groups (and target health) an EC2 instance belongs to' },
  options: {
    instance_id: { type: 'string', description: 'The instance to look for.' },
    get_unused_target_groups: { type: 'boolean', default: true, description: 'Include target groups no load balancer uses.' },
  },
  relations: { required: ['instance_id'] },
  returns: { instance_target_groups: { description: 'A list of {target_group_arn, target_group_type, targets: [{target_id, target_port, target_az, target_health}]}.', returned: 'always', type: 'complex' } },
  capabilities: { check: 'full', diff: 'none' },

  async plan(args, ctx) {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const elb = await awsClient('elbv2', args, ctx, NAME);
    const { DescribeInstancesCommand } = await ec2Sdk();
    const r = await awsSend<{ Reservations?: Reservation[] }>(ec2, new DescribeInstancesCommand({ InstanceIds: [args.instance_id] }), {
      what: `Could not get instance info for instance '${args.instance_id}'`, signal: ctx.signal,
    });
    const instance = r.Reservations?.[0]?.Instances?.[0];
    if (!instance) throw new ModuleFailure(`Instance ID ${args.instance_id} could not be found`);
    // Every private address of the instance: IP target groups name targets by address.
    const ips = new Set<string>([instance.PrivateIpAddress ?? '']);
    for (const nic of instance.NetworkInterfaces ?? []) {
      ips.add(nic.PrivateIpAddress ?? '');
      for (const ip of nic.PrivateIpAddresses ?? []) ips.add(ip.PrivateIpAddress ?? '');
    }
    const groups = (await allTargetGroups(elb, ctx, {}, 'Could not describe target groups')) ?? [];
    const out: Record<string, unknown>[] = [];
    for (const tg of groups) {
      if (!args.get_unused_target_groups && (tg.LoadBalancerArns ?? []).length < 1) continue;
      const arn = tg.TargetGroupArn!;
      const targets: Record<string, unknown>[] = [];
      for (const d of await targetHealth(elb, ctx, arn, `Could not describe target health for target group ${arn}`)) {
        const id = d.Target?.Id ?? '';
        if (id !== args.instance_id && !ips.has(id)) continue;
        targets.push({
          target_port: d.Target?.Port, target_id: id, target_az: d.Target?.AvailabilityZone ?? null,
          target_health: camelDictToSnakeDict(plainValue(d.TargetHealth ?? {}) as Record<string, unknown>),
        });
      }
      if (targets.length) out.push({ target_group_type: tg.TargetType, target_group_arn: arn, targets });
    }
    const result: ModuleResult = { instance_target_groups: out };
    return { changed: false, result };
  },
  async apply(plan): Promise<ModuleResult> {
    if (!plan.result) throw new ModuleFailure(`${NAME}: nothing to apply`);
    return plan.result;
  },
});
