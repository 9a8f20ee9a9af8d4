/**
 * amazon.aws.s3_bucket (collection 7.6): a bucket with versioning, tags, default encryption,
 * public access block, policy and object ownership; deleted (emptied first with force).
 *
 * The collection has no check mode (ansible skips the task); pgplay predicts the same changes it
 * would make, and reports them as a diff of the managed settings.
 */
import { isDeepStrictEqual } from 'node:util';
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsSend } from '../call.js';
import { awsClient, s3Sdk } from '../clients.js';
import { resolveConnection, type AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { policiesDiffer, policyValue } from '../policy.js';
import { pyStr, tagArgs, tagDictToList, tagListToDict, type TagDict } from '../tags.js';

const NAME = 'amazon.aws.s3_bucket';
const RETRY = ['NoSuchBucket', 'OperationAborted'];

type PublicAccess = Record<string, boolean>;

interface BucketArgs extends AwsConnectionArgs {
  name: string;
  state: 'present' | 'absent';
  force: boolean;
  policy?: unknown;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  versioning?: boolean | null;
  encryption?: 'none' | 'AES256' | 'aws:kms' | null;
  encryption_key_id?: string | null;
  public_access?: Record<string, boolean | null> | null;
  delete_public_access: boolean;
  object_ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | null;
  delete_object_ownership: boolean;
  validate_bucket_name: boolean;
  object_lock_enabled?: boolean | null;
  requester_pays?: boolean | null;
  acl?: string | null;
  bucket_key_enabled?: boolean | null;
  ceph: boolean;
  dualstack: boolean;
}

/** What the bucket has now, as the collection reads it. */
interface BucketState {
  versioning: { Status?: string; MFADelete?: string };
  publicAccess: PublicAccess | Record<string, never>;
  policy: unknown;
  tags: TagDict;
  encryption: Record<string, string> | null;
  ownership: string | null;
  objectLock: boolean;
}

interface BucketActions {
  args: BucketArgs;
  create: boolean;
  delete?: boolean;
  versioning?: 'Enabled' | 'Suspended';
  publicAccess?: PublicAccess | 'delete';
  policy?: unknown;
  tags?: TagDict | 'delete';
  encryption?: Record<string, string> | 'delete';
  ownership?: string | 'delete';
}

/** validate_bucket_name (module_utils/s3.py). */
function bucketNameError(name: string): string | undefined {
  if (name.length < 3) return 'the length of an S3 bucket must be at least 3 characters';
  if (name.length > 63) return 'the length of an S3 bucket cannot exceed 63 characters';
  if (/[^a-z0-9.-]/.test(name)) return 'invalid character(s) found in the bucket name';
  if (!/[a-z0-9]$/.test(name)) return 'bucket names must begin and end with a letter or number';
  return undefined;
}

async function bucketExists(s3: S3Client, ctx: ModuleContext, name: string): Promise<boolean> {
  const { HeadBucketCommand } = await s3Sdk();
  // HeadBucket has no body: a missing bucket is a bare 404, which the SDK names NotFound
  // (botocore's code "404").
  const r = await awsSend<object | undefined>(s3, new HeadBucketCommand({ Bucket: name }), { what: 'Failed to check bucket presence', absentCodes: ['NotFound', 'NoSuchBucket'], signal: ctx.signal });
  return r !== undefined;
}

/** A read that answers "nothing configured" with one of `absent` error codes. */
async function read<T>(s3: S3Client, ctx: ModuleContext, command: object, what: string, absent: string[]): Promise<T | undefined> {
  return awsSend<T | undefined>(s3, command, { what, absentCodes: absent, retryCodes: RETRY, signal: ctx.signal });
}

async function readState(s3: S3Client, ctx: ModuleContext, name: string): Promise<BucketState> {
  const sdk = await s3Sdk();
  const B = { Bucket: name };
  const versioning = (await read<{ Status?: string; MFADelete?: string }>(s3, ctx, new sdk.GetBucketVersioningCommand(B), 'Failed to get bucket versioning', [])) ?? {};
  const pab = await read<{ PublicAccessBlockConfiguration?: PublicAccess }>(s3, ctx, new sdk.GetPublicAccessBlockCommand(B), 'Failed to get bucket public access configuration', ['NoSuchPublicAccessBlockConfiguration']);
  const pol = await read<{ Policy?: string }>(s3, ctx, new sdk.GetBucketPolicyCommand(B), 'Failed to get bucket policy', ['NoSuchBucketPolicy']);
  const tags = await read<{ TagSet?: { Key?: string; Value?: string }[] }>(s3, ctx, new sdk.GetBucketTaggingCommand(B), 'Failed to get bucket tags', ['NoSuchTagSet', 'NoSuchTagSetError']);
  const enc = await read<{ ServerSideEncryptionConfiguration?: { Rules?: { ApplyServerSideEncryptionByDefault?: Record<string, string> }[] } }>(
    s3, ctx, new sdk.GetBucketEncryptionCommand(B), 'Failed to get bucket encryption settings', ['ServerSideEncryptionConfigurationNotFoundError']);
  const own = await read<{ OwnershipControls?: { Rules?: { ObjectOwnership?: string }[] } }>(
    s3, ctx, new sdk.GetBucketOwnershipControlsCommand(B), 'Failed to get bucket object ownership settings', ['OwnershipControlsNotFoundError', 'NoSuchOwnershipControls']);
  const lock = await read<{ ObjectLockConfiguration?: { ObjectLockEnabled?: string } }>(s3, ctx, new sdk.GetObjectLockConfigurationCommand(B), 'Failed to fetch bucket object lock state', ['ObjectLockConfigurationNotFoundError']);
  const encryption = enc?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  return {
    versioning: { ...(versioning.Status ? { Status: versioning.Status } : {}), ...(versioning.MFADelete ? { MFADelete: versioning.MFADelete } : {}) },
    publicAccess: pab?.PublicAccessBlockConfiguration ? { ...pab.PublicAccessBlockConfiguration } : {},
    policy: pol?.Policy ? (JSON.parse(pol.Policy) as unknown) : null,
    tags: tagListToDict(tags?.TagSet),
    encryption: encryption ? Object.fromEntries(Object.entries(encryption).filter(([, v]) => v !== undefined)) : null,
    ownership: own?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null,
    objectLock: lock?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
  };
}

const EMPTY: BucketState = { versioning: {}, publicAccess: {}, policy: null, tags: {}, encryption: null, ownership: null, objectLock: false };

/** The module's result keys for a bucket in state `s` (as create_or_update_bucket returns them). */
function resultOf(args: BucketArgs, s: Omit<BucketState, 'encryption' | 'ownership'> & { encryption: unknown; ownership: unknown }): ModuleResult {
  return {
    name: args.name,
    versioning: { Versioning: s.versioning.Status ?? 'Disabled', MfaDelete: s.versioning.MFADelete ?? 'Disabled' },
    requester_pays: null,
    ...(args.public_access || args.delete_public_access ? { public_access_block: s.publicAccess } : {}),
    policy: s.policy,
    tags: s.tags,
    encryption: s.encryption,
    object_ownership: s.ownership,
    object_lock_enabled: s.objectLock,
  };
}

/** The managed settings, for --diff. */
function view(s: { versioning: { Status?: string }; publicAccess: unknown; policy: unknown; tags: TagDict; encryption: unknown; ownership: unknown }): Record<string, unknown> {
  return { versioning: s.versioning.Status ?? 'Disabled', public_access_block: s.publicAccess, policy: s.policy, tags: s.tags, encryption: s.encryption, object_ownership: s.ownership };
}

/** public_access with its suboptions' defaults, in the API's CamelCase. */
function publicAccessBlock(p: Record<string, boolean | null>): PublicAccess {
  const v = (k: string) => p[k] ?? false;
  return { BlockPublicAcls: v('block_public_acls'), IgnorePublicAcls: v('ignore_public_acls'), BlockPublicPolicy: v('block_public_policy'), RestrictPublicBuckets: v('restrict_public_buckets') };
}

/** Options pgplay does not implement yet: refused before AWS is asked. */
function refuseUnsupported(args: BucketArgs): void {
  const unsupported: string[] = [];
  if (args.requester_pays !== undefined && args.requester_pays !== null) unsupported.push('requester_pays');
  if (args.acl) unsupported.push('acl');
  if (args.bucket_key_enabled !== undefined && args.bucket_key_enabled !== null) unsupported.push('bucket_key_enabled');
  if (args.object_lock_enabled) unsupported.push('object_lock_enabled=true');
  if (args.ceph) unsupported.push('ceph');
  if (args.dualstack) unsupported.push('dualstack');
  if (unsupported.length) throw new ModuleFailure(`${NAME}: ${unsupported.join(', ')} not supported yet by pgplay`);
}

/** Every change create_or_update_bucket would make, with the state it leaves. */
function planChanges(args: BucketArgs, cur: BucketState, create: boolean): { actions: BucketActions; after: Omit<BucketState, 'encryption' | 'ownership'> & { encryption: unknown; ownership: unknown } } {
  const a: BucketActions = { args, create };
  const after: Omit<BucketState, 'encryption' | 'ownership'> & { encryption: unknown; ownership: unknown } = { ...cur, versioning: { ...cur.versioning } };
  // What a new bucket's encryption and ownership default to is the endpoint's choice.
  if (create) {
    if (args.encryption === undefined || args.encryption === null) after.encryption = Unknown;
    if (!args.object_ownership && !args.delete_object_ownership) after.ownership = Unknown;
  }
  if (args.versioning === true && cur.versioning.Status !== 'Enabled') a.versioning = 'Enabled';
  else if (args.versioning === false && cur.versioning.Status === 'Enabled') a.versioning = 'Suspended';
  if (a.versioning) after.versioning.Status = a.versioning;

  if (args.public_access) {
    const want = publicAccessBlock(args.public_access);
    if (!isDeepStrictEqual(cur.publicAccess, want)) a.publicAccess = want;
    after.publicAccess = want;
  }
  if (args.delete_public_access) {
    if (Object.keys(cur.publicAccess).length) a.publicAccess = 'delete';
    after.publicAccess = {};
  }

  if (args.policy !== undefined && args.policy !== null) {
    let want: unknown;
    try {
      want = policyValue(args.policy, 'policy');
    } catch (e) {
      throw new ModuleFailure(`${NAME}: ${(e as Error).message}`);
    }
    // An empty policy removes the bucket's policy. The collection then waits for the live
    // policy to equal {} (never: there is none) and fails after a minute, and with no policy
    // present it puts "{}"; pgplay deletes, succeeds, and treats "none" as matching {}.
    const empty = !want || (typeof want === 'object' && Object.keys(want).length === 0);
    if (empty) {
      if (cur.policy && (typeof cur.policy !== 'object' || Object.keys(cur.policy).length)) {
        a.policy = null;
        after.policy = null;
      }
    } else if (policiesDiffer(cur.policy, want)) {
      a.policy = want;
      after.policy = want;
    }
  }

  if (args.tags !== undefined && args.tags !== null) {
    let want: TagDict = Object.fromEntries(Object.entries(args.tags).map(([k, v]) => [k, pyStr(v)]));
    if (!args.purge_tags) want = { ...cur.tags, ...want };
    if (!isDeepStrictEqual(cur.tags, want)) {
      if (Object.keys(want).length) a.tags = want;
      else if (args.purge_tags) a.tags = 'delete';
      after.tags = want;
    }
  }

  if (args.encryption) {
    const alg = cur.encryption?.['SSEAlgorithm'];
    const key = cur.encryption?.['KMSMasterKeyID'];
    if (args.encryption === 'none') {
      if (alg !== undefined) {
        a.encryption = 'delete';
        after.encryption = null;
      }
    } else if (args.encryption !== alg || (args.encryption === 'aws:kms' && key !== (args.encryption_key_id ?? undefined))) {
      const want: Record<string, string> = { SSEAlgorithm: args.encryption };
      if (args.encryption === 'aws:kms' && args.encryption_key_id) want['KMSMasterKeyID'] = args.encryption_key_id;
      a.encryption = want;
      after.encryption = want;
    }
  }

  if (args.delete_object_ownership) {
    if (cur.ownership !== null) {
      a.ownership = 'delete';
      after.ownership = null;
    }
  } else if (args.object_ownership && cur.ownership !== args.object_ownership) {
    a.ownership = args.object_ownership;
    after.ownership = args.object_ownership;
  }
  return { actions: a, after };
}

const hasChanges = (a: BucketActions): boolean =>
  a.create || [a.versioning, a.publicAccess, a.policy, a.tags, a.encryption, a.ownership].some((x) => x !== undefined);

async function emptyBucket(s3: S3Client, ctx: ModuleContext, name: string): Promise<void> {
  const sdk = await s3Sdk();
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  for (;;) {
    const page = await awsSend<{ Versions?: { Key?: string; VersionId?: string }[]; DeleteMarkers?: { Key?: string; VersionId?: string }[]; IsTruncated?: boolean; NextKeyMarker?: string; NextVersionIdMarker?: string }>(
      s3, new sdk.ListObjectVersionsCommand({ Bucket: name, KeyMarker, VersionIdMarker }), { what: 'Failed while deleting bucket', signal: ctx.signal });
    // Unversioned objects (VersionId "null") are deleted without one, as the collection does.
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((o) => (o.VersionId && o.VersionId !== 'null' ? { Key: o.Key!, VersionId: o.VersionId } : { Key: o.Key! }));
    if (objects.length) {
      const r = await awsSend<{ Errors?: { Key?: string }[] }>(s3, new sdk.DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects } }), { what: 'Failed while deleting bucket', signal: ctx.signal });
      if (r.Errors?.length) {
        throw new ModuleFailure(`Could not empty bucket before deleting. Could not delete objects: ${r.Errors.map((e) => e.Key).join(', ')}`, { errors: r.Errors });
      }
    }
    if (!page.IsTruncated) return;
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
  }
}

export default defineAwsModule<BucketArgs, BucketActions>({
  name: NAME,
  aliases: ['s3_bucket'],
  doc: { short: 'Manage S3 buckets' },
  options: {
    name: { type: 'string', description: 'Name of the bucket.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the bucket exists.' },
    force: { type: 'boolean', default: false, description: 'With state=absent, delete every object (and version) first.' },
    policy: { type: ['string', 'object', 'null'], description: 'The bucket policy, as JSON text or a dict; {} removes it.' },
    ...tagArgs,
    versioning: { type: ['boolean', 'null'], description: 'Enable (true) or suspend (false) versioning.' },
    encryption: { type: ['string', 'null'], enum: ['none', 'AES256', 'aws:kms', null], description: 'Default server-side encryption.' },
    encryption_key_id: { type: ['string', 'null'], description: 'KMS key for aws:kms encryption.' },
    public_access: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: Object.fromEntries(['block_public_acls', 'ignore_public_acls', 'block_public_policy', 'restrict_public_buckets'].map((k) => [k, { type: ['boolean', 'null'], default: false }])),
      description: 'The public access block settings.',
    },
    delete_public_access: { type: 'boolean', default: false, description: 'Remove the public access block.' },
    object_ownership: { type: ['string', 'null'], enum: ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter', null], description: 'Object ownership setting.' },
    delete_object_ownership: { type: 'boolean', default: false, description: 'Remove the object ownership setting.' },
    validate_bucket_name: { type: 'boolean', default: true, description: 'Check the name against the S3 naming rules first.' },
    object_lock_enabled: { type: ['boolean', 'null'], description: 'Object lock (only false is supported by pgplay yet).' },
    requester_pays: { type: ['boolean', 'null'], description: 'Not supported by pgplay yet.' },
    acl: { type: ['string', 'null'], enum: ['private', 'public-read', 'public-read-write', 'authenticated-read', null], description: 'Not supported by pgplay yet.' },
    bucket_key_enabled: { type: ['boolean', 'null'], description: 'Not supported by pgplay yet.' },
    ceph: { type: 'boolean', default: false, 'x-aliases': ['rgw'], description: 'Not supported by pgplay yet.' },
    dualstack: { type: 'boolean', default: false, description: 'Not supported by pgplay yet.' },
  },
  relations: {
    required: ['name'],
    'x-mutually-exclusive': [['public_access', 'delete_public_access'], ['delete_object_ownership', 'object_ownership'], ['dualstack', 'endpoint_url']],
  },
  returns: {
    name: { description: 'name of the bucket', returned: 'when state is present', type: 'str' },
    versioning: { description: 'Versioning and MfaDelete status', returned: 'when state is present', type: 'dict' },
    tags: { description: 'tags of the bucket', returned: 'when state is present', type: 'dict' },
    policy: { description: 'the bucket policy', returned: 'when state is present', type: 'dict' },
    encryption: { description: 'default encryption (SSEAlgorithm, KMSMasterKeyID)', returned: 'when state is present', type: 'dict' },
    public_access_block: { description: 'the public access block', returned: 'when public_access or delete_public_access is set', type: 'dict' },
    object_ownership: { description: 'object ownership setting', returned: 'when state is present', type: 'str' },
    object_lock_enabled: { description: 'whether object lock is enabled', returned: 'when state is present', type: 'bool' },
    requester_pays: { description: 'the requester_pays option (always null: not supported yet)', returned: 'when state is present', type: 'bool' },
  },
  capabilities: { check: 'full', diff: 'full' },

  async plan(args, ctx): Promise<Plan<BucketActions>> {
    // required_by (the engine's schema has no such relation yet): AnsibleModule's own message.
    if (args.encryption_key_id && !args.encryption) throw new ModuleFailure("missing parameter(s) required by 'encryption_key_id': encryption");
    if (args.encryption_key_id && args.encryption !== 'aws:kms') {
      throw new ModuleFailure("Only 'aws:kms' is a valid option for encryption parameter when you specify encryption_key_id.");
    }
    refuseUnsupported(args);
    if (args.validate_bucket_name) {
      const err = bucketNameError(args.name);
      if (err) throw new ModuleFailure(err);
    }
    const s3 = await awsClient('s3', args, ctx, NAME);
    const exists = await bucketExists(s3, ctx, args.name);
    if (args.state === 'absent') {
      if (!exists) return { changed: false, result: {} };
      const now = await readState(s3, ctx, args.name);
      return { changed: true, actions: { args, create: false, delete: true }, diff: resourceDiff('bucket', args.name, view(now), undefined), result: {} };
    }
    const cur = exists ? await readState(s3, ctx, args.name) : EMPTY;
    if (exists && cur.objectLock) throw new ModuleFailure('Disabling object lock for existing buckets is not supported');
    const { actions, after } = planChanges(args, cur, !exists);
    const result = resultOf(args, after);
    if (!hasChanges(actions)) return { changed: false, result };
    return { changed: true, actions, diff: resourceDiff('bucket', args.name, exists ? view(cur) : undefined, view(after)), result };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const s3 = await awsClient('s3', args, ctx, NAME);
    const sdk = await s3Sdk();
    const B = { Bucket: args.name };
    const send = (command: object, what: string) => awsSend(s3, command, { what, retryCodes: RETRY, signal: ctx.signal });
    if (a.delete) {
      if (args.force) await emptyBucket(s3, ctx, args.name);
      await send(new sdk.DeleteBucketCommand(B), 'Failed to delete bucket');
      return { changed: true };
    }
    if (a.create) {
      const region = resolveConnection(args, ctx, 's3', NAME).region || 'us-east-1';
      // BucketAlreadyOwnedByYou: raced with another creator of the same bucket; it exists, as asked.
      await awsSend(s3, new sdk.CreateBucketCommand({
        ...B,
        ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}),
        ...(args.object_lock_enabled !== undefined && args.object_lock_enabled !== null ? { ObjectLockEnabledForBucket: args.object_lock_enabled } : {}),
      }), { what: 'Failed while creating bucket', absentCodes: ['BucketAlreadyOwnedByYou'], signal: ctx.signal });
    }
    if (a.versioning) await send(new sdk.PutBucketVersioningCommand({ ...B, VersioningConfiguration: { Status: a.versioning } }), 'Failed to update bucket versioning');
    if (a.publicAccess === 'delete') await send(new sdk.DeletePublicAccessBlockCommand(B), 'Failed to delete bucket public access block');
    else if (a.publicAccess) await send(new sdk.PutPublicAccessBlockCommand({ ...B, PublicAccessBlockConfiguration: a.publicAccess }), 'Failed to update bucket public access block');
    if (a.policy === null) await send(new sdk.DeleteBucketPolicyCommand(B), 'Failed to delete bucket policy');
    else if (a.policy !== undefined) await send(new sdk.PutBucketPolicyCommand({ ...B, Policy: JSON.stringify(a.policy) }), 'Failed to update bucket policy');
    if (a.tags === 'delete') await send(new sdk.DeleteBucketTaggingCommand(B), 'Failed to delete bucket tags');
    else if (a.tags) await send(new sdk.PutBucketTaggingCommand({ ...B, Tagging: { TagSet: tagDictToList(a.tags) } }), 'Failed to update bucket tags');
    if (a.encryption === 'delete') await send(new sdk.DeleteBucketEncryptionCommand(B), 'Failed to delete bucket encryption');
    else if (a.encryption) {
      await send(new sdk.PutBucketEncryptionCommand({ ...B, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: a.encryption as never }] } }), 'Failed to set bucket encryption');
    }
    if (a.ownership === 'delete') await send(new sdk.DeleteBucketOwnershipControlsCommand(B), 'Failed to delete bucket object ownership settings');
    else if (a.ownership) await send(new sdk.PutBucketOwnershipControlsCommand({ ...B, OwnershipControls: { Rules: [{ ObjectOwnership: a.ownership as never }] } }), 'Failed to update bucket object ownership settings');
    // The collection reads every setting back after changing it; so does pgplay, once.
    return { changed: true, ...resultOf(args, await readState(s3, ctx, args.name)) };
  },
});
