/**
 * community.aws.elb_target_group_info (collection 7.2): target groups (all, by load balancer, by
 * ARNs or by names) with their attributes and tags, and optionally their targets' health.
 */
import { ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { awsClient } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { allTargetGroups, resourceTags, targetGroupAttributes, targetHealth } from '../elbv2.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';

const NAME = 'community.aws.elb_target_group_info';

interface InfoArgs extends AwsConnectionArgs {
  load_balancer_arn?: string | null;
  target_group_arns?: string[] | null;
  names?: string[] | null;
  collect_targets_health: boolean;
}

export default defineAwsModule<InfoArgs, never>({
  name: NAME,
  aliases: ['elb_target_group_info'],
  doc: { short: 'Gather information about ELB target groups in AWS' },
  options: {
    load_balancer_arn: { type: ['string', 'null'], description: 'The target groups of this load balancer.' },
    target_group_arns: { type: ['array', 'null'], items: { type: 'string' }, description: 'The target groups with these ARNs.' },
    names: { type: ['array', 'null'], items: { type: 'string' }, description: 'The target groups with these names.' },
    collect_targets_health: { type: 'boolean', default: false, description: 'Add each group\'s targets_health_description.' },
  },
  relations: { 'x-mutually-exclusive': [['load_balancer_arn', 'target_group_arns', 'names']] },
  returns: { target_groups: { description: 'The target groups (snake_case, attributes with "." → "_", tags as a dict).', returned: 'always', type: 'complex' } },
  capabilities: { check: 'full', diff: 'none' },

  async plan(args, ctx) {
    const elb = await awsClient('elbv2', args, ctx, NAME);
    const filter = args.names?.length ? { Names: args.names }
      : args.target_group_arns?.length ? { TargetGroupArns: args.target_group_arns }
      : args.load_balancer_arn ? { LoadBalancerArn: args.load_balancer_arn } : {};
    const groups = await allTargetGroups(elb, ctx, filter, 'Failed to list target groups', ['TargetGroupNotFound']);
    if (!groups) return { changed: false, result: { target_groups: [] } };
    const out: Record<string, unknown>[] = [];
    for (const tg of groups) {
      const arn = tg.TargetGroupArn!;
      const snaked = camelDictToSnakeDict({ ...(plainValue(tg) as Record<string, unknown>), ...(await targetGroupAttributes(elb, ctx, arn, 'Failed to describe target group attributes')) });
      snaked['tags'] = await resourceTags(elb, ctx, arn, 'Failed to describe group tags');
      if (args.collect_targets_health) {
        snaked['targets_health_description'] = (await targetHealth(elb, ctx, arn, 'Failed to get target health')).map((d) => camelDictToSnakeDict(plainValue(d) as Record<string, unknown>));
      }
      out.push(snaked);
    }
    const result: ModuleResult = { target_groups: out };
    return { changed: false, result };
  },
  async apply(plan): Promise<ModuleResult> {
    if (!plan.result) throw new ModuleFailure(`${NAME}: nothing to apply`);
    return plan.result;
  },
});
