/**
 * amazon.aws.ec2_instance (collection 7.6): instances matched by filters (the module's default
 * filters from subnet, Name tag and image, or instance_ids), launched with count/exact_count,
 * modified as the module modifies them (tags, security groups, termination protection, EBS
 * optimisation, metadata options, instance profile), started, stopped, restarted, terminated.
 * The flow is the collection's (ec2-instance/ensure.ts); the diff shows each affected instance.
 */
import { Unknown, type ModuleResult } from '@pgplay/engine/module-api';
import type { Instance } from '@aws-sdk/client-ec2';
import { awsClient } from '../clients.js';
import { defineAwsModule } from '../define-aws-module.js';
import { tagListToDict } from '../tags.js';
import { instanceOptions, instanceRelations, type InstanceArgs } from '../ec2-instance/args.js';
import { Ec2InstanceRun, type Effects } from '../ec2-instance/ensure.js';
import { instanceAttribute, NAME, type Io } from '../ec2-instance/lookups.js';
import { launchTags } from '../ec2-instance/run-spec.js';
import { amazonDeprecation } from '../deprecations.js';

/** The managed fields of one instance, as the diff shows them. */
export function instanceView(i: Instance, terminationProtection: boolean): Record<string, unknown> {
  return {
    instance_id: i.InstanceId, state: i.State?.Name, instance_type: i.InstanceType, image_id: i.ImageId, subnet_id: i.SubnetId ?? null, key_name: i.KeyName ?? null,
    security_groups: (i.SecurityGroups ?? []).map((g) => g.GroupId!).sort(), tags: tagListToDict(i.Tags),
    termination_protection: terminationProtection, ebs_optimized: i.EbsOptimized === true, iam_instance_profile: i.IamInstanceProfile?.Arn ?? null,
    metadata_options: { http_endpoint: i.MetadataOptions?.HttpEndpoint ?? null, http_tokens: i.MetadataOptions?.HttpTokens ?? null, http_put_response_hop_limit: i.MetadataOptions?.HttpPutResponseHopLimit ?? null },
  };
}

/** Before: the matched instances; after: what the run leaves (terminated ones gone, new ones with Unknown IDs). */
async function instancesDiff(io: Io, args: InstanceArgs, e: Effects) {
  const before: Record<string, unknown>[] = [];
  // In launch order (then ID), so a diff reads the same whatever order AWS listed them in.
  const matched = [...e.matched].sort((a, b) => (a.LaunchTime?.getTime() ?? 0) - (b.LaunchTime?.getTime() ?? 0) || (a.InstanceId! < b.InstanceId! ? -1 : 1));
  for (const i of matched) {
    const tp = (await instanceAttribute(io, i.InstanceId!, 'disableApiTermination'))['DisableApiTermination'] as { Value?: boolean } | undefined;
    before.push(instanceView(i, tp?.Value === true));
  }
  const after: Record<string, unknown>[] = before
    .filter((v) => !e.terminated.has(String(v['instance_id'])))
    .map((v) => {
      const id = String(v['instance_id']);
      return {
        ...v, ...(e.state.has(id) ? { state: e.state.get(id) } : {}), ...(e.tags.has(id) ? { tags: e.tags.get(id) } : {}), ...(e.attrs.get(id) ?? {}),
        ...(e.profile.has(id) ? { iam_instance_profile: e.profile.get(id) } : {}),
        ...(e.metadata.has(id) ? { metadata_options: e.metadata.get(id) } : {}),
      };
    });
  const spec = e.spec;
  if (spec) {
    const nic = (spec['NetworkInterfaces'] as Record<string, unknown>[] | undefined)?.[0] ?? {};
    const md = spec['MetadataOptions'] as Record<string, unknown> | undefined;
    for (let n = 0; n < e.launched; n++) {
      after.push({
        instance_id: Unknown, state: 'running', instance_type: spec['InstanceType'], image_id: spec['ImageId'], subnet_id: nic['SubnetId'] ?? Unknown, key_name: spec['KeyName'] ?? null,
        security_groups: nic['Groups'] ? [...(nic['Groups'] as string[])].sort() : Unknown, tags: Object.fromEntries(Object.entries(launchTags(args)).map(([k, v]) => [k, String(v)])),
        termination_protection: args.termination_protection === true, ebs_optimized: args.ebs_optimized === true,
        iam_instance_profile: (spec['IamInstanceProfile'] as { Arn?: string } | undefined)?.Arn ?? null,
        metadata_options: md ? { http_endpoint: md['HttpEndpoint'], http_tokens: md['HttpTokens'], http_put_response_hop_limit: md['HttpPutResponseHopLimit'] } : Unknown,
      });
    }
  }
  // No instance on a side is `{}`, as every AWS module shows a resource that does not exist.
  return { before: before.length ? { instances: before } : {}, after: after.length ? { instances: after } : {}, before_header: 'ec2 instances (before)', after_header: 'ec2 instances (after)' };
}

export default defineAwsModule<InstanceArgs, { args: InstanceArgs }>({
  name: NAME,
  aliases: ['ec2_instance', 'community.aws.ec2_instance'],
  doc: { short: 'Create & manage EC2 instances' },
  options: instanceOptions,
  relations: instanceRelations,
  returns: {
    instances: { description: 'The matching or launched instances (snake_case DescribeInstances entries, tags as a dict).', returned: 'when wait=true', type: 'complex' },
    instance_ids: { description: 'IDs of the matching or launched instances.', returned: 'always', type: 'list' },
    changed_ids: { description: 'IDs launched to reach exact_count.', returned: 'exact_count launches', type: 'list' },
    terminated_ids: { description: 'IDs terminated to reach exact_count.', returned: 'exact_count terminations', type: 'list' },
    spec: { description: 'The RunInstances request.', returned: 'launches', type: 'dict' },
  },
  capabilities: { check: 'full', diff: 'full' },
  unknownResult: () => ({ msg: 'Would have launched instances if not in check_mode.', instance_ids: Unknown, instances: Unknown }),
  kind: 'ec2 instances',
  // main(): placement_group first, then tenancy, whenever the value is truthy (2025-12-01 removal).
  deprecations: (args) => [
    ...(args.placement_group ? [amazonDeprecation('The placement_group parameter has been deprecated, please use placement.group_name instead.', '2025-12-01')] : []),
    ...(args.tenancy ? [amazonDeprecation('The tenancy parameter has been deprecated, please use placement.tenancy instead.', '2025-12-01')] : []),
  ],

  async plan(args, ctx) {
    const io: Io = { ec2: await awsClient('ec2', args, ctx, NAME), ctx, args };
    const run = new Ec2InstanceRun(io, true);
    const result = await run.run();
    const changed = Boolean(result.changed);
    return { changed, actions: { args }, result, ...(changed && ctx.diff ? { diff: await instancesDiff(io, args, run.effects) } : {}) };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const args = plan.actions!.args;
    const io: Io = { ec2: await awsClient('ec2', args, ctx, NAME), ctx, args };
    return new Ec2InstanceRun(io, false).run();
  },
});
