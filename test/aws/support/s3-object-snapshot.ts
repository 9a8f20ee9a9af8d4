/** An S3 object read back through the SDK, in the shape of s3_object's diff. */
import { GetObjectTaggingCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export async function objectSnapshot(s3: S3Client, bucket: string, key: string): Promise<Record<string, unknown>> {
  let h;
  try {
    h = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return {};
    throw e;
  }
  const tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet ?? [];
  return { etag: h.ETag ?? null, size: h.ContentLength ?? null, metadata: h.Metadata ?? {}, tags: Object.fromEntries(tags.map((t) => [t.Key!, t.Value ?? ''])) };
}
