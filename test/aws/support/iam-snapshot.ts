/** IAM state read back through the SDK, independently of pgplay's code, in the shape of the IAM modules' diffs. */
import {
  GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListInstanceProfilesForRoleCommand,
} from '@aws-sdk/client-iam';
import type { Moto } from '../../harness/moto/moto.js';

export function iamClient(moto: Moto): IAMClient {
  return new IAMClient({ region: 'eu-central-1', endpoint: moto.url, credentials: { accessKeyId: moto.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: moto.env['AWS_SECRET_ACCESS_KEY']! } });
}

/** The answer, or undefined for NoSuchEntity. */
export async function orAbsent<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchEntityException' || (e as { Code?: string }).Code === 'NoSuchEntity') return undefined;
    throw e;
  }
}

/** IAM answers documents URL-encoded. */
export const decodeDoc = (s: string | undefined): unknown => (s === undefined ? undefined : JSON.parse(decodeURIComponent(s)));

const tagsOf = (tags: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value ?? '']));

export async function roleSnapshot(iam: IAMClient, name: string): Promise<Record<string, unknown>> {
  const r = (await orAbsent(iam.send(new GetRoleCommand({ RoleName: name }))))?.Role;
  if (!r) return {};
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? [];
  const profiles = (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name }))).InstanceProfiles ?? [];
  return {
    path: r.Path,
    assume_role_policy_document: decodeDoc(r.AssumeRolePolicyDocument),
    description: r.Description ?? null,
    max_session_duration: r.MaxSessionDuration ?? null,
    permissions_boundary: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    managed_policies: attached.map((p) => p.PolicyArn!).sort(),
    instance_profiles: profiles.map((p) => p.InstanceProfileName!).sort(),
    tags: tagsOf(r.Tags),
  };
}
