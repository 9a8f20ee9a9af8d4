/**
 * amazon.aws.ec2_vpc_igw (collection 7.6): the internet gateway attached to a VPC (or named by
 * internet_gateway_id): created, attached (force_attach moves it), detached, tagged, deleted.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { EC2Client, InternetGateway } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { applyEc2Tags, filterList } from '../ec2-tags.js';
import { applyTagChanges, compareEc2Tags, tagArgs, tagChangesEmpty, tagListToDict, tagSpecifications, type TagChanges, type TagDict } from '../tags.js';

const NAME = 'amazon.aws.ec2_vpc_igw';

interface IgwArgs extends AwsConnectionArgs {
  internet_gateway_id?: string | null;
  vpc_id?: string | null;
  state: 'present' | 'absent';
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  force_attach: boolean;
  detach_vpc: boolean;
}

interface IgwActions {
  args: IgwArgs;
  igwId?: string;
  create?: { tags: Record<string, unknown> | null | undefined };
  detachFrom?: string;
  attachTo?: string;
  tags?: TagChanges;
  delete?: boolean;
}

async function describeIgws(ec2: EC2Client, ctx: ModuleContext, input: { Filters?: { Name: string; Values: string[] }[]; InternetGatewayIds?: string[] }): Promise<InternetGateway[]> {
  const { DescribeInternetGatewaysCommand } = await ec2Sdk();
  const out: InternetGateway[] = [];
  let NextToken: string | undefined;
  do {
    const r = await awsSend<{ InternetGateways?: InternetGateway[]; NextToken?: string }>(ec2, new DescribeInternetGatewaysCommand({ ...input, ...(NextToken ? { NextToken } : {}) }), { signal: ctx.signal });
    out.push(...(r.InternetGateways ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

/** get_matching_igw */
async function matchingIgw(ec2: EC2Client, ctx: ModuleContext, vpcId: string | null | undefined, igwId?: string | null): Promise<InternetGateway | undefined> {
  const igws = igwId ? await describeIgws(ec2, ctx, { InternetGatewayIds: [igwId] }) : await describeIgws(ec2, ctx, { Filters: filterList({ 'attachment.vpc-id': vpcId ?? '' }) });
  if (igws.length > 1) throw new ModuleFailure(`EC2 returned more than one Internet Gateway for VPC ${vpcId}, aborting`);
  return igws[0];
}

/** get_matching_vpc: only its existence matters. */
async function requireVpc(ec2: EC2Client, ctx: ModuleContext, vpcId: string): Promise<void> {
  const { DescribeVpcsCommand } = await ec2Sdk();
  try {
    await awsSend(ec2, new DescribeVpcsCommand({ VpcIds: [vpcId] }), { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ModuleFailure && (e.result['error'] as { code?: string } | undefined)?.code === 'InvalidVpcID.NotFound') {
      throw new ModuleFailure(`VPC with Id ${vpcId} not found, aborting`);
    }
    throw e;
  }
}

const attachedVpc = (igw: InternetGateway): string | undefined => igw.Attachments?.[0]?.VpcId;
const view = (id: unknown, vpc: string | undefined, tags: TagDict) => ({ id, attached_vpc_id: vpc ?? null, tags });

export default defineAwsModule<IgwArgs, IgwActions>({
  name: NAME,
  aliases: ['ec2_vpc_igw', 'community.aws.ec2_vpc_igw'],
  doc: { short: 'Manage an AWS VPC Internet gateway' },
  options: {
    internet_gateway_id: { type: ['string', 'null'], description: 'The ID of the internet gateway to manage.' },
    vpc_id: { type: ['string', 'null'], description: 'The VPC the gateway is attached to.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the gateway exists.' },
    ...tagArgs,
    force_attach: { type: 'boolean', default: false, description: 'Move the gateway from another VPC to vpc_id.' },
    detach_vpc: { type: 'boolean', default: false, description: 'Detach the gateway from its VPC.' },
  },
  relations: {
    'x-required-if': [['force_attach', true, ['vpc_id'], false], ['state', 'absent', ['internet_gateway_id', 'vpc_id'], true], ['detach_vpc', true, ['internet_gateway_id', 'vpc_id'], true]],
    'x-mutually-exclusive': [['force_attach', 'detach_vpc']],
  },
  returns: {
    changed: { description: 'If any changes have been made to the Internet Gateway.', returned: 'always', type: 'bool' },
    gateway_id: { description: 'The unique identifier for the Internet Gateway.', returned: 'state=present', type: 'str' },
    tags: { description: 'The tags associated the Internet Gateway.', returned: 'state=present', type: 'dict' },
    vpc_id: { description: 'The VPC id associated with the Internet Gateway.', returned: 'state=present', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'internet gateway',
  unknownResult: (args) => ({ gateway_id: Unknown, tags: args.tags ?? {}, vpc_id: args.vpc_id ? Unknown : null }),

  async plan(args, ctx): Promise<Plan<IgwActions>> {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const actions: IgwActions = { args };
    if (args.state === 'absent') {
      const igw = await matchingIgw(ec2, ctx, args.vpc_id, args.internet_gateway_id);
      if (!igw) return { changed: false, result: {} };
      const igwVpc = attachedVpc(igw) ?? '';
      if (args.vpc_id && igwVpc !== args.vpc_id) throw new ModuleFailure(`Supplied VPC (${args.vpc_id}) does not match found VPC (${igwVpc}), aborting`);
      const before = view(igw.InternetGatewayId, attachedVpc(igw), tagListToDict(igw.Tags));
      return { changed: true, actions: { ...actions, igwId: igw.InternetGatewayId!, delete: true, ...(igwVpc ? { detachFrom: igwVpc } : {}) }, diff: resourceDiff('internet gateway', igw.InternetGatewayId, before, undefined), result: {} };
    }
    const igw = args.internet_gateway_id ? await matchingIgw(ec2, ctx, null, args.internet_gateway_id) : args.vpc_id ? await matchingIgw(ec2, ctx, args.vpc_id) : undefined;
    if (!igw) {
      if (args.vpc_id) await requireVpc(ec2, ctx, args.vpc_id);
      const tags = applyTagChanges({}, compareEc2Tags({}, args.tags ?? {}, false));
      const after = view(Unknown, args.vpc_id ?? undefined, tags);
      return {
        changed: true,
        actions: { ...actions, create: { tags: args.tags }, ...(args.vpc_id ? { attachTo: args.vpc_id } : {}) },
        diff: resourceDiff('internet gateway', undefined, undefined, after),
        result: { gateway_id: Unknown, tags, vpc_id: args.vpc_id ?? null },
      };
    }
    const igwId = igw.InternetGatewayId!;
    actions.igwId = igwId;
    const igwVpc = attachedVpc(igw);
    let vpcAfter = igwVpc;
    if (igwVpc !== undefined) {
      if (args.detach_vpc) {
        actions.detachFrom = igwVpc;
        vpcAfter = undefined;
      } else if (igwVpc !== args.vpc_id) {
        if (!args.force_attach) throw new ModuleFailure('VPC already attached, but does not match requested VPC.');
        await requireVpc(ec2, ctx, args.vpc_id!);
        actions.detachFrom = igwVpc;
        actions.attachTo = args.vpc_id!;
        vpcAfter = args.vpc_id!;
      }
    } else if (args.vpc_id) {
      await requireVpc(ec2, ctx, args.vpc_id);
      actions.attachTo = args.vpc_id;
      vpcAfter = args.vpc_id;
    }
    const tagsNow = tagListToDict(igw.Tags);
    const tagChanges = compareEc2Tags(tagsNow, args.tags, args.purge_tags);
    if (!tagChangesEmpty(tagChanges)) actions.tags = tagChanges;
    const changed = actions.detachFrom !== undefined || actions.attachTo !== undefined || actions.tags !== undefined;
    const tagsAfter = applyTagChanges(tagsNow, tagChanges);
    return {
      changed,
      actions,
      diff: resourceDiff('internet gateway', igwId, view(igwId, igwVpc, tagsNow), view(igwId, vpcAfter, tagsAfter)),
      result: { gateway_id: igwId, tags: tagsAfter, vpc_id: args.vpc_id ?? null },
    };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const ec2 = await awsClient('ec2', a.args, ctx, NAME);
    const sdk = await ec2Sdk();
    let igwId = a.igwId;
    const retry = ['InvalidInternetGatewayID.NotFound'];
    if (a.create) {
      const tags = a.create.tags;
      const r = await awsSend<{ InternetGateway?: InternetGateway }>(ec2, new sdk.CreateInternetGatewayCommand({
        ...(tags && Object.keys(tags).length ? { TagSpecifications: tagSpecifications(tags, 'internet-gateway') as never } : {}),
      }), { what: 'Unable to create Internet Gateway', signal: ctx.signal });
      igwId = r.InternetGateway!.InternetGatewayId!;
    }
    if (a.detachFrom) {
      await awsSend(ec2, new sdk.DetachInternetGatewayCommand({ InternetGatewayId: igwId!, VpcId: a.detachFrom }), { what: a.delete ? 'Unable to delete Internet Gateway' : 'Unable to detach VPC.', retryCodes: retry, signal: ctx.signal });
    }
    if (a.delete) {
      await awsSend(ec2, new sdk.DeleteInternetGatewayCommand({ InternetGatewayId: igwId! }), { what: 'Unable to delete Internet Gateway', signal: ctx.signal });
      return { changed: true };
    }
    if (a.attachTo) {
      await awsSend(ec2, new sdk.AttachInternetGatewayCommand({ InternetGatewayId: igwId!, VpcId: a.attachTo }), { what: 'Failed to attach VPC.', retryCodes: retry, signal: ctx.signal });
    }
    if (a.tags) await applyEc2Tags(ec2, igwId!, a.tags, ctx, retry);
    else if (a.create && a.args.tags) {
      // ensure_ec2_tags after the create: purge_tags + {} (or tags AWS added) converge here too.
      const now = await matchingIgw(ec2, ctx, null, igwId);
      const c = compareEc2Tags(tagListToDict(now?.Tags), a.args.tags, a.args.purge_tags);
      if (!tagChangesEmpty(c)) await applyEc2Tags(ec2, igwId!, c, ctx, retry);
    }
    const igw = await matchingIgw(ec2, ctx, a.args.vpc_id, igwId);
    return { changed: true, gateway_id: igw?.InternetGatewayId ?? igwId, tags: tagListToDict(igw?.Tags), vpc_id: a.args.vpc_id ?? null };
  },
});
