/** The AWS modules (amazon.aws / community.aws names). */
import type { AnyModuleDefinition } from '@pgplay/engine/module-api';
import awsCallerInfo from './modules/aws-caller-info.js';
import ec2VpcNet from './modules/ec2-vpc-net.js';

export const awsModules: readonly AnyModuleDefinition[] = [awsCallerInfo, ec2VpcNet];
