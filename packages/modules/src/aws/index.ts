/** The AWS modules (amazon.aws / community.aws names). */
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
import ec2Instance from './modules/ec2-instance.js';

export const awsModules: readonly AnyModuleDefinition[] = [awsCallerInfo, ec2VpcNet, ec2VpcIgw, ec2VpcSubnet, ec2SecurityGroup, ec2Key, ec2VpcRouteTable, ec2InstanceInfo, s3Bucket, ec2Instance];
