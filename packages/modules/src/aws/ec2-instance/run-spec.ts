/** build_run_instance_spec: the RunInstances request the collection sends (and returns as `spec`). */
import { randomUUID } from 'node:crypto';
import { ModuleFailure } from '@pgplay/engine/module-api';
import { tagDictToList } from '../tags.js';
import type { InstanceArgs } from './args.js';
import { metadataWithDefaults } from './args.js';
import { fallbackSubnetId, instanceProfileArn, securityGroupIds, type Io } from './lookups.js';

/** snake_dict_to_camel_dict(capitalize_first=True): "kms_key_id" → "KmsKeyId", nested dicts too. */
export function snakeToCamelDict(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeToCamelDict);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.split('_').map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : '_')).join(''), snakeToCamelDict(x)]));
  }
  return v;
}

/** build_volume_spec: integer sizes, gp3 defaults (iops 3000, throughput 125). */
function volumeSpec(args: InstanceArgs): unknown[] {
  return (args.volumes ?? []).map((vol) => {
    const v: Record<string, unknown> = { ...vol };
    if (v['ebs'] && typeof v['ebs'] === 'object') {
      const ebs: Record<string, unknown> = { ...(v['ebs'] as Record<string, unknown>) };
      for (const k of ['volume_size', 'iops']) if (k in ebs) ebs[k] = Number.parseInt(String(ebs[k]), 10);
      if (ebs['volume_type'] === 'gp3') {
        if (!ebs['iops']) ebs['iops'] = 3000;
        ebs['throughput'] = 'throughput' in ebs ? Number.parseInt(String(ebs['throughput']), 10) : 125;
      }
      v['ebs'] = ebs;
    }
    return snakeToCamelDict(v);
  });
}

/** build_network_spec for the single-interface form. */
async function networkSpec(io: Io): Promise<Record<string, unknown>[]> {
  const { args } = io;
  const network = args.network ?? {};
  if (network['interfaces']) throw new ModuleFailure('ec2_instance: network.interfaces (attaching existing ENIs) is not supported by pgplay yet');
  const spec: Record<string, unknown> = { DeviceIndex: 0 };
  if (network['assign_public_ip'] !== undefined && network['assign_public_ip'] !== null) spec['AssociatePublicIpAddress'] = network['assign_public_ip'];
  spec['SubnetId'] = args.vpc_subnet_id ? args.vpc_subnet_id : await fallbackSubnetId(io, 'create an instance', args.availability_zone);
  const v6 = network['ipv6_addresses'] as string[] | undefined;
  if (v6?.length) spec['Ipv6Addresses'] = v6.map((a) => ({ Ipv6Address: a }));
  if (network['private_ip_address']) spec['PrivateIpAddress'] = network['private_ip_address'];
  if (args.security_group || args.security_groups.length) spec['Groups'] = await securityGroupIds(io, spec['SubnetId'] as string);
  if (network['description'] !== undefined && network['description'] !== null) spec['Description'] = network['description'];
  return [spec];
}

/** build_top_level_options */
function topLevel(args: InstanceArgs): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (args.image_id) spec['ImageId'] = args.image_id;
  else if (args.image) {
    spec['ImageId'] = args.image.id;
    if ('ramdisk' in args.image) spec['RamdiskId'] = args.image.ramdisk;
    if ('kernel' in args.image) spec['KernelId'] = args.image.kernel;
  }
  if (!spec['ImageId']) throw new ModuleFailure('You must include an image_id or image.id parameter to create an instance, or use a launch_template.');
  if (args.key_name != null) spec['KeyName'] = args.key_name;
  if (args.user_data != null) spec['UserData'] = args.user_data;
  if (args.detailed_monitoring) spec['Monitoring'] = { Enabled: true };
  if (args.cpu_credit_specification != null) spec['CreditSpecification'] = { CpuCredits: args.cpu_credit_specification };
  if (args.tenancy != null) spec['Placement'] = { Tenancy: args.tenancy };
  if (args.placement_group) spec['Placement'] = { ...((spec['Placement'] as object) ?? {}), GroupName: String(args.placement_group) };
  if (args.placement != null) {
    const p = args.placement;
    const keys: [string, string][] = [['availability_zone', 'AvailabilityZone'], ['affinity', 'Affinity'], ['group_name', 'GroupName'], ['host_id', 'HostId'], ['host_resource_group_arn', 'HostResourceGroupArn'], ['partition_number', 'PartitionNumber'], ['tenancy', 'Tenancy']];
    spec['Placement'] = Object.fromEntries(keys.filter(([k]) => p[k] != null).map(([k, K]) => [K, p[k]]));
  }
  if (args.ebs_optimized != null) spec['EbsOptimized'] = args.ebs_optimized;
  if (args.instance_initiated_shutdown_behavior) spec['InstanceInitiatedShutdownBehavior'] = args.instance_initiated_shutdown_behavior;
  if (args.termination_protection != null) spec['DisableApiTermination'] = args.termination_protection;
  const md = metadataWithDefaults(args.metadata_options);
  if (md) {
    spec['MetadataOptions'] = { HttpEndpoint: md.http_endpoint, HttpTokens: md.http_tokens, HttpPutResponseHopLimit: md.http_put_response_hop_limit, HttpProtocolIpv6: md.http_protocol_ipv6, InstanceMetadataTags: md.instance_metadata_tags };
  }
  if (args.additional_info) spec['AdditionalInfo'] = args.additional_info;
  return spec;
}

/** The tags a new instance gets: tags + Name. */
export function launchTags(args: InstanceArgs): Record<string, unknown> {
  const tags: Record<string, unknown> = { ...(args.tags ?? {}) };
  if (args.name != null) tags['Name'] = args.name;
  return tags;
}

export async function buildRunSpec(io: Io, currentCount = 0): Promise<Record<string, unknown>> {
  const { args } = io;
  const spec: Record<string, unknown> = { ClientToken: randomUUID().replace(/-/g, ''), MaxCount: 1, MinCount: 1, ...topLevel(args) };
  spec['NetworkInterfaces'] = await networkSpec(io);
  spec['BlockDeviceMappings'] = volumeSpec(args);
  const tags = launchTags(args);
  if (Object.keys(tags).length) {
    const list = tagDictToList(tags);
    spec['TagSpecifications'] = ['volume', 'instance'].map((ResourceType) => ({ ResourceType, Tags: list }));
  }
  if (args.iam_instance_profile) spec['IamInstanceProfile'] = { Arn: await instanceProfileArn(io, args.iam_instance_profile) };
  if (args.exact_count) spec['MaxCount'] = spec['MinCount'] = args.exact_count - currentCount;
  if (args.count) spec['MaxCount'] = spec['MinCount'] = args.count;
  if (args.instance_type) spec['InstanceType'] = args.instance_type;
  else throw new ModuleFailure("At least one of 'instance_type' and 'launch_template' must be passed when launching instances.");
  return spec;
}
