/**
 * amazon.aws.ec2_vpc_subnet (collection 7.6): a subnet identified by (vpc_id, cidr); map_public
 * (always compared: it defaults to false), tags; state absent deletes it. IPv6 and Outposts are
 * refused as not supported yet.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { EC2Client, Subnet } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { cidrStaticCheck } from '../cidr.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { applyEc2Tags, filterList } from '../ec2-tags.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { applyTagChanges, compareEc2Tags, tagArgs, tagChangesEmpty, tagListToDict, tagSpecifications, type TagChanges, type TagDict } from '../tags.js';

const NAME = 'amazon.aws.ec2_vpc_subnet';

interface SubnetArgs extends AwsConnectionArgs {
  az?: string | null;
  cidr: string;
  ipv6_cidr?: string | null;
  outpost_arn?: string | null;
  state: 'present' | 'absent';
  tags?: Record<string, unknown> | null;
  vpc_id: string;
  map_public: boolean;
  assign_instances_ipv6: boolean;
  wait: boolean;
  wait_timeout: number;
  purge_tags: boolean;
}

interface SubnetActions {
  args: SubnetArgs;
  subnetId?: string;
  create?: boolean;
  mapPublic?: boolean;
  tags?: TagChanges;
  delete?: boolean;
}

/** get_subnet_info */
export function subnetInfo(subnet: Subnet): Record<string, unknown> {
  const { $metadata: _m, ...raw } = plainValue(subnet) as Record<string, unknown>;
  const out = camelDictToSnakeDict(raw);
  out['tags'] = tagListToDict(subnet.Tags);
  if ('subnet_id' in out) {
    out['id'] = out['subnet_id'];
    delete out['subnet_id'];
  }
  out['ipv6_cidr_block'] = '';
  out['ipv6_association_id'] = '';
  for (const item of subnet.Ipv6CidrBlockAssociationSet ?? []) {
    if (['associated', 'associating'].includes(item.Ipv6CidrBlockState?.State ?? '')) {
      out['ipv6_cidr_block'] = item.Ipv6CidrBlock;
      out['ipv6_association_id'] = item.AssociationId;
    }
  }
  return out;
}

async function matchingSubnet(ec2: EC2Client, ctx: ModuleContext, vpcId: string, cidr: string): Promise<Subnet | undefined> {
  const { DescribeSubnetsCommand } = await ec2Sdk();
  const r = await awsSend<{ Subnets?: Subnet[] }>(ec2, new DescribeSubnetsCommand({ Filters: filterList({ 'vpc-id': vpcId, 'cidr-block': cidr }) }), { what: "Couldn't get matching subnet", signal: ctx.signal });
  return r.Subnets?.[0];
}

const view = (s: { id: unknown; vpc: string; cidr: string; az: unknown; mapPublic: boolean; tags: TagDict }) => ({
  id: s.id, vpc_id: s.vpc, cidr_block: s.cidr, availability_zone: s.az, map_public_ip_on_launch: s.mapPublic, tags: s.tags,
});

export default defineAwsModule<SubnetArgs, SubnetActions>({
  name: NAME,
  aliases: ['ec2_vpc_subnet'],
  doc: { short: 'Manage subnets in AWS virtual private clouds' },
  options: {
    az: { type: ['string', 'null'], description: 'The availability zone (create only).' },
    cidr: { type: 'string', description: 'The IPv4 CIDR of the subnet.' },
    ipv6_cidr: { type: ['string', 'null'], description: 'IPv6 CIDR (not supported by pgplay yet; empty is accepted).' },
    outpost_arn: { type: ['string', 'null'], description: 'Outpost ARN (not supported by pgplay yet; empty is accepted).' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the subnet exists.' },
    ...tagArgs,
    vpc_id: { type: 'string', description: 'The VPC of the subnet.' },
    map_public: { type: 'boolean', default: false, description: 'Give instances a public IPv4 address by default.' },
    assign_instances_ipv6: { type: 'boolean', default: false, description: 'Give instances an IPv6 address by default (needs ipv6_cidr).' },
    wait: { type: 'boolean', default: true, description: 'Wait for changes to complete.' },
    wait_timeout: { type: 'integer', default: 300, description: 'How long to wait, in seconds.' },
  },
  relations: { required: ['cidr', 'vpc_id'], 'x-required-if': [['assign_instances_ipv6', true, ['ipv6_cidr'], false]] },
  returns: {
    subnet: { description: 'Dictionary of subnet values (id, cidr_block, availability_zone, availability_zone_id, vpc_id, map_public_ip_on_launch, assign_ipv6_address_on_creation, ipv6_cidr_block, ipv6_association_id, tags, state, subnet_arn, …).', returned: 'state=present', type: 'complex' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'subnet',
  unknownResult: (args) => ({ subnet: { id: Unknown, vpc_id: Unknown, cidr_block: args.cidr, availability_zone: args.az ?? Unknown, map_public_ip_on_launch: args.map_public, state: 'available', tags: args.tags ?? {}, ipv6_cidr_block: '', ipv6_association_id: '', subnet_arn: Unknown } }),
  staticCheck: (args, sc) => cidrStaticCheck(args, sc, ['cidr'], 'ipv4'),

  async plan(args, ctx): Promise<Plan<SubnetActions>> {
    if (args.ipv6_cidr || args.assign_instances_ipv6) throw new ModuleFailure(`${NAME}: IPv6 subnets (ipv6_cidr, assign_instances_ipv6) are not supported by pgplay yet`);
    if (args.outpost_arn) {
      if (!args.az) throw new ModuleFailure('To specify OutpostArn, you must specify the Availability Zone of the Outpost subnet.');
      throw new ModuleFailure(`${NAME}: outpost_arn is not supported by pgplay yet`);
    }
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const subnet = await matchingSubnet(ec2, ctx, args.vpc_id, args.cidr);
    const actions: SubnetActions = { args };
    if (args.state === 'absent') {
      if (!subnet) return { changed: false, result: {} };
      const before = view({ id: subnet.SubnetId, vpc: args.vpc_id, cidr: args.cidr, az: subnet.AvailabilityZone, mapPublic: subnet.MapPublicIpOnLaunch === true, tags: tagListToDict(subnet.Tags) });
      return { changed: true, actions: { ...actions, subnetId: subnet.SubnetId!, delete: true }, diff: resourceDiff('subnet', subnet.SubnetId, before, undefined), result: {} };
    }
    if (!subnet) {
      const tags = applyTagChanges({}, compareEc2Tags({}, args.tags ?? {}, false));
      const after = view({ id: Unknown, vpc: args.vpc_id, cidr: args.cidr, az: args.az ?? Unknown, mapPublic: args.map_public, tags });
      const predicted = {
        id: Unknown, vpc_id: args.vpc_id, cidr_block: args.cidr, availability_zone: args.az ?? Unknown, map_public_ip_on_launch: args.map_public,
        assign_ipv6_address_on_creation: false, state: 'available', tags, ipv6_cidr_block: '', ipv6_association_id: '', subnet_arn: Unknown, owner_id: Unknown,
      };
      return { changed: true, actions: { ...actions, create: true, ...(args.map_public ? { mapPublic: true } : {}) }, diff: resourceDiff('subnet', undefined, undefined, after), result: { subnet: predicted } };
    }
    const tagsNow = tagListToDict(subnet.Tags);
    actions.subnetId = subnet.SubnetId!;
    if (args.map_public !== (subnet.MapPublicIpOnLaunch === true)) actions.mapPublic = args.map_public;
    const tagChanges = compareEc2Tags(tagsNow, args.tags, args.purge_tags);
    if (!tagChangesEmpty(tagChanges)) actions.tags = tagChanges;
    const changed = actions.mapPublic !== undefined || actions.tags !== undefined;
    const tagsAfter = applyTagChanges(tagsNow, tagChanges);
    const base = { id: subnet.SubnetId, vpc: args.vpc_id, cidr: args.cidr, az: subnet.AvailabilityZone };
    return {
      changed,
      actions,
      diff: resourceDiff('subnet', subnet.SubnetId, view({ ...base, mapPublic: subnet.MapPublicIpOnLaunch === true, tags: tagsNow }), view({ ...base, mapPublic: args.map_public, tags: tagsAfter })),
      result: { subnet: subnetInfo({ ...subnet, MapPublicIpOnLaunch: args.map_public, Tags: Object.entries(tagsAfter).map(([Key, Value]) => ({ Key, Value })) }) },
    };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const sdk = await ec2Sdk();
    const retry = ['InvalidSubnetID.NotFound'];
    if (a.delete) {
      await awsSend(ec2, new sdk.DeleteSubnetCommand({ SubnetId: a.subnetId! }), { what: "Couldn't delete subnet", signal: ctx.signal });
      return { changed: true };
    }
    let subnetId = a.subnetId;
    if (a.create) {
      const r = await awsSend<{ Subnet?: Subnet }>(ec2, new sdk.CreateSubnetCommand({
        VpcId: args.vpc_id, CidrBlock: args.cidr, ...(args.az ? { AvailabilityZone: args.az } : {}),
        ...(args.tags && Object.keys(args.tags).length ? { TagSpecifications: tagSpecifications(args.tags, 'subnet') as never } : {}),
      }), { what: "Couldn't create subnet", signal: ctx.signal });
      subnetId = r.Subnet!.SubnetId!;
    }
    if (a.mapPublic !== undefined) {
      await awsSend(ec2, new sdk.ModifySubnetAttributeCommand({ SubnetId: subnetId!, MapPublicIpOnLaunch: { Value: a.mapPublic } }), { what: "Couldn't modify subnet attribute", retryCodes: retry, signal: ctx.signal });
    }
    if (a.tags) await applyEc2Tags(ec2, subnetId!, a.tags, ctx, retry);
    else if (a.create && args.tags) {
      const now = await matchingSubnet(ec2, ctx, args.vpc_id, args.cidr);
      const c = compareEc2Tags(tagListToDict(now?.Tags), args.tags, args.purge_tags);
      if (!tagChangesEmpty(c)) await applyEc2Tags(ec2, subnetId!, c, ctx, retry);
    }
    const final = await matchingSubnet(ec2, ctx, args.vpc_id, args.cidr);
    if (!final) throw new ModuleFailure('Failed to describe newly created subnet');
    return { changed: true, subnet: subnetInfo(final) };
  },
});
