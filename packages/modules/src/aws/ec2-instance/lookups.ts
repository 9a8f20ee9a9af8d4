/** The reads ec2_instance makes (find_instances, default VPC/subnet, security groups, IAM profile ARN). */
import { ModuleFailure, type ModuleContext } from '@pgplay/engine/module-api';
import type { EC2Client, Instance, Reservation, SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk, iamSdk } from '../clients.js';
import { filterList } from '../ec2-tags.js';
import type { InstanceArgs } from './args.js';

export const NAME = 'amazon.aws.ec2_instance';
/** The module's client retry decorator: catch_extra_error_codes. */
export const RETRY = ['IncorrectState', 'InsuffienctInstanceCapacity', 'InvalidInstanceID.NotFound'];

export interface Io {
  ec2: EC2Client;
  ctx: ModuleContext;
  args: InstanceArgs;
}

/** find_instances: by IDs, or by filters whose keys (except tag:…) have `_` turned into `-`. */
export async function findInstances(io: Io, by: { ids?: string[]; filters?: Record<string, unknown> }): Promise<Instance[]> {
  const { DescribeInstancesCommand } = await ec2Sdk();
  let params: Record<string, unknown>;
  if (by.ids?.length) params = { InstanceIds: by.ids };
  else {
    const sanitized: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(by.filters ?? {})) sanitized[k.startsWith('tag:') ? k : k.replace(/_/g, '-')] = v;
    params = { Filters: filterList(sanitized) };
  }
  const out: Instance[] = [];
  let NextToken: string | undefined;
  do {
    const r = await awsSend<{ Reservations?: Reservation[]; NextToken?: string }>(io.ec2, new DescribeInstancesCommand({ ...params, ...(NextToken ? { NextToken } : {}) }), {
      what: 'Could not describe instances', retryCodes: RETRY, signal: io.ctx.signal,
    });
    for (const res of r.Reservations ?? []) out.push(...(res.Instances ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

export async function defaultVpc(io: Io): Promise<Vpc | undefined> {
  const { DescribeVpcsCommand } = await ec2Sdk();
  const r = await awsSend<{ Vpcs?: Vpc[] }>(io.ec2, new DescribeVpcsCommand({ Filters: filterList({ isDefault: 'true' }) }), { what: 'Could not describe default VPC', signal: io.ctx.signal });
  return r.Vpcs?.[0];
}

/** get_default_subnet: the default-for-az subnet of the zone, else the first zone's (sorted). */
export async function defaultSubnet(io: Io, vpc: Vpc | undefined, az?: string | null): Promise<Subnet | undefined> {
  if (!vpc) throw new ModuleFailure(`${NAME}: no default VPC in this region; set vpc_subnet_id`);
  const { DescribeSubnetsCommand } = await ec2Sdk();
  const r = await awsSend<{ Subnets?: Subnet[] }>(io.ec2, new DescribeSubnetsCommand({ Filters: filterList({ 'vpc-id': vpc.VpcId, state: 'available', 'default-for-az': 'true' }) }), {
    what: `Could not describe default subnets for VPC ${vpc.VpcId}`, signal: io.ctx.signal,
  });
  const subnets = r.Subnets ?? [];
  if (!subnets.length) return undefined;
  if (az) {
    const match = subnets.find((s) => s.AvailabilityZone === az);
    if (match) return match;
  }
  return [...subnets].sort((a, b) => (a.AvailabilityZone! < b.AvailabilityZone! ? -1 : a.AvailabilityZone! > b.AvailabilityZone! ? 1 : 0))[0];
}

/** The subnet a new interface (or a security-group comparison) uses when vpc_subnet_id is not set. */
export async function fallbackSubnetId(io: Io, what: string, az?: string | null): Promise<string> {
  const vpc = await defaultVpc(io);
  if (!vpc) throw new ModuleFailure(`No default subnet could be found - you must include a VPC subnet ID (vpc_subnet_id parameter) to ${what}`);
  const sub = await defaultSubnet(io, vpc, az);
  return sub!.SubnetId!;
}

/** discover_security_groups + get_ec2_security_group_ids_from_names. */
export async function securityGroupIds(io: Io, subnetId: string): Promise<string[]> {
  const { DescribeSubnetsCommand, DescribeSecurityGroupsCommand } = await ec2Sdk();
  const sub = await awsSend<{ Subnets?: Subnet[] }>(io.ec2, new DescribeSubnetsCommand({ SubnetIds: [subnetId] }), {
    what: `Error while searching for subnet ${subnetId} parent VPC.`, signal: io.ctx.signal,
  });
  const vpcId = sub.Subnets?.[0]?.VpcId;
  const wanted = io.args.security_group ? [io.args.security_group] : io.args.security_groups;
  const all = (await awsSend<{ SecurityGroups?: SecurityGroup[] }>(io.ec2, new DescribeSecurityGroupsCommand(vpcId ? { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] } : {}), { signal: io.ctx.signal })).SecurityGroups ?? [];
  const names = new Set(all.map((g) => g.GroupName));
  const unmatched = [...new Set(wanted)].filter((n) => !names.has(n));
  const ids = unmatched.filter((n) => /^sg-[a-fA-F0-9]+$/.test(n));
  const bad = unmatched.filter((n) => !/^sg-[a-fA-F0-9]+$/.test(n));
  // The collection raises ValueError here (a traceback); pgplay says the same as a clean failure.
  if (bad.length) throw new ModuleFailure(`The following group names are not valid: ${bad.join(', ')}`);
  return [...ids, ...all.filter((g) => wanted.includes(g.GroupName!)).map((g) => g.GroupId!)];
}

const PROFILE_ARN = /^arn:[^:]+:iam:[^:]*:[^:]*:instance-profile\/./;

/** determine_iam_role: an ARN as given, a name looked up through IAM. */
export async function instanceProfileArn(io: Io, nameOrArn: string): Promise<string> {
  if (PROFILE_ARN.test(nameOrArn)) return nameOrArn;
  const iam = await awsClient('iam', io.args, io.ctx, NAME);
  const { GetInstanceProfileCommand } = await iamSdk();
  const r = await awsSend<{ InstanceProfile?: { Arn?: string } }>(iam, new GetInstanceProfileCommand({ InstanceProfileName: nameOrArn }), {
    what: `Could not find iam_instance_profile ${nameOrArn}`, signal: io.ctx.signal,
  });
  return r.InstanceProfile!.Arn!;
}

/** describe_instance_attribute for one attribute, its {Value}. */
export async function instanceAttribute(io: Io, id: string, attribute: 'disableApiTermination' | 'ebsOptimized' | 'groupSet' | 'userData'): Promise<Record<string, unknown>> {
  const { DescribeInstanceAttributeCommand } = await ec2Sdk();
  return awsSend<Record<string, unknown>>(io.ec2, new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: attribute }), {
    what: `Could not describe attribute ${attribute} for instance ${id}`, retryCodes: RETRY, signal: io.ctx.signal,
  });
}
