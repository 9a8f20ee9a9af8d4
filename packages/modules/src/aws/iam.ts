/**
 * What the IAM modules share (amazon.aws module_utils/iam.py): reads that answer "absent" on
 * NoSuchEntity, the policy documents IAM returns URL-encoded, the collection's normalisers
 * (normalize_iam_role, normalize_iam_instance_profile, normalize_iam_policy) and its identifier
 * checks.
 */
import { ModuleFailure, type ModuleContext, type ModuleResult } from '@pgplay/engine/module-api';
import type { AttachedPolicy, IAMClient, InstanceProfile, Policy, Role } from '@aws-sdk/client-iam';
import { awsSend } from './call.js';
import { iamSdk } from './clients.js';
import { camelDictToSnakeDict, plainValue } from './snake.js';
import { tagListToDict } from './tags.js';

/** IAM is eventually consistent: a role just created may not be visible yet everywhere. */
export const IAM_RETRY = ['NoSuchEntity'] as const;

/**
 * IAM answers policy documents URL-encoded; botocore decodes them (decode_quoted_jsondoc) into
 * dicts, so the collection sees and returns dicts. A document that is not JSON stays text.
 */
export function decodePolicyDocument(doc: string | undefined): unknown {
  if (doc === undefined) return undefined;
  let text = doc;
  try {
    text = decodeURIComponent(doc);
  } catch {
    /* not percent-encoded */
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** get_iam_role: the role with its document decoded, or undefined. */
export async function getRole(iam: IAMClient, ctx: ModuleContext, name: string): Promise<Role | undefined> {
  const { GetRoleCommand } = await iamSdk();
  const r = await awsSend<{ Role?: Role } | undefined>(iam, new GetRoleCommand({ RoleName: name }), { what: 'Failed to get role', absentCodes: ['NoSuchEntity'], signal: ctx.signal });
  if (!r?.Role) return undefined;
  return { ...r.Role, AssumeRolePolicyDocument: decodePolicyDocument(r.Role.AssumeRolePolicyDocument) as string };
}

/** list_iam_role_attached_policies (all pages; a missing role is []). */
export async function listRoleAttachedPolicies(iam: IAMClient, ctx: ModuleContext, role: string): Promise<AttachedPolicy[]> {
  const { ListAttachedRolePoliciesCommand } = await iamSdk();
  const out: AttachedPolicy[] = [];
  let Marker: string | undefined;
  do {
    const r = await awsSend<{ AttachedPolicies?: AttachedPolicy[]; IsTruncated?: boolean; Marker?: string } | undefined>(
      iam, new ListAttachedRolePoliciesCommand({ RoleName: role, Marker }), { what: 'Failed to list policies attached to role', absentCodes: ['NoSuchEntity'], signal: ctx.signal });
    out.push(...(r?.AttachedPolicies ?? []));
    Marker = r?.IsTruncated ? r.Marker : undefined;
  } while (Marker);
  return out;
}

/** list_iam_instance_profiles(role=…): the profiles the role is in. */
export async function listInstanceProfilesForRole(iam: IAMClient, ctx: ModuleContext, role: string): Promise<InstanceProfile[]> {
  const { ListInstanceProfilesForRoleCommand } = await iamSdk();
  const out: InstanceProfile[] = [];
  let Marker: string | undefined;
  do {
    const r = await awsSend<{ InstanceProfiles?: InstanceProfile[]; IsTruncated?: boolean; Marker?: string } | undefined>(
      iam, new ListInstanceProfilesForRoleCommand({ RoleName: role, Marker }), { what: 'Failed to list instance profiles', absentCodes: ['NoSuchEntity'], signal: ctx.signal });
    out.push(...(r?.InstanceProfiles ?? []));
    Marker = r?.IsTruncated ? r.Marker : undefined;
  } while (Marker);
  return out;
}

/** list_iam_instance_profiles(name=…): the profile, or undefined. */
export async function getInstanceProfile(iam: IAMClient, ctx: ModuleContext, name: string): Promise<InstanceProfile | undefined> {
  const { GetInstanceProfileCommand } = await iamSdk();
  const r = await awsSend<{ InstanceProfile?: InstanceProfile } | undefined>(
    iam, new GetInstanceProfileCommand({ InstanceProfileName: name }), { what: 'Failed to list instance profiles', absentCodes: ['NoSuchEntity'], signal: ctx.signal });
  return r?.InstanceProfile;
}

/** boto3_resource_to_ansible_dict: snake_case keys, tags as a dict (always present), dates as isoformat. */
function resourceToAnsible(resource: object, ignore: string[] = [], nested: Record<string, (v: unknown) => unknown> = {}): Record<string, unknown> {
  const r = { ...(resource as Record<string, unknown>) };
  for (const [k, f] of Object.entries(nested)) if (k in r && r[k] !== undefined) r[k] = f(r[k]);
  const out = camelDictToSnakeDict(r, [...ignore, ...Object.keys(nested)]);
  out['tags'] = tagListToDict(r['Tags'] as { Key?: string; Value?: string }[] | undefined);
  return out;
}

/** normalize_iam_role; `v7Compat` also converts the trust policy's keys and adds its raw form. */
export function normalizeRole(role: Role & { AttachedPolicies?: AttachedPolicy[] }, v7Compat = false): Record<string, unknown> {
  const nested = { InstanceProfiles: (ps: unknown) => ((ps as InstanceProfile[]).length ? (ps as InstanceProfile[]).map((p) => normalizeInstanceProfile(p)) : ps) };
  const out = resourceToAnsible(role, v7Compat ? [] : ['AssumeRolePolicyDocument'], nested);
  if (v7Compat && role.AssumeRolePolicyDocument) out['assume_role_policy_document_raw'] = plainValue(role.AssumeRolePolicyDocument);
  return out;
}

/** normalize_iam_instance_profile: its roles normalised too (trust policies kept as they are). */
export function normalizeInstanceProfile(profile: InstanceProfile): Record<string, unknown> {
  const nested = {
    Roles: (rs: unknown) => ((rs as Role[]).length ? (rs as Role[]).map((r) => normalizeRole({ ...r, AssumeRolePolicyDocument: decodePolicyDocument(r.AssumeRolePolicyDocument) as string })) : rs),
  };
  return resourceToAnsible(profile, [], nested);
}

/** normalize_iam_policy */
export function normalizeManagedPolicy(policy: Policy): ModuleResult {
  return resourceToAnsible(policy);
}

/** validate_iam_identifiers: the collection's message for a bad name or path, or undefined. */
export function iamIdentifierProblem(kind: string, name?: string | null, path?: string | null): string | undefined {
  if (name !== undefined && name !== null) {
    const max = kind === 'role' || kind === 'user' ? 64 : 128;
    if (name.length > max) return `Length of ${kind} name may not exceed ${max}`;
    if (!/^[\w+=,.@-]+$/u.test(name)) return `${kind} name must match pattern [\\w+=,.@-]+`;
  }
  if (path !== undefined && path !== null) {
    if (path.length > 512) return `Length of ${kind} path may not exceed 512`;
    if (!path.endsWith('/') || !path.startsWith('/')) return `${kind} path must begin and end with /`;
    if (!/^\/([\w+=,.@-]+\/)*$/u.test(path)) return `${kind} path must match pattern \\/([\\w+=,.@-]+\\/)*`;
  }
  return undefined;
}

/** validate_aws_arn(…, service=…) (parse_aws_arn's pattern). */
export function isAwsArn(arn: string, service?: string): boolean {
  const m = /arn:(aws(-([a-z-]+))?):([\w-]+):([a-z0-9-]*):(\d*|aws|aws-managed):(.*)/.exec(arn);
  return m !== null && (service === undefined || m[4] === service);
}

/** Every managed policy of the account and AWS (list_iam_managed_policies). */
export async function listManagedPolicies(iam: IAMClient, ctx: ModuleContext): Promise<Policy[]> {
  const { ListPoliciesCommand } = await iamSdk();
  const out: Policy[] = [];
  let Marker: string | undefined;
  do {
    const r = await awsSend<{ Policies?: Policy[]; IsTruncated?: boolean; Marker?: string }>(iam, new ListPoliciesCommand({ Marker }), { what: 'Failed to list all managed policies', signal: ctx.signal });
    out.push(...(r.Policies ?? []));
    Marker = r.IsTruncated ? r.Marker : undefined;
  } while (Marker);
  return out;
}

/** convert_managed_policy_names_to_arns: names looked up among all managed policies. */
export async function managedPolicyArns(iam: IAMClient, ctx: ModuleContext, names: readonly (string | null)[]): Promise<string[]> {
  const given = names.filter((n): n is string => n !== null);
  if (given.every((n) => isAwsArn(n, 'iam'))) return names as string[];
  const all = new Map<string, string>();
  for (const p of await listManagedPolicies(iam, ctx)) {
    all.set(p.PolicyName!, p.Arn!);
    all.set(p.Arn!, p.Arn!);
  }
  return given.map((n) => {
    const arn = all.get(n);
    // The collection's message plus fail_json_aws's ": <exception>", str(KeyError('x')) being "'x'".
    if (arn === undefined) throw new ModuleFailure(`Failed to find policy by name:'${n}': '${n}'`);
    return arn;
  });
}
