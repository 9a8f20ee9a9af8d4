/**
 * amazon.aws.ec2_vpc_net (collection 7.6): a VPC found by tag:Name + CIDR (or vpc_id); CIDRs,
 * tags, DHCP options and the two DNS attributes converge; state absent deletes it.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { EC2Client, Vpc } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { cidrStaticCheck, ipv4Network } from '../cidr.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { applyEc2Tags, filterList } from '../ec2-tags.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { applyTagChanges, compareEc2Tags, tagArgs, tagChangesEmpty, tagListToDict, tagSpecifications, type TagChanges, type TagDict } from '../tags.js';

const NAME = 'amazon.aws.ec2_vpc_net';

interface VpcArgs extends AwsConnectionArgs {
  name?: string | null;
  vpc_id?: string | null;
  cidr_block?: string[] | null;
  ipv6_cidr?: boolean | null;
  tenancy: 'default' | 'dedicated';
  dns_support?: boolean | null;
  dns_hostnames?: boolean | null;
  dhcp_opts_id?: string | null;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  state: 'present' | 'absent';
  multi_ok: boolean;
  purge_cidrs: boolean;
}

interface VpcActions {
  args: VpcArgs;
  vpcId?: string;
  create?: { cidr: string; tenancy: string; tags: TagDict };
  cidrsToAdd: string[];
  cidrsToRemove: { cidr: string; associationId: string }[];
  tags?: TagChanges;
  dhcpId?: string;
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
  delete?: boolean;
}

/** The fields the module manages, for the diff. */
interface VpcView {
  id: unknown;
  cidr_blocks: string[];
  instance_tenancy: string;
  dhcp_options_id: unknown;
  dns_support: boolean;
  dns_hostnames: boolean;
  tags: TagDict;
}

/** get_vpc: the collection waits for `vpc_available` first, so a missing VPC fails as the waiter
 * does; right after a create (`justCreated`) NotFound is eventual consistency and is retried. */
async function describeVpc(ec2: EC2Client, vpcId: string, ctx: ModuleContext, justCreated = false): Promise<Vpc> {
  const { DescribeVpcsCommand } = await ec2Sdk();
  let r: { Vpcs?: Vpc[] };
  try {
    r = await awsSend<{ Vpcs?: Vpc[] }>(ec2, new DescribeVpcsCommand({ VpcIds: [vpcId] }), { retryCodes: justCreated ? ['InvalidVpcID.NotFound'] : [], attempts: 9, signal: ctx.signal });
  } catch (e) {
    const err = e instanceof ModuleFailure ? (e.result['error'] as { code?: string; message?: string } | undefined) : undefined;
    if (!err) throw e;
    throw new ModuleFailure(`VPC failed to reach expected state (available): Waiter vpc_available failed: An error occurred (${err.code}): ${err.message}`, e instanceof ModuleFailure ? e.result : {});
  }
  const vpc = r.Vpcs?.[0];
  if (!vpc) throw new ModuleFailure(`Failed to describe VPCs: VPC ${vpcId} not found`);
  return vpc;
}

async function vpcAttribute(ec2: EC2Client, vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames', ctx: ModuleContext): Promise<boolean> {
  const { DescribeVpcAttributeCommand } = await ec2Sdk();
  const r = await awsSend<{ EnableDnsSupport?: { Value?: boolean }; EnableDnsHostnames?: { Value?: boolean } }>(
    ec2, new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }), { signal: ctx.signal });
  return (attribute === 'enableDnsSupport' ? r.EnableDnsSupport?.Value : r.EnableDnsHostnames?.Value) === true;
}

/** vpc_exists: tag:Name + any of the CIDRs, then + the first CIDR only. */
async function findVpc(ec2: EC2Client, args: VpcArgs, cidrs: string[], ctx: ModuleContext): Promise<string | undefined> {
  const { DescribeVpcsCommand } = await ec2Sdk();
  const query = async (c: string[]) =>
    (await awsSend<{ Vpcs?: Vpc[] }>(ec2, new DescribeVpcsCommand({ Filters: filterList({ 'tag:Name': args.name ?? '', 'cidr-block': c }) }), { what: 'Failed to describe VPCs', signal: ctx.signal })).Vpcs ?? [];
  let matching = await query(cidrs);
  if (!matching.length) matching = await query(cidrs.slice(0, 1));
  if (args.multi_ok) return undefined;
  if (matching.length > 1) {
    throw new ModuleFailure(
      `Currently there are ${matching.length} VPCs that have the same name and CIDR block you specified. If you would like to create the VPC anyway please pass True to the multi_ok param.`,
    );
  }
  return matching[0]?.VpcId;
}

function activeCidrs(vpc: Vpc): Map<string, string> {
  return new Map(
    (vpc.CidrBlockAssociationSet ?? [])
      .filter((c) => !['disassociating', 'disassociated'].includes(c.CidrBlockState?.State ?? ''))
      .map((c) => [c.CidrBlock ?? '', c.AssociationId ?? '']),
  );
}

/** The module's `vpc` return value from a DescribeVpcs entry. */
function vpcResult(vpc: Vpc): Record<string, unknown> {
  const { $metadata: _m, ...raw } = plainValue(vpc) as Record<string, unknown>;
  const out = camelDictToSnakeDict(raw);
  const tags = tagListToDict(vpc.Tags);
  out['tags'] = tags;
  out['name'] = tags['Name'] ?? null;
  out['id'] = out['vpc_id'];
  delete out['vpc_id'];
  return out;
}

function view(id: unknown, cidrs: string[], tenancy: string, dhcp: unknown, dnsSupport: boolean, dnsHostnames: boolean, tags: TagDict): VpcView {
  return { id, cidr_blocks: [...cidrs].sort(), instance_tenancy: tenancy, dhcp_options_id: dhcp, dns_support: dnsSupport, dns_hostnames: dnsHostnames, tags };
}

export default defineAwsModule<VpcArgs, VpcActions>({
  name: NAME,
  aliases: ['ec2_vpc_net'],
  doc: { short: 'Configure AWS Virtual Private Clouds' },
  options: {
    name: { type: ['string', 'null'], description: 'The Name tag of the VPC; with cidr_block it identifies the VPC.' },
    vpc_id: { type: ['string', 'null'], description: 'The ID of the VPC (instead of name + cidr_block).' },
    cidr_block: { type: ['array', 'null'], items: { type: 'string' }, description: 'The primary CIDR (first) and secondary CIDRs.' },
    ipv6_cidr: { type: ['boolean', 'null'], 'x-unsupported': 'Amazon-provided IPv6 blocks are not implemented yet', description: 'Request an Amazon-provided IPv6 block.' },
    tenancy: { type: 'string', enum: ['default', 'dedicated'], default: 'default', description: 'Instance tenancy (create only).' },
    dns_support: { type: ['boolean', 'null'], description: 'Enable DNS resolution.' },
    dns_hostnames: { type: ['boolean', 'null'], description: 'Enable DNS hostnames.' },
    dhcp_opts_id: { type: ['string', 'null'], description: 'The DHCP options set to associate.' },
    ...tagArgs,
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the VPC exists.' },
    multi_ok: { type: 'boolean', default: false, description: 'Create a VPC even when one with the same name and CIDR exists.' },
    purge_cidrs: { type: 'boolean', default: false, description: 'Remove CIDRs not listed in cidr_block.' },
  },
  relations: { 'x-required-one-of': [['vpc_id', 'name'], ['vpc_id', 'cidr_block']] },
  returns: {
    vpc: { description: 'Info about the VPC that was created or deleted (id, cidr_block, cidr_block_association_set, dhcp_options_id, instance_tenancy, is_default, state, tags, name, owner_id).', returned: 'always', type: 'complex' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'vpc',
  unknownResult: (args) => ({ vpc: { id: Unknown, cidr_block: args.cidr_block?.[0] ?? Unknown, name: args.name ?? null, tags: args.tags ?? {}, state: 'available' } }),
  staticCheck: (args, sc) => cidrStaticCheck(args, sc, ['cidr_block'], 'ipv4'),

  async plan(args, ctx): Promise<Plan<VpcActions>> {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    if (args.dns_hostnames && !args.dns_support) throw new ModuleFailure('In order to enable DNS Hostnames you must also enable DNS support');
    const cidrs = (args.cidr_block ?? []).map((c) => {
      const net = ipv4Network(c);
      if (net && net !== c) ctx.log.warn(`One of your CIDR addresses (${c}) has host bits set. To get rid of this warning, check the network mask and make sure that only network bits are set: ${net}.`);
      return net ?? c;
    });
    const vpcId = args.vpc_id ?? (await findVpc(ec2, args, cidrs, ctx));
    const actions: VpcActions = { args, cidrsToAdd: [], cidrsToRemove: [] };
    if (args.state === 'absent') {
      if (!vpcId) return { changed: false, result: { vpc: {} } };
      const vpc = await describeVpc(ec2, vpcId, ctx);
      const before = view(vpcId, [...activeCidrs(vpc).keys()], vpc.InstanceTenancy ?? 'default', vpc.DhcpOptionsId, await vpcAttribute(ec2, vpcId, 'enableDnsSupport', ctx), await vpcAttribute(ec2, vpcId, 'enableDnsHostnames', ctx), tagListToDict(vpc.Tags));
      return { changed: true, actions: { ...actions, vpcId, delete: true }, diff: resourceDiff('vpc', vpcId, { ...before }, undefined), result: { vpc: {} } };
    }
    if (!vpcId) {
      if (!args.name) throw new ModuleFailure('The name parameter must be specified when creating a new VPC.');
      const tags: TagDict = { ...applyTagChanges({}, compareEc2Tags({}, args.tags ?? {}, false)), Name: args.name };
      const desired = [...new Set(cidrs)];
      actions.create = { cidr: cidrs[0]!, tenancy: args.tenancy, tags };
      actions.cidrsToAdd = desired.filter((c) => c !== cidrs[0]);
      actions.dnsSupport = args.dns_support ?? true;
      actions.dnsHostnames = args.dns_hostnames ?? true;
      if (args.dhcp_opts_id) actions.dhcpId = args.dhcp_opts_id;
      const after = view(Unknown, desired, args.tenancy, args.dhcp_opts_id ?? Unknown, actions.dnsSupport, actions.dnsHostnames, tags);
      const predicted = {
        cidr_block: cidrs[0], cidr_block_association_set: desired.map((c) => ({ association_id: Unknown, cidr_block: c, cidr_block_state: { state: 'associated' } })),
        dhcp_options_id: after.dhcp_options_id, instance_tenancy: args.tenancy, is_default: false, owner_id: Unknown, state: 'available', tags, name: args.name, id: Unknown,
      };
      return { changed: true, actions, diff: resourceDiff('vpc', undefined, undefined, { ...after }), result: { vpc: predicted } };
    }
    // An existing VPC converges.
    const vpc = await describeVpc(ec2, vpcId, ctx);
    const current = activeCidrs(vpc);
    const dnsSupport = await vpcAttribute(ec2, vpcId, 'enableDnsSupport', ctx);
    const dnsHostnames = await vpcAttribute(ec2, vpcId, 'enableDnsHostnames', ctx);
    const tagsNow = tagListToDict(vpc.Tags);
    actions.vpcId = vpcId;
    if (args.cidr_block) {
      const desired = new Set(cidrs);
      if (!args.purge_cidrs) for (const c of current.keys()) desired.add(c);
      actions.cidrsToAdd = [...desired].filter((c) => !current.has(c));
      actions.cidrsToRemove = [...current].filter(([c]) => !desired.has(c)).map(([cidr, associationId]) => ({ cidr, associationId }));
    }
    // update_vpc_tags: the name is a tag; a name without tags never purges the others.
    let desiredTags = args.tags;
    let purge = args.purge_tags;
    if (args.name) {
      if (purge && desiredTags == null) purge = false;
      desiredTags = { ...(desiredTags ?? {}), Name: args.name };
    }
    const tagChanges = compareEc2Tags(tagsNow, desiredTags, purge);
    if (!tagChangesEmpty(tagChanges)) actions.tags = tagChanges;
    if (args.dhcp_opts_id && args.dhcp_opts_id !== vpc.DhcpOptionsId) actions.dhcpId = args.dhcp_opts_id;
    if (args.dns_support != null && args.dns_support !== dnsSupport) actions.dnsSupport = args.dns_support;
    if (args.dns_hostnames != null && args.dns_hostnames !== dnsHostnames) actions.dnsHostnames = args.dns_hostnames;
    const changed = actions.cidrsToAdd.length > 0 || actions.cidrsToRemove.length > 0 || actions.tags !== undefined || actions.dhcpId !== undefined || actions.dnsSupport !== undefined || actions.dnsHostnames !== undefined;
    const cidrsAfter = [...[...current.keys()].filter((c) => !actions.cidrsToRemove.some((r) => r.cidr === c)), ...actions.cidrsToAdd];
    const tagsAfter = applyTagChanges(tagsNow, tagChanges);
    const before = view(vpcId, [...current.keys()], vpc.InstanceTenancy ?? 'default', vpc.DhcpOptionsId, dnsSupport, dnsHostnames, tagsNow);
    const after = view(vpcId, cidrsAfter, vpc.InstanceTenancy ?? 'default', actions.dhcpId ?? vpc.DhcpOptionsId, actions.dnsSupport ?? dnsSupport, actions.dnsHostnames ?? dnsHostnames, tagsAfter);
    const predicted = vpcResult({ ...vpc, Tags: Object.entries(tagsAfter).map(([Key, Value]) => ({ Key, Value })), ...(actions.dhcpId ? { DhcpOptionsId: actions.dhcpId } : {}) });
    return {
      changed,
      actions,
      diff: resourceDiff('vpc', vpcId, { ...before }, { ...after }),
      result: { vpc: predicted },
      ...(changed ? {} : { reason: `VPC ${vpcId} is as requested` }),
    };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const ec2 = await awsClient('ec2', a.args, ctx, NAME);
    const sdk = await ec2Sdk();
    let vpcId = a.vpcId;
    if (a.delete) {
      await awsSend(ec2, new sdk.DeleteVpcCommand({ VpcId: vpcId! }), {
        what: `Failed to delete VPC ${vpcId} You may want to use the ec2_vpc_subnet, ec2_vpc_igw, and/or ec2_vpc_route_table modules to ensure that all depenednt components are absent.`,
        signal: ctx.signal,
      });
      return { changed: true, vpc: {} };
    }
    const retry = ['InvalidVpcID.NotFound'];
    if (a.create) {
      const r = await awsSend<{ Vpc?: Vpc }>(ec2, new sdk.CreateVpcCommand({
        CidrBlock: a.create.cidr, InstanceTenancy: a.create.tenancy as 'default',
        ...(Object.keys(a.create.tags).length ? { TagSpecifications: tagSpecifications(a.create.tags, 'vpc') as never } : {}),
      }), { what: 'Failed to create the VPC', signal: ctx.signal });
      vpcId = r.Vpc!.VpcId!;
    }
    for (const cidr of a.cidrsToAdd) {
      await awsSend(ec2, new sdk.AssociateVpcCidrBlockCommand({ VpcId: vpcId!, CidrBlock: cidr }), { what: `Unable to associate CIDR ${cidr}.`, retryCodes: retry, signal: ctx.signal });
    }
    for (const r of a.cidrsToRemove) {
      await awsSend(ec2, new sdk.DisassociateVpcCidrBlockCommand({ AssociationId: r.associationId }), {
        what: `Unable to disassociate ${r.associationId}. You must detach or delete all gateways and resources that are associated with the CIDR block before you can disassociate it.`,
        signal: ctx.signal,
      });
    }
    if (a.tags) await applyEc2Tags(ec2, vpcId!, a.tags, ctx, retry);
    if (a.dhcpId) {
      await awsSend(ec2, new sdk.AssociateDhcpOptionsCommand({ VpcId: vpcId!, DhcpOptionsId: a.dhcpId }), { what: `Failed to associate DhcpOptionsId ${a.dhcpId}`, retryCodes: retry, signal: ctx.signal });
    }
    if (a.dnsSupport !== undefined) {
      await awsSend(ec2, new sdk.ModifyVpcAttributeCommand({ VpcId: vpcId!, EnableDnsSupport: { Value: a.dnsSupport } }), { what: 'Failed to update enabled dns support attribute', retryCodes: retry, signal: ctx.signal });
    }
    if (a.dnsHostnames !== undefined) {
      await awsSend(ec2, new sdk.ModifyVpcAttributeCommand({ VpcId: vpcId!, EnableDnsHostnames: { Value: a.dnsHostnames } }), { what: 'Failed to update enabled dns hostnames attribute', retryCodes: retry, signal: ctx.signal });
    }
    return { changed: true, vpc: vpcResult(await describeVpc(ec2, vpcId!, ctx, a.create !== undefined)) };
  },
});

