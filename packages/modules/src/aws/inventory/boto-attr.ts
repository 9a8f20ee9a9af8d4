/** aws_ec2.py's hostname sources: DescribeInstances filter names mapped to instance attributes. */

const META: Record<string, string[]> = {
  'group-id': ['Groups', 'GroupId'], 'group-name': ['Groups', 'GroupName'], 'network-interface.attachment.instance-owner-id': ['OwnerId'],
  'owner-id': ['OwnerId'], 'requester-id': ['RequesterId'], 'reservation-id': ['ReservationId'],
};

const DATA: Record<string, string[]> = {
  affinity: ['Placement', 'Affinity'], architecture: ['Architecture'], 'availability-zone': ['Placement', 'AvailabilityZone'],
  'block-device-mapping.attach-time': ['BlockDeviceMappings', 'Ebs', 'AttachTime'], 'block-device-mapping.delete-on-termination': ['BlockDeviceMappings', 'Ebs', 'DeleteOnTermination'],
  'block-device-mapping.device-name': ['BlockDeviceMappings', 'DeviceName'], 'block-device-mapping.status': ['BlockDeviceMappings', 'Ebs', 'Status'],
  'block-device-mapping.volume-id': ['BlockDeviceMappings', 'Ebs', 'VolumeId'], 'client-token': ['ClientToken'], 'dns-name': ['PublicDnsName'],
  'host-id': ['Placement', 'HostId'], hypervisor: ['Hypervisor'], 'iam-instance-profile.arn': ['IamInstanceProfile', 'Arn'], 'image-id': ['ImageId'],
  'instance-id': ['InstanceId'], 'instance-lifecycle': ['InstanceLifecycle'], 'instance-state-code': ['State', 'Code'], 'instance-state-name': ['State', 'Name'],
  'instance-type': ['InstanceType'], 'instance.group-id': ['SecurityGroups', 'GroupId'], 'instance.group-name': ['SecurityGroups', 'GroupName'],
  'ip-address': ['PublicIpAddress'], 'kernel-id': ['KernelId'], 'key-name': ['KeyName'], 'launch-index': ['AmiLaunchIndex'], 'launch-time': ['LaunchTime'],
  'monitoring-state': ['Monitoring', 'State'], 'network-interface.addresses.private-ip-address': ['NetworkInterfaces', 'PrivateIpAddress'],
  'network-interface.addresses.primary': ['NetworkInterfaces', 'PrivateIpAddresses', 'Primary'],
  'network-interface.addresses.association.public-ip': ['NetworkInterfaces', 'PrivateIpAddresses', 'Association', 'PublicIp'],
  'network-interface.addresses.association.ip-owner-id': ['NetworkInterfaces', 'PrivateIpAddresses', 'Association', 'IpOwnerId'],
  'network-interface.association.public-ip': ['NetworkInterfaces', 'Association', 'PublicIp'], 'network-interface.association.ip-owner-id': ['NetworkInterfaces', 'Association', 'IpOwnerId'],
  'network-interface.association.allocation-id': ['ElasticGpuAssociations', 'ElasticGpuId'], 'network-interface.association.association-id': ['ElasticGpuAssociations', 'ElasticGpuAssociationId'],
  'network-interface.attachment.attachment-id': ['NetworkInterfaces', 'Attachment', 'AttachmentId'], 'network-interface.attachment.instance-id': ['InstanceId'],
  'network-interface.attachment.device-index': ['NetworkInterfaces', 'Attachment', 'DeviceIndex'], 'network-interface.attachment.status': ['NetworkInterfaces', 'Attachment', 'Status'],
  'network-interface.attachment.attach-time': ['NetworkInterfaces', 'Attachment', 'AttachTime'], 'network-interface.attachment.delete-on-termination': ['NetworkInterfaces', 'Attachment', 'DeleteOnTermination'],
  'network-interface.availability-zone': ['Placement', 'AvailabilityZone'], 'network-interface.description': ['NetworkInterfaces', 'Description'],
  'network-interface.group-id': ['NetworkInterfaces', 'Groups', 'GroupId'], 'network-interface.group-name': ['NetworkInterfaces', 'Groups', 'GroupName'],
  'network-interface.ipv6-addresses.ipv6-address': ['NetworkInterfaces', 'Ipv6Addresses', 'Ipv6Address'], 'network-interface.mac-address': ['NetworkInterfaces', 'MacAddress'],
  'network-interface.network-interface-id': ['NetworkInterfaces', 'NetworkInterfaceId'], 'network-interface.owner-id': ['NetworkInterfaces', 'OwnerId'],
  'network-interface.private-dns-name': ['NetworkInterfaces', 'PrivateDnsName'], 'network-interface.requester-managed': ['NetworkInterfaces', 'Association', 'IpOwnerId'],
  'network-interface.status': ['NetworkInterfaces', 'Status'], 'network-interface.source-dest-check': ['NetworkInterfaces', 'SourceDestCheck'],
  'network-interface.subnet-id': ['NetworkInterfaces', 'SubnetId'], 'network-interface.vpc-id': ['NetworkInterfaces', 'VpcId'],
  'placement-group-name': ['Placement', 'GroupName'], platform: ['Platform'], 'private-dns-name': ['PrivateDnsName'], 'private-ip-address': ['PrivateIpAddress'],
  'product-code': ['ProductCodes', 'ProductCodeId'], 'product-code.type': ['ProductCodes', 'ProductCodeType'], 'ramdisk-id': ['RamdiskId'], reason: ['StateTransitionReason'],
  'root-device-name': ['RootDeviceName'], 'root-device-type': ['RootDeviceType'], 'source-dest-check': ['SourceDestCheck'], 'spot-instance-request-id': ['SpotInstanceRequestId'],
  'state-reason-code': ['StateReason', 'Code'], 'state-reason-message': ['StateReason', 'Message'], 'subnet-id': ['SubnetId'], tag: ['Tags'], 'tag-key': ['Tags'], 'tag-value': ['Tags'],
  tenancy: ['Placement', 'Tenancy'], 'virtualization-type': ['VirtualizationType'], 'vpc-id': ['VpcId'],
};

const truthy = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v));

/** _compile_values */
function compileValues(obj: unknown, attr: string): unknown {
  if (obj === null || obj === undefined) return undefined;
  let temp: unknown;
  if (Array.isArray(obj)) {
    const list: unknown[] = [];
    for (const each of obj) {
      const v = compileValues(each, attr);
      if (truthy(v)) list.push(v);
    }
    temp = list;
  } else temp = (obj as Record<string, unknown>)[attr];
  if (Array.isArray(temp) && temp.length === 1) return temp[0];
  return temp;
}

/** _get_boto_attr_chain: a known filter name's value, else the name itself (a literal hostname). */
export function botoAttrChain(filter: string, instance: Record<string, unknown>): unknown {
  const chain = DATA[filter] ?? META[filter];
  if (!chain) return filter;
  let v: unknown = instance;
  for (const a of chain) v = compileValues(v, a);
  return v;
}
