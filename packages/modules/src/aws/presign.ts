/**
 * S3 presigned URLs (SigV4 query signing, as botocore's generate_presigned_url makes them for
 * s3_object's `url`): signed locally with the task's credentials, no request is made. Written
 * here rather than adding @aws-sdk/s3-request-presigner: it is forty lines of HMAC.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AwsConnection } from './connection.js';

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** RFC 3986 encoding as SigV4 wants it; `/` kept in object keys. */
function uriEncode(s: string, keepSlash: boolean): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) return c;
      return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The URL of bucket/key: path style with an endpoint override (as the client addresses it), else virtual-host style. */
function objectUrl(conn: AwsConnection, bucket: string, key: string): URL {
  const path = uriEncode(key, true);
  if (conn.endpoint) {
    const base = new URL(conn.endpoint);
    return new URL(`${base.protocol}//${base.host}${base.pathname.replace(/\/$/, '')}/${bucket}/${path}`);
  }
  const region = conn.region || 'us-east-1';
  return new URL(`https://${bucket}.s3.${region}.amazonaws.com/${path}`);
}

export function presignS3Url(conn: AwsConnection, method: 'GET' | 'PUT', bucket: string, key: string, expiresIn: number, now = new Date()): string {
  const url = objectUrl(conn, bucket, key);
  const region = conn.region || 'us-east-1';
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const params: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${conn.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', 'host'],
    ...(conn.credentials.sessionToken ? ([['X-Amz-Security-Token', conn.credentials.sessionToken]] as [string, string][]) : []),
  ];
  const encoded = params.map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const);
  // SigV4 signs the parameters sorted; the URL lists them in botocore's order (the session token
  // after X-Amz-SignedHeaders), which is how ansible prints the URL.
  const sorted = [...encoded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
  const query = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  const canonical = [method, url.pathname, sorted, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key0 = hmac(hmac(hmac(hmac(`AWS4${conn.credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key0).update(toSign, 'utf8').digest('hex');
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signature}`;
}
