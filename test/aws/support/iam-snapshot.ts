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

/**
 * An instance profile as the collection's diff shows it (normalize_iam_instance_profile: snake_case,
 * tags as a dict, roles normalised with their trust policy kept as is), written independently.
 */
export async function instanceProfileSnapshot(iam: IAMClient, name: string): Promise<Record<string, unknown>> {
  const { GetInstanceProfileCommand } = await import('@aws-sdk/client-iam');
  const p = (await orAbsent(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))))?.InstanceProfile;
  if (!p) return {};
  const iso = (d: Date | undefined) => d && d.toISOString().replace(/Z$/, '').replace(/\.(\d{3})$/, '.$1000') + '+00:00';
  return {
    path: p.Path,
    instance_profile_name: p.InstanceProfileName,
    instance_profile_id: p.InstanceProfileId,
    arn: p.Arn,
    create_date: iso(p.CreateDate),
    roles: (p.Roles ?? []).map((r) => ({
      path: r.Path, role_name: r.RoleName, role_id: r.RoleId, arn: r.Arn, create_date: iso(r.CreateDate),
      assume_role_policy_document: decodeDoc(r.AssumeRolePolicyDocument), tags: tagsOf(r.Tags),
    })),
    tags: tagsOf(p.Tags),
  };
}

/** The inline policies of a role, by name (the shape of iam_policy's diff). */
export async function rolePoliciesSnapshot(iam: IAMClient, role: string): Promise<Record<string, unknown>> {
  const { ListRolePoliciesCommand, GetRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const names = (await orAbsent(iam.send(new ListRolePoliciesCommand({ RoleName: role }))))?.PolicyNames ?? [];
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = decodeDoc((await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: n }))).PolicyDocument);
  return out;
}

/** A customer managed policy by name (the shape of iam_managed_policy's diff). */
export async function managedPolicySnapshot(iam: IAMClient, name: string): Promise<Record<string, unknown>> {
  const { ListPoliciesCommand, GetPolicyCommand, GetPolicyVersionCommand, ListPolicyVersionsCommand } = await import('@aws-sdk/client-iam');
  const listed = (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.find((p) => p.PolicyName === name);
  if (!listed) return {};
  const p = (await iam.send(new GetPolicyCommand({ PolicyArn: listed.Arn }))).Policy!;
  const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: listed.Arn }))).Versions ?? [];
  const doc = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: listed.Arn, VersionId: p.DefaultVersionId }))).PolicyVersion?.Document;
  return { path: p.Path, description: p.Description ?? null, document: decodeDoc(doc), versions: versions.length, tags: tagsOf(p.Tags) };
}
