/**
 * amazon.aws.s3_object (collection 7.6, with its action plugin for `src`): objects in an existing
 * bucket. Modes as the collection has them: put (src / content / content_base64, metadata,
 * encryption, ACL, tags; skipped by `overwrite`: never, different = same MD5 ETag, always),
 * get (into dest, same overwrite rules plus latest), getstr, geturl, list (prefix, marker,
 * max_keys), delobj (always changed, as S3 deletes are), create (a "directory" key ending in /).
 * There is no `delete` mode in this version of the collection: deleting buckets is s3_bucket's.
 *
 * Check mode returns the collection's "… skipped - running in check mode" results. The collection
 * writes tags even in check mode (ensure_tags does not look at it); pgplay predicts them instead.
 * --diff (the collection has none) shows the object's size, ETag, metadata and tags.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsSend } from '../call.js';
import { awsClient, s3Sdk } from '../clients.js';
import { resolveConnection, type AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { amazonDeprecation } from '../deprecations.js';
import { awsErrorInfo } from '../errors.js';
import { resourceDiff } from '../diff.js';
import { presignS3Url } from '../presign.js';
import { pyStr, tagArgs, tagDictOf, tagDictToList, tagListToDict, type TagDict } from '../tags.js';

const NAME = 'amazon.aws.s3_object';
const ACLS = ['private', 'public-read', 'public-read-write', 'aws-exec-read', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control'];

type Mode = 'get' | 'put' | 'create' | 'geturl' | 'getstr' | 'delobj' | 'list' | 'copy';

interface ObjectArgs extends AwsConnectionArgs {
  bucket: string;
  dest?: string | null;
  encrypt: boolean;
  encryption_mode: 'AES256' | 'aws:kms';
  expiry: number;
  headers?: Record<string, unknown> | null;
  marker: string;
  max_keys: number;
  metadata?: Record<string, unknown> | null;
  mode: Mode;
  sig_v4: boolean;
  object?: string | null;
  permission: string[];
  version?: string | null;
  overwrite: string | boolean;
  prefix: string;
  retries: number;
  dualstack: boolean;
  ceph: boolean;
  src?: string | null;
  content?: string | null;
  content_base64?: string | null;
  ignore_nonexistent_bucket: boolean;
  encryption_kms_key_id?: string | null;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  copy_src?: Record<string, unknown> | null;
  validate_bucket_name: boolean;
}

interface ObjectActions {
  args: ObjectArgs;
  key: string;
  /** `report`: nothing to do, though the collection says changed (geturl, getstr). */
  op: 'upload' | 'tags' | 'download' | 'delete' | 'dirkey' | 'report';
  body?: string;
  src?: string;
  tags?: TagDict | null;
  aclDisabled: boolean;
  result: ModuleResult;
}

interface Head {
  ETag?: string;
  ContentLength?: number;
  LastModified?: Date;
  Metadata?: Record<string, string>;
  ContentType?: string;
}

/** option_in_extra_args: metadata keys that are PutObject parameters, not user metadata. */
const EXTRA_ARGS: Record<string, string> = {
  acl: 'ACL', cachecontrol: 'CacheControl', contentdisposition: 'ContentDisposition', contentencoding: 'ContentEncoding', contentlanguage: 'ContentLanguage',
  contenttype: 'ContentType', expires: 'Expires', grantfullcontrol: 'GrantFullControl', grantread: 'GrantRead', grantreadacp: 'GrantReadACP', grantwriteacp: 'GrantWriteACP',
  metadata: 'Metadata', requestpayer: 'RequestPayer', serversideencryption: 'ServerSideEncryption', storageclass: 'StorageClass', ssecustomeralgorithm: 'SSECustomerAlgorithm',
  ssecustomerkey: 'SSECustomerKey', ssecustomerkeymd5: 'SSECustomerKeyMD5', ssekmskeyid: 'SSEKMSKeyId', websiteredirectlocation: 'WebsiteRedirectLocation',
};

/** mimetypes.guess_type for the common cases; S3's default otherwise. */
const MIME: Record<string, string> = {
  '.txt': 'text/plain', '.html': 'text/html', '.htm': 'text/html', '.css': 'text/css', '.csv': 'text/csv', '.js': 'text/javascript', '.json': 'application/json',
  '.xml': 'application/xml', '.pdf': 'application/pdf', '.zip': 'application/zip', '.gz': 'application/gzip', '.tar': 'application/x-tar', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.sh': 'application/x-sh', '.py': 'text/x-python', '.md': 'text/markdown',
};
const guessContentType = (src?: string): string => (src && MIME[extname(src).toLowerCase()]) || 'binary/octet-stream';

/** The failure fail_json_aws makes of an S3 error (HeadObject/HeadBucket 404s have no body: botocore names them "404", "Not Found"). */
function s3Failure(e: unknown, op: string, msg: string): ModuleFailure {
  const info = awsErrorInfo(e, op);
  if (!info) return new ModuleFailure(`${msg}: ${(e as Error).message}`);
  const bare = info.httpStatus === 404 && (info.code === 'NotFound' || info.code === 'Unknown') ? { code: '404', message: 'Not Found' }
    : info.httpStatus === 403 && (info.code === 'Forbidden' || info.code === 'Unknown') ? { code: '403', message: 'Forbidden' } : { code: info.code, message: info.message };
  return new ModuleFailure(`${msg}: An error occurred (${bare.code}) when calling the ${op} operation: ${bare.message}`, {
    error: bare, response_metadata: { http_status_code: info.httpStatus, retry_attempts: info.retryAttempts },
  });
}

async function raw<T>(s3: S3Client, ctx: ModuleContext, command: object): Promise<T> {
  return (await s3.send(command as never, { abortSignal: ctx.signal })) as T;
}

/** key_check / _head_object: the object's head, or undefined when it does not exist. */
async function head(s3: S3Client, ctx: ModuleContext, bucket: string, key: string, version?: string | null): Promise<Head | undefined> {
  const { HeadObjectCommand } = await s3Sdk();
  try {
    return await raw<Head>(s3, ctx, new HeadObjectCommand({ Bucket: bucket, Key: key, ...(version ? { VersionId: version } : {}) }));
  } catch (e) {
    if (awsErrorInfo(e, '')?.httpStatus === 404) return undefined;
    throw s3Failure(e, 'HeadObject', `Failed while looking up object (during key check) ${key}.`);
  }
}

async function objectTags(s3: S3Client, ctx: ModuleContext, bucket: string, key: string, version?: string | null): Promise<TagDict> {
  const { GetObjectTaggingCommand } = await s3Sdk();
  const r = await awsSend<{ TagSet?: { Key?: string; Value?: string }[] } | undefined>(
    s3, new GetObjectTaggingCommand({ Bucket: bucket, Key: key, ...(version ? { VersionId: version } : {}) }), { what: 'Failed to get object tags.', absentCodes: ['NoSuchTagSet', 'NoSuchTagSetError'], signal: ctx.signal });
  return tagListToDict(r?.TagSet);
}

/** ensure_tags: the tags wanted (merged when not purging), or undefined when they are as wanted / unmanaged. */
function wantedTags(args: ObjectArgs, current: TagDict): TagDict | undefined {
  if (args.tags === undefined || args.tags === null) return undefined;
  const given = tagDictOf(args.tags);
  const want = args.purge_tags ? given : { ...current, ...given };
  const same = Object.keys(want).length === Object.keys(current).length && Object.entries(want).every(([k, v]) => current[k] === v);
  return same ? undefined : want;
}

const md5Etag = (b: Buffer): string => `"${createHash('md5').update(b).digest('hex')}"`;

/** The object as --diff shows it (and the test reads it back). */
function view(h: Head | undefined, tags: TagDict): Record<string, unknown> | undefined {
  if (!h) return undefined;
  return { etag: h.ETag ?? null, size: h.ContentLength ?? null, metadata: h.Metadata ?? {}, tags };
}

/** The action plugin's src: a file at that path (on the controller, where pgplay runs AWS modules), else one in files/. */
function sourcePath(src: string, ctx: ModuleContext): string {
  const p = src.startsWith('~') ? src.replace(/^~/, process.env['HOME'] ?? '~') : src;
  if (existsSync(resolve(p))) return resolve(p);
  return ctx.controller.findFile('files', p) ?? p;
}

function bodyOf(args: ObjectArgs): Buffer | undefined {
  if (args.content) return Buffer.from(args.content, 'utf8');
  if (args.content_base64) return Buffer.from(args.content_base64, 'base64');
  return undefined;
}

function refuseUnsupported(args: ObjectArgs): void {
  const bad: string[] = [];
  if (args.mode === 'copy') bad.push('mode=copy');
  if (args.dualstack) bad.push('dualstack');
  if (args.ceph) bad.push('ceph');
  if (args.headers && Object.keys(args.headers).length) bad.push('headers');
  if (bad.length) throw new ModuleFailure(`${NAME}: ${bad.join(', ')} not supported yet by pgplay`);
}

/** overwrite: the four words, or a boolean meaning always / never (deprecated in the collection). */
function overwriteOf(v: string | boolean): 'always' | 'never' | 'different' | 'latest' {
  if (v === 'always' || v === 'never' || v === 'different' || v === 'latest') return v;
  const t = String(v).toLowerCase();
  if (['yes', 'on', '1', 'true', 'y', 't'].includes(t) || v === true) return 'always';
  if (['no', 'off', '0', 'false', 'n', 'f'].includes(t) || v === false) return 'never';
  throw new ModuleFailure(`The value '${String(v)}' is not a valid boolean.  Valid booleans include: 0, 'on', 'f', 'false', 1, 'no', 'n', '1', '0', 't', 'y', 'off', 'yes', 'true'`);
}

export default defineAwsModule<ObjectArgs, ObjectActions>({
  name: NAME,
  // aws_s3 is the old name (ansible's routing and the collection's redirect); the short s3_object
  // is pgplay's (README, deliberate differences: short names for every AWS module).
  aliases: ['s3_object', 'amazon.aws.aws_s3', 'aws_s3'],
  doc: { short: 'Manage objects in S3' },
  options: {
    bucket: { type: 'string', description: 'The bucket.' },
    dest: { type: ['string', 'null'], description: 'Where get writes the object.' },
    encrypt: { type: 'boolean', default: true, description: 'Server-side encryption on put.' },
    encryption_mode: { type: 'string', enum: ['AES256', 'aws:kms'], default: 'AES256', description: 'Encryption kind.' },
    expiry: { type: 'integer', default: 600, 'x-aliases': ['expiration'], description: 'Lifetime of presigned URLs, in seconds.' },
    headers: { type: ['object', 'null'], description: 'Not supported by pgplay yet.' },
    marker: { type: 'string', default: '', description: 'list: start after this key.' },
    max_keys: { type: 'integer', default: 1000, description: 'list: the most keys per page.' },
    metadata: { type: ['object', 'null'], description: 'Object metadata (PutObject parameters such as Content-Type are sent as those).' },
    mode: { type: 'string', enum: ['get', 'put', 'create', 'geturl', 'getstr', 'delobj', 'list', 'copy'], description: 'What to do.' },
    sig_v4: { type: 'boolean', default: true, description: 'Signature version 4 (the only one pgplay signs with).' },
    object: { type: ['string', 'null'], description: 'The object key.' },
    permission: { type: 'array', items: { type: 'string', enum: ACLS }, default: ['private'], description: 'Canned ACLs for put/create.' },
    version: { type: ['string', 'null'], description: 'Object version for get/getstr/geturl.' },
    overwrite: { type: ['string', 'boolean'], default: 'different', 'x-aliases': ['force'], description: 'always, never, different (ETag) or latest (get: modification time).' },
    prefix: { type: 'string', default: '', description: 'list: only keys with this prefix.' },
    retries: { type: 'integer', default: 0, 'x-aliases': ['retry'], description: 'get: download retries.' },
    dualstack: { type: 'boolean', default: false, description: 'Not supported by pgplay yet.' },
    ceph: { type: 'boolean', default: false, 'x-aliases': ['rgw'], description: 'Not supported by pgplay yet.' },
    src: { type: ['string', 'null'], description: 'put: the file to upload.' },
    content: { type: ['string', 'null'], description: 'put: the object content as text.' },
    content_base64: { type: ['string', 'null'], description: 'put: the object content, base64-encoded.' },
    ignore_nonexistent_bucket: { type: 'boolean', default: false, description: 'Do not check that the bucket exists.' },
    encryption_kms_key_id: { type: ['string', 'null'], description: 'KMS key for aws:kms.' },
    ...tagArgs,
    copy_src: { type: ['object', 'null'], description: 'Not supported by pgplay yet.' },
    validate_bucket_name: { type: 'boolean', default: true, description: 'Accepted; the collection ignores its outcome.' },
  },
  relations: {
    required: ['bucket', 'mode'],
    'x-required-if': [
      ['ceph', true, ['endpoint_url'], false], ['mode', 'put', ['object'], false], ['mode', 'put', ['content', 'content_base64', 'src'], true], ['mode', 'create', ['object'], false],
      ['mode', 'get', ['dest', 'object'], false], ['mode', 'getstr', ['object'], false], ['mode', 'geturl', ['object'], false], ['mode', 'copy', ['copy_src'], false],
    ],
    'x-mutually-exclusive': [['content', 'content_base64', 'src']],
  },
  returns: {
    msg: { description: 'what was done', returned: 'always', type: 'str' },
    url: { description: 'presigned URL (PUT for put/create, GET for geturl and an unchanged put)', returned: 'put, create, geturl', type: 'str' },
    expiry: { description: 'the URL lifetime', returned: 'geturl, unchanged put', type: 'int' },
    tags: { description: 'the object tags', returned: 'put, create, geturl', type: 'dict' },
    contents: { description: 'the object as text', returned: 'getstr', type: 'str' },
    s3_keys: { description: 'the keys', returned: 'list', type: 'list' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'object',
  // main() on `overwrite` outside the four words (a boolean arrives as the str 'True'), then
  // populate_params() when it strips one leading '/' from the key, unless it failed first on an
  // overwrite value that is no boolean either.
  deprecations(args) {
    const legacy = !['always', 'never', 'different', 'latest'].includes(args.overwrite as string);
    const out = legacy ? [amazonDeprecation("Support for passing values of 'overwrite' other than 'always', 'never', 'different' or 'latest', has been deprecated.", '2024-12-01')] : [];
    try {
      overwriteOf(args.overwrite);
    } catch {
      return out;
    }
    return args.object?.startsWith('/') ? [...out, amazonDeprecation("Support for passing object key names with a leading '/' has been deprecated.", '2025-12-01')] : out;
  },

  async plan(args, ctx): Promise<Plan<ObjectActions>> {
    refuseUnsupported(args);
    const overwrite = overwriteOf(args.overwrite);
    const s3 = await awsClient('s3', args, ctx, NAME);
    const sdk = await s3Sdk();
    const bucket = args.bucket;
    let key = args.object ?? '';
    if (key.startsWith('/')) key = key.slice(1);
    const validate = !args.ignore_nonexistent_bucket;
    // validate_bucket: bucket_check, then whether the bucket disables ACLs.
    try {
      await raw(s3, ctx, new sdk.HeadBucketCommand({ Bucket: bucket }));
    } catch (e) {
      const status = awsErrorInfo(e, '')?.httpStatus;
      if (status === 404) {
        if (validate) {
          throw s3Failure(e, 'HeadBucket', `Bucket '${bucket}' not found (during bucket_check).  Support for automatically creating buckets was removed in release 6.0.0.  The amazon.aws.s3_bucket module can be used to create buckets.`);
        }
      } else if (status === 403) {
        if (validate) throw s3Failure(e, 'HeadBucket', `Permission denied accessing bucket '${bucket}' (during bucket_check).`);
      } else throw s3Failure(e, 'HeadBucket', `Failed while looking up bucket '${bucket}' (during bucket_check).`);
    }
    let aclDisabled = false;
    try {
      const own = await raw<{ OwnershipControls?: { Rules?: { ObjectOwnership?: string }[] } }>(s3, ctx, new sdk.GetBucketOwnershipControlsCommand({ Bucket: bucket }));
      aclDisabled = own.OwnershipControls?.Rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced';
    } catch {
      /* ClientError: no ownership controls */
    }
    const conn = resolveConnection(args, ctx, 's3', NAME);
    const a = (op: ObjectActions['op'], result: ModuleResult, extra: Partial<ObjectActions> = {}): ObjectActions => ({ args, key, op, aclDisabled, result, ...extra });
    const skipped = (what: 'PUT' | 'GET' | 'DELETE') => ({ msg: `${what} operation skipped - running in check mode` });

    switch (args.mode) {
      case 'list': {
        const keys: string[] = [];
        let token: string | undefined;
        do {
          let page: { Contents?: { Key?: string }[]; NextContinuationToken?: string; IsTruncated?: boolean };
          try {
            page = await raw(s3, ctx, new sdk.ListObjectsV2Command({
              Bucket: bucket, ...(args.prefix ? { Prefix: args.prefix } : {}), ...(args.marker ? { StartAfter: args.marker } : {}), ...(args.max_keys ? { MaxKeys: args.max_keys } : {}), ...(token ? { ContinuationToken: token } : {}),
            }));
          } catch (e) {
            throw s3Failure(e, 'ListObjectsV2', `Failed while listing the keys in the bucket ${bucket}`);
          }
          keys.push(...(page.Contents ?? []).map((c) => c.Key!));
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return { changed: false, result: { msg: 'LIST operation complete', s3_keys: keys } };
      }
      case 'delobj': {
        if (!key) throw new ModuleFailure('object parameter is required');
        const h = await head(s3, ctx, bucket, key);
        const before = h ? view(h, await objectTags(s3, ctx, bucket, key)) : undefined;
        const msg = `Object deleted from bucket ${bucket}.`;
        // S3 deletes succeed whether or not the key exists: the collection always reports a change.
        return { changed: true, actions: a('delete', { msg }), diff: resourceDiff('object', `s3://${bucket}/${key}`, before, undefined), result: ctx.check ? skipped('DELETE') : { msg } };
      }
      case 'geturl': {
        const h = await head(s3, ctx, bucket, key, args.version);
        if (!h) throw new ModuleFailure(`Key ${key} does not exist.`);
        const tags = await objectTags(s3, ctx, bucket, key, args.version);
        const result = { msg: 'Download url:', url: presignS3Url(conn, 'GET', bucket, key, args.expiry), tags, expiry: args.expiry };
        return { changed: true, actions: a('report', result), result };
      }
      case 'getstr': {
        const h = await head(s3, ctx, bucket, key, args.version);
        if (!h) throw new ModuleFailure(args.version ? `Key ${key} with version id ${args.version} does not exist.` : `Key ${key} does not exist.`);
        if (ctx.check) return { changed: true, result: skipped('GET') };
        const body = await getBody(s3, ctx, bucket, key, args.version);
        const result = { msg: 'GET operation complete', contents: body.toString('utf8') };
        return { changed: true, actions: a('report', result), result };
      }
      case 'get': {
        const h = await head(s3, ctx, bucket, key, args.version);
        if (!h) throw new ModuleFailure(args.version ? `Key ${key} with version id ${args.version} does not exist.` : `Key ${key} does not exist.`);
        const dest = resolve(args.dest!);
        if (existsSync(dest) && overwrite !== 'always') {
          if (overwrite === 'never') return { changed: false, result: { msg: 'Local object already exists and overwrite is disabled.' } };
          if (overwrite === 'different' && h.ETag && !h.ETag.includes('-') && md5Etag(readFileSync(dest)) === h.ETag) {
            return { changed: false, result: { msg: 'Local and remote object are identical, ignoring. Use overwrite=always parameter to force.' } };
          }
          if (overwrite === 'latest' && h.LastModified && h.LastModified.getTime() / 1000 <= statSync(dest).mtimeMs / 1000) {
            return { changed: false, result: { msg: 'Local object is latest, ignoreing. Use overwrite=always parameter to force.' } };
          }
        }
        const before = existsSync(dest) ? { path: dest, etag: md5Etag(readFileSync(dest)) } : undefined;
        return {
          changed: true, actions: a('download', { msg: 'GET operation complete' }),
          diff: resourceDiff('file', dest, before, { path: dest, etag: h.ETag ?? Unknown }), result: ctx.check ? skipped('GET') : { msg: 'GET operation complete' },
        };
      }
      case 'create': {
        if (!key.endsWith('/')) key += '/';
        if (await head(s3, ctx, bucket, key)) return { changed: false, result: { msg: `Bucket ${bucket} and key ${key} already exists.` } };
        const tags = wantedTags(args, {}) ?? {};
        return {
          changed: true, actions: a('dirkey', {}, { tags }),
          diff: resourceDiff('object', `s3://${bucket}/${key}`, undefined, { etag: md5Etag(Buffer.alloc(0)), size: 0, metadata: {}, tags }),
          result: ctx.check ? skipped('PUT') : {},
        };
      }
      case 'put': {
        let src: string | undefined;
        if (args.src !== undefined && args.src !== null) {
          src = sourcePath(args.src, ctx);
          if (!existsSync(src)) throw new ModuleFailure(`Local object "${args.src}" does not exist for PUT operation`);
        }
        const h = await head(s3, ctx, bucket, key, args.version);
        const body = src !== undefined ? readFileSync(src) : bodyOf(args) ?? Buffer.alloc(0);
        const tagsNow = h ? await objectTags(s3, ctx, bucket, key) : {};
        if (h && overwrite !== 'always' && (overwrite === 'never' || (h.ETag !== undefined && md5Etag(body) === h.ETag))) {
          // Unchanged object: its tags are still managed, and the answer is a download URL.
          const want = wantedTags(args, tagsNow);
          const result = { msg: 'Download url:', url: presignS3Url(conn, 'GET', bucket, key, args.expiry), tags: want ?? tagsNow, expiry: args.expiry };
          if (!want) return { changed: false, result };
          return { changed: true, actions: a('tags', result, { tags: want }), diff: resourceDiff('object', `s3://${bucket}/${key}`, view(h, tagsNow), view(h, want)), result };
        }
        const metadata = Object.fromEntries(Object.entries(args.metadata ?? {}).filter(([k]) => !EXTRA_ARGS[k.replace(/-/g, '').toLowerCase()]).map(([k, v]) => [k.toLowerCase(), pyStr(v)]));
        const tagsAfter = wantedTags(args, tagsNow) ?? tagsNow;
        const after = { etag: md5Etag(body), size: body.length, metadata, tags: tagsAfter };
        return {
          changed: true, actions: a('upload', {}, { ...(src !== undefined ? { src } : { body: body.toString('base64') }), tags: wantedTags(args, tagsNow) ?? null }),
          diff: resourceDiff('object', `s3://${bucket}/${key}`, h ? view(h, tagsNow) : undefined, after),
          result: ctx.check ? skipped('PUT') : {},
        };
      }
      default:
        throw new ModuleFailure(`${NAME}: mode=${args.mode} not supported yet by pgplay`);
    }
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const s3 = await awsClient('s3', args, ctx, NAME);
    const sdk = await s3Sdk();
    const bucket = args.bucket;
    const key = a.key;
    const conn = resolveConnection(args, ctx, 's3', NAME);
    const fail = (op: string, msg: string) => (e: unknown) => { throw s3Failure(e, op, msg); };
    const setTags = async (tags: TagDict | null | undefined): Promise<TagDict> => {
      if (tags) {
        if (Object.keys(tags).length) await awsSend(s3, new sdk.PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: tagDictToList(tags) } }), { what: 'Failed to update object tags.', retryCodes: ['NoSuchBucket', 'OperationAborted'], signal: ctx.signal });
        else await awsSend(s3, new sdk.DeleteObjectTaggingCommand({ Bucket: bucket, Key: key }), { what: 'Failed to delete object tags.', retryCodes: ['NoSuchBucket', 'OperationAborted'], signal: ctx.signal });
      }
      return objectTags(s3, ctx, bucket, key);
    };
    const acls = async () => {
      if (a.aclDisabled) return;
      for (const ACL of args.permission) {
        await raw(s3, ctx, new sdk.PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: ACL as never })).catch((e: unknown) => {
          const code = awsErrorInfo(e, '')?.code;
          if (code === 'AccessControlListNotSupported') ctx.log.warn('PutObjectAcl operation : The bucket does not allow ACLs.');
          else if (code === 'NotImplemented' || code === 'XNotImplemented') ctx.log.warn('PutObjectAcl is not implemented by your storage provider. Set the permissions parameters to the empty list to avoid this warning');
          else throw s3Failure(e, 'PutObjectAcl', `Failed while creating object ${key}.`);
        });
      }
    };
    const encryption = () => ({
      ...(args.encrypt ? { ServerSideEncryption: args.encryption_mode } : {}),
      ...(args.encryption_kms_key_id && args.encryption_mode === 'aws:kms' ? { SSEKMSKeyId: args.encryption_kms_key_id } : {}),
    });
    switch (a.op) {
      case 'report':
        return { changed: true, ...a.result };
      case 'delete':
        await raw(s3, ctx, new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(fail('DeleteObject', `Failed while trying to delete ${key}.`));
        return { changed: true, ...a.result };
      case 'tags':
        return { ...a.result, changed: true, tags: await setTags(a.tags) };
      case 'download': {
        const body = await getBody(s3, ctx, bucket, key, args.version);
        const dest = resolve(args.dest!);
        // Written beside the destination and renamed over it: a reader never sees half a file.
        const tmp = join(dirname(dest), `.${basename(dest)}.pgplay-${process.pid}.tmp`);
        try {
          writeFileSync(tmp, body);
          renameSync(tmp, dest);
        } catch (e) {
          if (existsSync(tmp)) unlinkSync(tmp);
          throw new ModuleFailure(`Failed while downloading ${key}.: ${(e as Error).message}`);
        }
        return { changed: true, ...a.result };
      }
      case 'dirkey': {
        await raw(s3, ctx, new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: new Uint8Array(0), ...encryption() } as never)).catch(fail('PutObject', `Failed while creating object ${key}.`));
        await acls();
        const tags = await setTags(args.tags === undefined || args.tags === null ? undefined : a.tags);
        return { changed: true, msg: `Virtual directory ${key} created in bucket ${bucket}`, url: presignS3Url(conn, 'PUT', bucket, key, args.expiry), tags };
      }
      default: {
        const extra: Record<string, unknown> = { ...encryption(), Metadata: {} };
        for (const [k, v] of Object.entries(args.metadata ?? {})) {
          const param = EXTRA_ARGS[k.replace(/-/g, '').toLowerCase()];
          if (param) extra[param] = v;
          else (extra['Metadata'] as Record<string, unknown>)[k] = pyStr(v);
        }
        if (!a.aclDisabled && args.permission.length) extra['ACL'] = args.permission[0];
        if (!('ContentType' in extra)) extra['ContentType'] = guessContentType(a.src);
        const Body = a.src !== undefined ? readFileSync(a.src) : Buffer.from(a.body ?? '', 'base64');
        await raw(s3, ctx, new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body, ...extra } as never)).catch(fail('PutObject', 'Unable to complete PUT operation.'));
        if (!a.aclDisabled) await acls();
        const tags = await setTags(a.tags);
        return { changed: true, msg: 'PUT operation complete', url: presignS3Url(conn, 'PUT', bucket, key, args.expiry), tags };
      }
    }
  },
});

/** _get_object_content */
async function getBody(s3: S3Client, ctx: ModuleContext, bucket: string, key: string, version?: string | null): Promise<Buffer> {
  const { GetObjectCommand } = await s3Sdk();
  try {
    const r = await raw<{ Body?: { transformToByteArray(): Promise<Uint8Array> } }>(s3, ctx, new GetObjectCommand({ Bucket: bucket, Key: key, ...(version ? { VersionId: version } : {}) }));
    return Buffer.from((await r.Body?.transformToByteArray()) ?? new Uint8Array(0));
  } catch (e) {
    throw s3Failure(e, 'GetObject', `Could not find the key ${key}.`);
  }
}
