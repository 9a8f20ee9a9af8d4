/** amazon.aws.ec2_instance's options (collection 7.6 argument_spec), as JSON Schema. */
import type { JSONSchema } from '@pgplay/engine/module-api';
import type { AwsConnectionArgs } from '../connection.js';
import { tagArgs } from '../tags.js';

export const STATES = ['present', 'started', 'running', 'stopped', 'restarted', 'rebooted', 'terminated', 'absent'] as const;
export type InstanceState = (typeof STATES)[number];

export interface MetadataOptions {
  http_endpoint: string;
  http_put_response_hop_limit: number;
  http_tokens: string;
  http_protocol_ipv6: string;
  instance_metadata_tags: string;
}

export interface InstanceArgs extends AwsConnectionArgs {
  state: InstanceState;
  wait: boolean;
  wait_timeout: number;
  count?: number | null;
  exact_count?: number | null;
  image?: { id?: string; ramdisk?: string; kernel?: string } | null;
  image_id?: string | null;
  instance_type?: string | null;
  user_data?: string | null;
  ebs_optimized?: boolean | null;
  vpc_subnet_id?: string | null;
  availability_zone?: string | null;
  security_groups: string[];
  security_group?: string | null;
  iam_instance_profile?: string | null;
  name?: string | null;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  filters?: Record<string, unknown> | null;
  key_name?: string | null;
  cpu_credit_specification?: string | null;
  tenancy?: string | null;
  placement_group?: string | null;
  placement?: Record<string, unknown> | null;
  instance_initiated_shutdown_behavior?: string | null;
  termination_protection?: boolean | null;
  detailed_monitoring?: boolean | null;
  instance_ids: string[];
  network?: Record<string, unknown> | null;
  volumes?: Record<string, unknown>[] | null;
  metadata_options?: MetadataOptions | null;
  additional_info?: string | null;
}

const str = (description: string, extra: Partial<JSONSchema> = {}): JSONSchema => ({ type: ['string', 'null'], description, ...extra });
const unsupported = (description: string, why: string): JSONSchema => ({ description, 'x-unsupported': why });

export const instanceOptions: Record<string, JSONSchema> = {
  state: { type: 'string', enum: [...STATES], default: 'present', description: 'Goal state of the matching instances.' },
  wait: { type: 'boolean', default: true, description: 'Wait for the desired state.' },
  wait_timeout: { type: 'integer', default: 600, description: 'How long to wait, in seconds.' },
  count: { type: ['integer', 'null'], description: 'Number of instances to launch (always launches).' },
  exact_count: { type: ['integer', 'null'], description: 'How many instances matching filters should exist.' },
  image: {
    type: ['object', 'null'], additionalProperties: false, description: 'The AMI ({id, ramdisk, kernel}).',
    properties: { id: { type: 'string' }, ramdisk: { type: 'string' }, kernel: { type: 'string' } },
  },
  image_id: str('AMI ID to launch.'),
  instance_type: str('Instance type (only needed to launch).'),
  user_data: str('Opaque user data made available to the instance.'),
  aap_callback: { ...unsupported('Ansible Automation Platform callback user data.', 'use user_data'), 'x-aliases': ['tower_callback'] },
  ebs_optimized: { type: ['boolean', 'null'], description: 'EBS-optimized instance.' },
  vpc_subnet_id: str('Subnet to launch in.', { 'x-aliases': ['subnet_id'] }),
  availability_zone: str('Availability zone whose default subnet to use.'),
  security_groups: { type: 'array', items: { type: 'string' }, default: [], description: 'Security group IDs or names.' },
  security_group: str('A security group ID or name.'),
  iam_instance_profile: str('Instance profile name or ARN.', { 'x-aliases': ['instance_role'] }),
  name: str('The Name tag.'),
  ...tagArgs,
  filters: { type: ['object', 'null'], description: 'DescribeInstances filters selecting the instances this task manages.' },
  launch_template: unsupported('A launch template to base the instance on.', 'launch templates are not implemented'),
  license_specifications: unsupported('License configurations.', 'license configurations are not implemented'),
  key_name: str('Key pair name.'),
  cpu_credit_specification: { type: ['string', 'null'], enum: ['standard', 'unlimited', null], description: 'T-series CPU credits.' },
  cpu_options: unsupported('Core count and threads per core.', 'CPU options are not implemented'),
  tenancy: { type: ['string', 'null'], enum: ['dedicated', 'default', null], description: 'Deprecated: placement.tenancy.' },
  placement_group: str('Deprecated: placement.group_name.'),
  placement: {
    type: ['object', 'null'], additionalProperties: false, description: 'Where the instance is launched.',
    properties: {
      affinity: { type: 'string' }, availability_zone: { type: 'string' }, group_name: { type: 'string' }, host_id: { type: 'string' },
      host_resource_group_arn: { type: 'string' }, partition_number: { type: 'integer' }, tenancy: { type: 'string', enum: ['dedicated', 'default', 'host'] },
    },
  },
  instance_initiated_shutdown_behavior: { type: ['string', 'null'], enum: ['stop', 'terminate', null], description: 'Stop or terminate on OS shutdown.' },
  termination_protection: { type: ['boolean', 'null'], description: 'API termination protection.' },
  hibernation_options: { type: 'boolean', 'x-unsupported': 'hibernation is not implemented', description: 'Hibernation.' },
  detailed_monitoring: { type: ['boolean', 'null'], description: 'Detailed CloudWatch monitoring.' },
  instance_ids: { type: 'array', items: { type: 'string' }, default: [], description: 'Instances to manage by ID.' },
  network: {
    type: ['object', 'null'], description: 'One interface ({assign_public_ip, private_ip_address, …}); network.interfaces is not supported yet.',
    properties: {
      interfaces: { type: 'array', description: 'Existing ENIs (not supported yet: refused when set).' },
      assign_public_ip: { type: 'boolean' }, private_ip_address: { type: 'string' }, ipv6_addresses: { type: 'array', items: { type: 'string' } },
      source_dest_check: { type: 'boolean' }, description: { type: 'string' },
    },
  },
  volumes: { type: ['array', 'null'], items: { type: 'object' }, description: 'Block device mappings ({device_name, ebs: {volume_size, volume_type, …}}).' },
  metadata_options: {
    type: ['object', 'null'], additionalProperties: false, description: 'Instance metadata service options.',
    properties: {
      http_endpoint: { type: 'string', enum: ['enabled', 'disabled'], default: 'enabled' },
      http_put_response_hop_limit: { type: 'integer', default: 1 },
      http_tokens: { type: 'string', enum: ['optional', 'required'], default: 'optional' },
      http_protocol_ipv6: { type: 'string', enum: ['disabled', 'enabled'], default: 'disabled' },
      instance_metadata_tags: { type: 'string', enum: ['disabled', 'enabled'], default: 'disabled' },
    },
  },
  additional_info: str('Reserved for Amazon.'),
};

export const instanceRelations: Partial<JSONSchema> = {
  'x-mutually-exclusive': [
    ['security_groups', 'security_group'], ['availability_zone', 'vpc_subnet_id'], ['aap_callback', 'user_data'], ['image_id', 'image'],
    ['exact_count', 'count'], ['exact_count', 'instance_ids'], ['tenancy', 'placement'], ['placement_group', 'placement'],
  ],
};

/** The suboption defaults ansible fills in when metadata_options is given. */
export function metadataWithDefaults(m: Partial<MetadataOptions> | null | undefined): MetadataOptions | null {
  if (!m) return null;
  return { http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: 'optional', http_protocol_ipv6: 'disabled', instance_metadata_tags: 'disabled', ...m };
}
