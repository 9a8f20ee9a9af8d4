/**
 * SDK clients, made once per service + region + endpoint + credentials for the whole run
 * (ModuleContext.clients) and reused by every task. The SDK packages are loaded on first use:
 * a run without AWS tasks never pays for them.
 */
import { Agent } from 'node:https';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { S3Client } from '@aws-sdk/client-s3';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ModuleContext } from '@pgplay/engine/module-api';
import { resolveConnection, tlsOptions, type AwsConnection, type AwsConnectionArgs } from './connection.js';
import { guardAwsEndpoint } from './network-guard.js';

// The SDK warns on every run that its 2027 releases will need Node 22; pgplay pins its SDK
// version and supports Node 20, so the warning would only be noise in every AWS run's stderr.
// The SDK reads its switch while a client is constructed (once per process), so it is set only
// for that moment: left in process.env it would reach every command pgplay runs.
const QUIET = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
function quietly<T>(make: () => T): T {
  const had = Object.prototype.hasOwnProperty.call(process.env, QUIET);
  const old = process.env[QUIET];
  process.env[QUIET] = 'true';
  try {
    return make();
  } finally {
    if (had) process.env[QUIET] = old;
    else delete process.env[QUIET];
  }
}

export const ec2Sdk = (): Promise<typeof import('@aws-sdk/client-ec2')> => import('@aws-sdk/client-ec2');
export const s3Sdk = (): Promise<typeof import('@aws-sdk/client-s3')> => import('@aws-sdk/client-s3');
export const iamSdk = (): Promise<typeof import('@aws-sdk/client-iam')> => import('@aws-sdk/client-iam');
export const stsSdk = (): Promise<typeof import('@aws-sdk/client-sts')> => import('@aws-sdk/client-sts');
export const elbv2Sdk = (): Promise<typeof import('@aws-sdk/client-elastic-load-balancing-v2')> => import('@aws-sdk/client-elastic-load-balancing-v2');

interface ServiceMap {
  ec2: EC2Client;
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
  elbv2: ElasticLoadBalancingV2Client;
}
export type AwsService = keyof ServiceMap;

/** botocore's service names, for AWS_ENDPOINT_URL_<SERVICE>. */
const endpointServiceName: Record<AwsService, string> = { ec2: 'ec2', s3: 's3', iam: 'iam', sts: 'sts', elbv2: 'elastic_load_balancing_v2' };

/** The configuration every client shares. */
function baseConfig(conn: AwsConnection): Record<string, unknown> {
  const tls = tlsOptions(conn);
  return {
    region: conn.region,
    credentials: conn.credentials,
    ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
    ...(tls ? { requestHandler: { httpsAgent: new Agent(tls) } } : {}),
  };
}

async function makeClient<S extends AwsService>(service: S, conn: AwsConnection): Promise<ServiceMap[S]> {
  const cfg = baseConfig(conn);
  switch (service) {
    case 'ec2': {
      const sdk = await ec2Sdk();
      return quietly(() => new sdk.EC2Client(cfg)) as ServiceMap[S];
    }
    // Path-style addressing: with an endpoint override, virtual-host style would send requests
    // to <bucket>.<endpoint host>, a name that resolves nowhere (or somewhere else).
    case 's3': {
      const sdk = await s3Sdk();
      return quietly(() => new sdk.S3Client({ ...cfg, forcePathStyle: conn.endpoint !== undefined })) as ServiceMap[S];
    }
    case 'iam': {
      const sdk = await iamSdk();
      return quietly(() => new sdk.IAMClient(cfg)) as ServiceMap[S];
    }
    case 'sts': {
      const sdk = await stsSdk();
      return quietly(() => new sdk.STSClient(cfg)) as ServiceMap[S];
    }
    default: {
      const sdk = await elbv2Sdk();
      return quietly(() => new sdk.ElasticLoadBalancingV2Client(cfg)) as ServiceMap[S];
    }
  }
}

/** A client of its own for a resolved connection (the inventory plug-in, which has no task context). */
export async function awsClientFor<S extends AwsService>(service: S, conn: AwsConnection): Promise<ServiceMap[S]> {
  await guardAwsEndpoint(conn.env, conn.endpoint, service);
  return makeClient(service, conn);
}

/** A client for the task's connection options, shared across tasks with the same connection. */
export async function awsClient<S extends AwsService>(service: S, args: AwsConnectionArgs, ctx: ModuleContext, moduleName: string): Promise<ServiceMap[S]> {
  const conn = resolveConnection(args, ctx, endpointServiceName[service], moduleName);
  await guardAwsEndpoint(conn.env, conn.endpoint, service);
  return ctx.clients.get(`aws:${service}:${conn.key}`, () => makeClient(service, conn));
}
