/** An S3 bucket's managed settings read back through the SDK, in the shape of s3_bucket's diff. */
import {
  GetBucketEncryptionCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketTaggingCommand, GetBucketVersioningCommand,
  GetPublicAccessBlockCommand, HeadBucketCommand, S3Client,
} from '@aws-sdk/client-s3';
import type { Moto } from '../../harness/moto/moto.js';

export function s3Client(moto: Moto): S3Client {
  return new S3Client({ region: 'eu-central-1', endpoint: moto.url, forcePathStyle: true, credentials: { accessKeyId: moto.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: moto.env['AWS_SECRET_ACCESS_KEY']! } });
}

/** The answer, or undefined when the setting is not configured (an error answer). */
async function orNone<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if ((e as { $metadata?: unknown }).$metadata) return undefined;
    throw e;
  }
}

export async function bucketSnapshot(s3: S3Client, name: string): Promise<Record<string, unknown>> {
  const B = { Bucket: name };
  if (!(await orNone(s3.send(new HeadBucketCommand(B))))) return {};
  const versioning = await s3.send(new GetBucketVersioningCommand(B));
  const pab = await orNone(s3.send(new GetPublicAccessBlockCommand(B)));
  const policy = await orNone(s3.send(new GetBucketPolicyCommand(B)));
  const tags = await orNone(s3.send(new GetBucketTaggingCommand(B)));
  const enc = await orNone(s3.send(new GetBucketEncryptionCommand(B)));
  const own = await orNone(s3.send(new GetBucketOwnershipControlsCommand(B)));
  const sse = enc?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  return {
    versioning: versioning.Status ?? 'Disabled',
    public_access_block: pab?.PublicAccessBlockConfiguration ? { ...pab.PublicAccessBlockConfiguration } : {},
    policy: policy?.Policy ? JSON.parse(policy.Policy) : null,
    tags: Object.fromEntries((tags?.TagSet ?? []).map((t) => [t.Key!, t.Value ?? ''])),
    encryption: sse ? Object.fromEntries(Object.entries(sse).filter(([, v]) => v !== undefined)) : null,
    object_ownership: own?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null,
  };
}
