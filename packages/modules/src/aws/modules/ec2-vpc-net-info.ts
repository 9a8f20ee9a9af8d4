/**
 * amazon.aws.ec2_vpc_net_info (collection 7.6): VPCs by IDs and filters, each as DescribeVpcs gives
 * it in snake_case, plus the two DNS attributes, the backwards-compatible `id`, and tags as a dict.
 * The teardown playbook finds the VPC by name with it, so a second teardown finds nothing and
 * changes nothing.
 */
import type { ModuleResult } from '@pgplay/engine/module-api';
import type { Vpc } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { filterList } from '../ec2-tags.js';
import { pyRepr } from '../py-repr.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';

const NAME = 'amazon.aws.ec2_vpc_net_info';

interface InfoArgs extends AwsConnectionArgs {
  vpc_ids: string[];
  filters: Record<string, unknown>;
}

export default defineAwsModule<InfoArgs, never>({
  name: NAME,
  aliases: ['ec2_vpc_net_info', 'amazon.aws.ec2_vpc_net_facts', 'ec2_vpc_net_facts'],
  doc: { short: 'Gather information about ec2 VPCs in AWS' },
  options: {
    vpc_ids: { type: 'array', items: { type: 'string' }, default: [], description: 'VPC IDs to describe.' },
    filters: { type: 'object', default: {}, description: 'DescribeVpcs filters, e.g. {"tag:Name": patroni-vpc, "cidr-block": 10.0.0.0/16}.' },
  },
  returns: {
    vpcs: {
      description: 'The VPCs found: snake_case DescribeVpcs entries with id, enable_dns_support, enable_dns_hostnames and tags as a dict.',
      returned: 'always',
      type: 'list',
    },
  },
  capabilities: { check: 'full', diff: 'none' },

  async plan(args, ctx) {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const { DescribeVpcsCommand, DescribeVpcAttributeCommand } = await ec2Sdk();
    const what = `Unable to describe VPCs ${pyRepr(args.vpc_ids)}`;
    const r = await awsSend<{ Vpcs?: Vpc[] }>(ec2, new DescribeVpcsCommand({ VpcIds: args.vpc_ids, Filters: filterList(args.filters) }), { what, signal: ctx.signal });
    const vpcs: Record<string, unknown>[] = [];
    for (const vpc of r.Vpcs ?? []) {
      const raw = plainValue(vpc) as Record<string, unknown>;
      for (const attribute of ['enableDnsSupport', 'enableDnsHostnames'] as const) {
        const message = `Unable to describe VPC attribute ${attribute} on VPC ${vpc.VpcId}`;
        // A VPC deleted between the two calls is a warning in the collection, not a failure.
        const a = await awsSend<{ EnableDnsSupport?: { Value?: boolean }; EnableDnsHostnames?: { Value?: boolean } } | undefined>(
          ec2, new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId!, Attribute: attribute }), { what: message, absentCodes: ['InvalidVpcID.NotFound'], signal: ctx.signal });
        if (a === undefined) {
          ctx.log.warn(message);
          continue;
        }
        if (attribute === 'enableDnsSupport') raw['EnableDnsSupport'] = a.EnableDnsSupport?.Value;
        else raw['EnableDnsHostnames'] = a.EnableDnsHostnames?.Value;
      }
      raw['id'] = vpc.VpcId;
      const snake = camelDictToSnakeDict(raw);
      snake['tags'] = Object.fromEntries((vpc.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      vpcs.push(snake);
    }
    const result: ModuleResult = { vpcs };
    return { changed: false, result };
  },
  async apply(plan) {
    return plan.result ?? { changed: false };
  },
});

