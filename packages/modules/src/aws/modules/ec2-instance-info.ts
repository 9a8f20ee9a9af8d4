/** amazon.aws.ec2_instance_info (collection 7.6): instances by IDs or filters, snake_case as boto3 gives them. */
import type { ModuleResult } from '@pgplay/engine/module-api';
import type { Instance, Reservation } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { filterList } from '../ec2-tags.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';

const NAME = 'amazon.aws.ec2_instance_info';

const ATTRIBUTES = ['instanceType', 'kernel', 'ramdisk', 'userData', 'disableApiTermination', 'instanceInitiatedShutdownBehavior', 'rootDeviceName', 'blockDeviceMapping', 'productCodes', 'sourceDestCheck', 'groupSet', 'ebsOptimized', 'sriovNetSupport', 'enclaveOptions', 'disableApiStop'];

interface InfoArgs extends AwsConnectionArgs {
  minimum_uptime?: number | null;
  instance_ids: string[];
  filters: Record<string, unknown>;
  include_attributes?: string[] | null;
}

export default defineAwsModule<InfoArgs, never>({
  name: NAME,
  aliases: ['ec2_instance_info', 'community.aws.ec2_instance_info', 'amazon.aws.ec2_instance_facts', 'ec2_instance_facts'],
  doc: { short: 'Gather information about ec2 instances in AWS' },
  options: {
    minimum_uptime: { type: ['integer', 'null'], 'x-aliases': ['uptime'], description: 'Only instances running at least this many minutes.' },
    instance_ids: { type: 'array', items: { type: 'string' }, default: [], description: 'Instance IDs to describe.' },
    filters: { type: 'object', default: {}, description: 'DescribeInstances filters, e.g. {"tag:env": demo, "instance-state-name": [running]}.' },
    include_attributes: { type: ['array', 'null'], items: { type: 'string', enum: ATTRIBUTES }, 'x-aliases': ['attributes'], description: 'Instance attributes to add.' },
  },
  relations: { 'x-mutually-exclusive': [['instance_ids', 'filters']] },
  returns: { instances: { description: 'A list of ec2 instances (snake_case DescribeInstances entries, tags as a dict).', returned: 'always', type: 'complex' } },
  capabilities: { check: 'full', diff: 'none' },

  async plan(args, ctx) {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const { DescribeInstancesCommand, DescribeInstanceAttributeCommand } = await ec2Sdk();
    let instances: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const r = await awsSend<{ Reservations?: Reservation[]; NextToken?: string }>(ec2, new DescribeInstancesCommand({
        ...(args.instance_ids.length ? { InstanceIds: args.instance_ids } : {}), Filters: filterList(args.filters), ...(NextToken ? { NextToken } : {}),
      }), { what: 'Failed to list ec2 instances', signal: ctx.signal });
      for (const res of r.Reservations ?? []) instances.push(...(res.Instances ?? []));
      NextToken = r.NextToken;
    } while (NextToken);
    if (args.minimum_uptime) {
      const oldest = Date.now() - args.minimum_uptime * 60_000;
      instances = instances.filter((i) => i.LaunchTime !== undefined && i.LaunchTime.getTime() < oldest);
    }
    const out: Record<string, unknown>[] = [];
    for (const inst of instances) {
      const raw = plainValue(inst) as Record<string, unknown>;
      if (args.include_attributes?.length) {
        const attrs: Record<string, unknown> = {};
        for (const attr of args.include_attributes) {
          const r = await awsSend<Record<string, unknown>>(ec2, new DescribeInstanceAttributeCommand({ InstanceId: inst.InstanceId!, Attribute: attr as never }), { signal: ctx.signal });
          for (const [k, v] of Object.entries(r)) if (!['InstanceId', '$metadata'].includes(k) && v !== undefined) attrs[k] = plainValue(v);
        }
        raw['attributes'] = attrs;
      }
      const snake = camelDictToSnakeDict(raw);
      snake['tags'] = Object.fromEntries(((snake['tags'] as { key?: string; value?: string }[] | undefined) ?? []).map((t) => [t.key ?? '', t.value ?? '']));
      out.push(snake);
    }
    const result: ModuleResult = { instances: out };
    return { changed: false, result };
  },
  async apply(plan) {
    return plan.result ?? { changed: false };
  },
});
