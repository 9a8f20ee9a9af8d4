/**
 * amazon.aws.ec2_key (collection 7.6): an EC2 key pair imported from key_material or generated
 * by AWS (key_type), replaced when the material's fingerprint differs (force) or the type
 * changes, tagged, deleted.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { EC2Client, KeyPairInfo } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { applyEc2Tags } from '../ec2-tags.js';
import { importedKeyFingerprints } from '../ssh-key-fingerprint.js';
import { applyTagChanges, compareEc2Tags, tagArgs, tagChangesEmpty, tagListToDict, tagSpecifications, type TagChanges } from '../tags.js';

const NAME = 'amazon.aws.ec2_key';

interface KeyArgs extends AwsConnectionArgs {
  name: string;
  key_material?: string | null;
  force: boolean;
  state: 'present' | 'absent';
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  key_type?: 'rsa' | 'ed25519' | null;
  file_name?: string | null;
}

interface KeyActions {
  args: KeyArgs;
  op: 'create' | 'replace-material' | 'replace-type' | 'tags' | 'delete';
  keyPairId?: string;
  tags?: TagChanges;
  msg: string;
}

async function findKey(ec2: EC2Client, ctx: ModuleContext, name: string): Promise<KeyPairInfo | undefined> {
  const { DescribeKeyPairsCommand } = await ec2Sdk();
  const r = await awsSend<{ KeyPairs?: KeyPairInfo[] } | undefined>(ec2, new DescribeKeyPairsCommand({ KeyNames: [name] }), { what: 'error finding keypair', absentCodes: ['InvalidKeyPair.NotFound'], signal: ctx.signal });
  return r?.KeyPairs?.[0];
}

/** extract_key_data (None values dropped, as scrub_none_parameters does). */
function keyData(key: { KeyName?: string; KeyFingerprint?: string; KeyPairId?: string; Tags?: { Key?: string; Value?: string }[]; KeyMaterial?: string; KeyType?: string }, keyType?: string | null): Record<string, unknown> {
  const data: Record<string, unknown> = {
    name: key.KeyName, fingerprint: key.KeyFingerprint, id: key.KeyPairId, tags: tagListToDict(key.Tags ?? []), private_key: key.KeyMaterial, type: key.KeyType ?? keyType ?? undefined,
  };
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null));
}

/** _write_private_key: the private key goes to file_name (0600, written atomically), not into the result. */
function writePrivateKey(data: Record<string, unknown>, fileName: string): Record<string, unknown> {
  try {
    mkdirSync(dirname(fileName), { recursive: true });
    const tmp = join(dirname(fileName), `.${basename(fileName)}.${process.pid}.tmp`);
    writeFileSync(tmp, String(data['private_key']), { mode: 0o600 });
    renameSync(tmp, fileName);
  } catch (e) {
    throw new ModuleFailure(`Could not save private key to specified path. Private key is irretrievable.: ${(e as Error).message}`);
  }
  const { private_key: _p, ...rest } = data;
  return rest;
}

const view = (k: { id: unknown; fingerprint: unknown; type: unknown; tags: Record<string, string> }) => ({ ...k });

export default defineAwsModule<KeyArgs, KeyActions>({
  name: NAME,
  aliases: ['ec2_key'],
  doc: { short: 'Create or delete an EC2 key pair' },
  options: {
    name: { type: 'string', description: 'Name of the key pair.' },
    key_material: { type: ['string', 'null'], description: 'Public key material (OpenSSH format) to import.' },
    force: { type: 'boolean', default: true, description: 'Replace the key when key_material differs.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the key pair exists.' },
    ...tagArgs,
    key_type: { type: ['string', 'null'], enum: ['rsa', 'ed25519', null], description: 'Type of a key AWS generates.' },
    file_name: { type: ['string', 'null'], description: 'Where to save the private key of a generated key pair.' },
  },
  relations: { required: ['name'], 'x-mutually-exclusive': [['key_material', 'key_type']] },
  returns: {
    changed: { description: 'whether a keypair was created/deleted', returned: 'always', type: 'bool' },
    msg: { description: 'short message describing the action taken', returned: 'always', type: 'str' },
    key: { description: 'details of the keypair (name, id, fingerprint, type, tags, private_key when AWS generated it and file_name is not set)', returned: 'when state is present', type: 'complex' },
  },
  capabilities: { check: 'full', diff: 'full' },

  async plan(args, ctx): Promise<Plan<KeyActions>> {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const key = await findKey(ec2, ctx, args.name);
    const now = key ? view({ id: key.KeyPairId, fingerprint: key.KeyFingerprint, type: key.KeyType ?? null, tags: tagListToDict(key.Tags) }) : undefined;
    if (args.state === 'absent') {
      if (!key) return { changed: false, result: { key: null, msg: 'key did not exist' } };
      return { changed: true, actions: { args, op: 'delete', msg: 'key deleted' }, diff: resourceDiff('key pair', args.name, now, undefined), result: { key: null, msg: 'key deleted' } };
    }
    const newTags = applyTagChanges({}, compareEc2Tags({}, args.tags ?? {}, false));
    const fresh = (msg: string, op: KeyActions['op']): Plan<KeyActions> => {
      const type = args.key_material ? null : args.key_type ?? 'rsa';
      const fingerprint = args.key_material ? importedKeyFingerprints(args.key_material)?.[0] ?? Unknown : Unknown;
      return {
        changed: true,
        actions: { args, op, msg },
        diff: resourceDiff('key pair', args.name, now, view({ id: Unknown, fingerprint, type, tags: newTags })),
        result: { key: { name: args.name, fingerprint, id: Unknown, tags: newTags, ...(type ? { type } : {}), ...(!args.key_material && !args.file_name ? { private_key: Unknown } : {}) }, msg },
      };
    };
    if (!key) return fresh('key pair created', 'create');
    if (args.key_material && args.force) {
      const fps = importedKeyFingerprints(args.key_material);
      if (!fps) throw new ModuleFailure(`${NAME}: key_material is not an OpenSSH ssh-rsa or ssh-ed25519 public key`);
      if (!fps.includes(key.KeyFingerprint ?? '')) return fresh('key pair updated', 'replace-material');
      // The material matches: the collection changes nothing else here (tags included).
      return { changed: false, result: { key: keyData(key), msg: 'key pair already exists' }, reason: 'the key material matches' };
    }
    if (args.key_type && args.key_type !== key.KeyType) return fresh('key pair updated', 'replace-type');
    const tagsNow = tagListToDict(key.Tags);
    const changes = compareEc2Tags(tagsNow, args.tags, args.purge_tags);
    const tagsAfter = applyTagChanges(tagsNow, changes);
    const result = { key: keyData({ ...key, Tags: Object.entries(tagsAfter).map(([Key, Value]) => ({ Key, Value })) }), msg: 'key pair already exists' };
    if (tagChangesEmpty(changes)) return { changed: false, result };
    return { changed: true, actions: { args, op: 'tags', keyPairId: key.KeyPairId!, tags: changes, msg: 'key pair already exists' }, diff: resourceDiff('key pair', args.name, now, { ...now!, tags: tagsAfter }), result };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const sdk = await ec2Sdk();
    const del = () => awsSend(ec2, new sdk.DeleteKeyPairCommand({ KeyName: args.name }), { what: 'error deleting key', signal: ctx.signal });
    if (a.op === 'delete') {
      await del();
      return { changed: true, key: null, msg: a.msg };
    }
    if (a.op === 'tags') {
      await applyEc2Tags(ec2, a.keyPairId!, a.tags!, ctx);
      const key = await findKey(ec2, ctx, args.name);
      return { changed: true, key: keyData(key ?? {}), msg: a.msg };
    }
    if (a.op !== 'create') await del();
    const tagSpec = args.tags && Object.keys(args.tags).length ? { TagSpecifications: tagSpecifications(args.tags, 'key-pair') as never } : {};
    let data: Record<string, unknown>;
    if (args.key_material) {
      const k = await awsSend<Record<string, string>>(ec2, new sdk.ImportKeyPairCommand({ KeyName: args.name, PublicKeyMaterial: Buffer.from(args.key_material), ...tagSpec }), { what: 'error importing key', signal: ctx.signal });
      data = keyData(k, a.op === 'create' ? args.key_type : undefined);
    } else {
      const k = await awsSend<Record<string, string>>(ec2, new sdk.CreateKeyPairCommand({ KeyName: args.name, ...(args.key_type ? { KeyType: args.key_type } : {}), ...tagSpec }), { what: 'error creating key', signal: ctx.signal });
      data = keyData(k, args.key_type);
      if (args.file_name) data = writePrivateKey(data, args.file_name);
    }
    return { changed: true, key: data, msg: a.msg };
  },
});
