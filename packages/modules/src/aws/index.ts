/** The AWS modules (amazon.aws / community.aws names). One per line: parallel work adds lines. */
import type { AnyModuleDefinition } from '@pgplay/engine/module-api';
import awsCallerInfo from './modules/aws-caller-info.js';
import ec2VpcNet from './modules/ec2-vpc-net.js';
import ec2VpcIgw from './modules/ec2-vpc-igw.js';
import ec2VpcSubnet from './modules/ec2-vpc-subnet.js';
import ec2SecurityGroup from './modules/ec2-security-group.js';
import ec2Key from './modules/ec2-key.js';
import ec2VpcRouteTable from './modules/ec2-vpc-route-table.js';
import ec2InstanceInfo from './modules/ec2-instance-info.js';
import s3Bucket from './modules/s3-bucket.js';
import ec2VpcNetInfo from './modules/ec2-vpc-net-info.js';
import elbTargetGroup from './modules/elb-target-group.js';
import elbNetworkLb from './modules/elb-network-lb.js';
import elbTargetGroupInfo from './modules/elb-target-group-info.js';
import elbTargetInfo from './modules/elb-target-info.js';
import iamRole from './modules/iam-role.js';
import iamInstanceProfile from './modules/iam-instance-profile.js';
import iamPolicy from './modules/iam-policy.js';
import iamManagedPolicy from './modules/iam-managed-policy.js';
import ec2Instance from './modules/ec2-instance.js';
import s3Object from './modules/s3-object.js';

export const awsModules: readonly AnyModuleDefinition[] = [
  awsCallerInfo,
  ec2VpcNet,
  ec2VpcIgw,
  ec2VpcSubnet,
  ec2SecurityGroup,
  ec2Key,
  ec2VpcRouteTable,
  ec2InstanceInfo,
  s3Bucket,
  ec2VpcNetInfo,
  elbTargetGroup,
  elbNetworkLb,
  elbTargetGroupInfo,
  elbTargetInfo,
  iamRole,
  iamInstanceProfile,
  iamPolicy,
  iamManagedPolicy,
  ec2Instance,
  s3Object,
];
