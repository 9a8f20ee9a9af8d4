/**
 * Emulator state read back through the SDK, independently of pgplay's code, in the shape of the
 * modules' diffs: a check-mode diff must equal the difference between the snapshot before and the
 * snapshot after the real run.
 */
import assert from 'node:assert/strict';
import { DescribeVpcAttributeCommand, DescribeVpcsCommand, type EC2Client, type Tag } from '@aws-sdk/client-ec2';
import { UNKNOWN } from './unknown.js';

export const tagsOf = (tags: Tag[] | undefined): Record<string, string> => Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value ?? '']));

export async function vpcSnapshot(ec2: EC2Client, vpcId: string): Promise<Record<string, unknown>> {
  const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
  if (!vpc) return {};
  const attr = async (a: 'enableDnsSupport' | 'enableDnsHostnames') => {
    const r = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: a }));
    return (a === 'enableDnsSupport' ? r.EnableDnsSupport?.Value : r.EnableDnsHostnames?.Value) === true;
  };
  const cidrs = (vpc.CidrBlockAssociationSet ?? []).filter((c) => c.CidrBlockState?.State === 'associated').map((c) => c.CidrBlock!).sort();
  return {
    id: vpc.VpcId,
    cidr_blocks: cidrs,
    instance_tenancy: vpc.InstanceTenancy,
    dhcp_options_id: vpc.DhcpOptionsId,
    dns_support: await attr('enableDnsSupport'),
    dns_hostnames: await attr('enableDnsHostnames'),
    tags: tagsOf(vpc.Tags),
  };
}

/** `actual` (a diff side, where Unknown renders as its text) equals `expected` (a snapshot);
 * an Unknown in `actual` stands for any value. */
export function assertMatchesSnapshot(actual: unknown, expected: unknown, what: string): void {
  const fill = (a: unknown, e: unknown): unknown => {
    if (a === UNKNOWN) return e;
    if (Array.isArray(a) && Array.isArray(e)) return a.map((x, i) => fill(x, e[i]));
    if (a && typeof a === 'object' && e && typeof e === 'object') {
      return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, fill(v, (e as Record<string, unknown>)[k])]));
    }
    return a;
  };
  assert.deepEqual(fill(actual, expected), expected, what);
}
