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
  // Filters, not IDs: a deleted resource is an empty answer, not an error.
  const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Vpcs?.[0];
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

export async function igwSnapshot(ec2: EC2Client, igwId: string): Promise<Record<string, unknown>> {
  const { DescribeInternetGatewaysCommand } = await import('@aws-sdk/client-ec2');
  const igw = (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'internet-gateway-id', Values: [igwId] }] }))).InternetGateways?.[0];
  if (!igw) return {};
  return { id: igw.InternetGatewayId, attached_vpc_id: igw.Attachments?.[0]?.VpcId ?? null, tags: tagsOf(igw.Tags) };
}

export async function subnetSnapshot(ec2: EC2Client, subnetId: string): Promise<Record<string, unknown>> {
  const { DescribeSubnetsCommand } = await import('@aws-sdk/client-ec2');
  const s = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: [subnetId] }] }))).Subnets?.[0];
  if (!s) return {};
  return { id: s.SubnetId, vpc_id: s.VpcId, cidr_block: s.CidrBlock, availability_zone: s.AvailabilityZone, map_public_ip_on_launch: s.MapPublicIpOnLaunch === true, tags: tagsOf(s.Tags) };
}

/** Rules flattened one record per (ports × source), sorted: the security-group diff's shape. */
export async function sgSnapshot(ec2: EC2Client, groupId: string): Promise<Record<string, unknown>> {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const g = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroups?.[0];
  if (!g) return {};
  const flat = (perms: import('@aws-sdk/client-ec2').IpPermission[] | undefined) =>
    (perms ?? [])
      .flatMap((p) => {
        const base = { proto: p.IpProtocol, from_port: p.FromPort ?? null, to_port: p.ToPort ?? null };
        return [
          ...(p.IpRanges ?? []).map((r) => ({ ...base, cidr_ip: r.CidrIp, description: r.Description ?? null })),
          ...(p.Ipv6Ranges ?? []).map((r) => ({ ...base, cidr_ipv6: r.CidrIpv6, description: r.Description ?? null })),
          ...(p.PrefixListIds ?? []).map((r) => ({ ...base, prefix_list: r.PrefixListId, description: r.Description ?? null })),
          ...(p.UserIdGroupPairs ?? []).map((r) => ({ ...base, group: r.GroupId, description: r.Description ?? null })),
        ];
      })
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { group_id: g.GroupId, group_name: g.GroupName, description: g.Description, vpc_id: g.VpcId ?? null, tags: tagsOf(g.Tags), ingress: flat(g.IpPermissions), egress: flat(g.IpPermissionsEgress) };
}

export async function keySnapshot(ec2: EC2Client, name: string): Promise<Record<string, unknown>> {
  const { DescribeKeyPairsCommand } = await import('@aws-sdk/client-ec2');
  const k = (await ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [name] }] }))).KeyPairs?.[0];
  if (!k) return {};
  return { id: k.KeyPairId, fingerprint: k.KeyFingerprint, type: k.KeyType ?? null, tags: tagsOf(k.Tags) };
}

export async function routeTableSnapshot(ec2: EC2Client, id: string): Promise<Record<string, unknown>> {
  const { DescribeRouteTablesCommand } = await import('@aws-sdk/client-ec2');
  const t = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route-table-id', Values: [id] }] }))).RouteTables?.[0];
  if (!t) return {};
  const routes = (t.Routes ?? []).map((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== undefined && !['Origin', 'State'].includes(k)).sort(([a], [b]) => a.localeCompare(b))));
  return {
    id: t.RouteTableId,
    routes: routes.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as unknown),
    subnets: (t.Associations ?? []).filter((a) => !a.Main && a.SubnetId).map((a) => a.SubnetId!).sort(),
    tags: tagsOf(t.Tags),
  };
}
