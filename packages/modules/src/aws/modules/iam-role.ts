/**
 * amazon.aws.iam_role (collection 7.6): a role with its trust policy (compared as a document),
 * description, session duration, permissions boundary, tags, attached managed policies and the
 * instance profile named after it (create_instance_profile, default true); deleted with its
 * attachments, inline policies and (delete_instance_profile) that profile.
 *
 * The result is normalize_iam_role(_v7_compat=True) twice: under `iam_role` and spread at the top
 * level (the deprecated keys the blog's playbooks read: `arn`, `role_name`). The collection has
 * no diff and, creating in check mode, returns only `changed`; pgplay predicts the role, with
 * Unknown for what AWS assigns (ARN, ID, creation date).
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { AttachedPolicy, IAMClient, Role } from '@aws-sdk/client-iam';
import { awsSend } from '../call.js';
import { awsClient, iamSdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { getRole, iamIdentifierProblem, IAM_RETRY, isAwsArn, listInstanceProfilesForRole, listRoleAttachedPolicies, managedPolicyArns, normalizeRole } from '../iam.js';
import { controllerPathInfo } from '../path-info.js';
import { policiesDiffer, policyValue } from '../policy.js';
import { applyTagChanges, compareTags, tagArgs, tagChangesEmpty, tagDictToList, tagListToDict, type TagChanges } from '../tags.js';
import { amazonDeprecation } from '../deprecations.js';

const NAME = 'amazon.aws.iam_role';

interface RoleArgs extends AwsConnectionArgs {
  name: string;
  path?: string | null;
  assume_role_policy_document?: unknown;
  managed_policies?: (string | null)[] | null;
  max_session_duration?: number | null;
  state: 'present' | 'absent';
  description?: string | null;
  boundary?: string | null;
  create_instance_profile: boolean;
  delete_instance_profile: boolean;
  purge_policies: boolean;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  wait: boolean;
  wait_timeout: number;
}

interface RoleActions {
  args: RoleArgs;
  op: 'create' | 'update' | 'delete';
  /** The trust policy as the collection sends it (the option's JSON text). */
  trust?: string;
  tags?: TagChanges;
  description?: string;
  duration?: number;
  boundary?: string;
  profile?: boolean;
  attach: string[];
  detach: string[];
}

/** module.deprecate(msg, date, collection_name) right after argument validation, on every run (failures and state=absent too), as the collection's module does. */
const DEPRECATIONS = [
  'All return values other than iam_role and changed have been deprecated and will be removed in a release after 2023-12-01.',
  'In a release after 2023-12-01 the contents of iam_role.assume_role_policy_document will no longer be converted from CamelCase to snake_case.  The iam_role.assume_role_policy_document_raw return value already returns the policy document in this future format.',
].map((msg) => amazonDeprecation(msg, '2023-12-01'));

/** type=json: a dict or list becomes JSON text, a string is taken as it is. */
const jsonText = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/** validate_params */
function validate(args: RoleArgs): void {
  if (args.boundary) {
    if (args.create_instance_profile) throw new ModuleFailure('When using a boundary policy, `create_instance_profile` must be set to `false`.');
    if (!isAwsArn(args.boundary, 'iam')) throw new ModuleFailure('Boundary policy must be an ARN');
  }
  const d = args.max_session_duration;
  if (d && (d < 3600 || d > 43200)) throw new ModuleFailure('max_session_duration must be between 1 and 12 hours (3600 and 43200 seconds)');
  const problem = iamIdentifierProblem('role', args.name, args.path);
  if (problem) throw new ModuleFailure(problem);
}

/** The managed settings, for --diff (and the test's snapshot of the emulator). */
function view(role: Role, attached: readonly AttachedPolicy[], profiles: readonly string[]): Record<string, unknown> {
  return {
    path: role.Path,
    assume_role_policy_document: role.AssumeRolePolicyDocument,
    description: role.Description ?? null,
    max_session_duration: role.MaxSessionDuration ?? null,
    permissions_boundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    managed_policies: attached.map((p) => p.PolicyArn!).sort(),
    instance_profiles: [...profiles].sort(),
    tags: tagListToDict(role.Tags),
  };
}

/** The module's result for a role: normalize_iam_role(_v7_compat) under iam_role and at the top. */
function resultOf(role: Role, attached: AttachedPolicy[]): ModuleResult {
  const camel = normalizeRole({ ...role, AttachedPolicies: attached }, true);
  return { iam_role: camel, ...camel, ...controllerPathInfo(camel['path']) };
}

const policyNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

async function instanceProfileNames(iam: IAMClient, ctx: ModuleContext, role: string): Promise<string[]> {
  return (await listInstanceProfilesForRole(iam, ctx, role)).map((p) => p.InstanceProfileName!);
}

/** The role a create would make, with Unknown for what AWS assigns. */
function predictedNewRole(args: RoleArgs, trust: unknown): Role {
  return {
    Path: args.path || '/',
    RoleName: args.name,
    RoleId: Unknown as never,
    Arn: Unknown as never,
    CreateDate: Unknown as never,
    AssumeRolePolicyDocument: trust as string,
    ...(args.description !== undefined && args.description !== null ? { Description: args.description } : {}),
    MaxSessionDuration: args.max_session_duration ?? 3600,
    ...(args.boundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: args.boundary } } : {}),
    ...(args.tags && Object.keys(args.tags).length ? { Tags: tagDictToList(args.tags) } : {}),
    RoleLastUsed: {},
  };
}

function trustDocument(args: RoleArgs): { text?: string; doc?: unknown } {
  const text = jsonText(args.assume_role_policy_document);
  if (text === undefined) return {};
  try {
    return { text, doc: policyValue(text, 'assume_role_policy_document') };
  } catch (e) {
    throw new ModuleFailure(`${NAME}: ${(e as Error).message}`);
  }
}

export default defineAwsModule<RoleArgs, RoleActions>({
  name: NAME,
  aliases: ['iam_role', 'community.aws.iam_role'],
  doc: { short: 'Manage AWS IAM roles' },
  options: {
    name: { type: 'string', 'x-aliases': ['role_name'], description: 'Name of the role.' },
    path: { type: ['string', 'null'], 'x-aliases': ['path_prefix', 'prefix'], description: 'Path of the role (set at creation only).' },
    assume_role_policy_document: { type: ['string', 'object', 'array', 'null'], description: 'The trust policy, as JSON text or a dict.' },
    managed_policies: { type: ['array', 'null'], items: { type: ['string', 'null'] }, 'x-aliases': ['managed_policy'], description: 'Managed policies (ARNs or names) to attach.' },
    max_session_duration: { type: ['integer', 'null'], description: 'Maximum session duration in seconds (3600 to 43200).' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the role exists.' },
    description: { type: ['string', 'null'], description: 'Description of the role.' },
    boundary: { type: ['string', 'null'], 'x-aliases': ['boundary_policy_arn'], description: 'ARN of the permissions boundary policy; "" removes it.' },
    create_instance_profile: { type: 'boolean', default: true, description: 'Also create an instance profile named after the role.' },
    delete_instance_profile: { type: 'boolean', default: false, description: 'On delete, also delete the instance profile named after the role.' },
    purge_policies: { type: 'boolean', default: true, 'x-aliases': ['purge_policy', 'purge_managed_policies'], description: 'Detach managed policies not in managed_policies.' },
    ...tagArgs,
    wait: { type: 'boolean', default: true, description: 'Wait for the role to be visible (IAM is eventually consistent).' },
    wait_timeout: { type: 'integer', default: 120, description: 'How long to wait, in seconds.' },
  },
  relations: { required: ['name'], 'x-required-if': [['state', 'present', ['assume_role_policy_document'], false]] },
  returns: {
    iam_role: { description: 'the role (role_name, role_id, arn, path, create_date, assume_role_policy_document, assume_role_policy_document_raw, attached_policies, description, max_session_duration, permissions_boundary, role_last_used, tags)', returned: 'success', type: 'dict' },
    arn: { description: 'the role ARN (deprecated top-level copy of iam_role.arn)', returned: 'success', type: 'str' },
    role_name: { description: 'the role name (deprecated top-level copy)', returned: 'success', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'role',
  deprecations: () => DEPRECATIONS,

  unknownResult(args) {
    const role = predictedNewRole(args, trustDocument(args).doc);
    return resultOf(role, (args.managed_policies ?? []).filter((p): p is string => !!p).map((arn) => ({ PolicyArn: arn, PolicyName: policyNameOf(arn) })));
  },

  async plan(args, ctx): Promise<Plan<RoleActions>> {
    validate(args);
    const iam = await awsClient('iam', args, ctx, NAME);
    const role = await getRole(iam, ctx, args.name);
    if (args.state === 'absent') {
      if (!role) return { changed: false, result: {} };
      const now = view(role, await listRoleAttachedPolicies(iam, ctx, args.name), await instanceProfileNames(iam, ctx, args.name));
      return { changed: true, actions: { args, op: 'delete', attach: [], detach: [] }, diff: resourceDiff('role', args.name, now, undefined), result: {} };
    }
    const trust = trustDocument(args);
    let wanted: string[] | undefined;
    if (args.managed_policies) wanted = await managedPolicyArns(iam, ctx, args.managed_policies);
    if (wanted && wanted.length === 1 && wanted[0] === null) wanted = [];

    const attachedNow = role ? await listRoleAttachedPolicies(iam, ctx, args.name) : [];
    const profilesNow = role ? await instanceProfileNames(iam, ctx, args.name) : [];
    const armsNow = attachedNow.map((p) => p.PolicyArn!);
    const a: RoleActions = { args, op: role ? 'update' : 'create', attach: [], detach: [] };
    const warnings: string[] = [];
    let after: Role;
    if (!role) {
      a.trust = trust.text;
      after = predictedNewRole(args, trust.doc);
    } else {
      after = { ...role };
      if (args.path !== undefined && args.path !== null && args.path !== role.Path) {
        warnings.push(`iam_role doesn't support updating the path: current path '${role.Path}', requested path '${args.path}'`);
      }
      const tagsNow = tagListToDict(role.Tags);
      const tc = compareTags(tagsNow, args.tags, args.purge_tags);
      if (!tagChangesEmpty(tc)) {
        a.tags = tc;
        const t = applyTagChanges(tagsNow, tc);
        after.Tags = Object.keys(t).length ? tagDictToList(t) : undefined;
      }
      if (trust.text !== undefined && policiesDiffer(role.AssumeRolePolicyDocument, trust.doc)) {
        a.trust = trust.text;
        after.AssumeRolePolicyDocument = trust.doc as string;
      }
      if (args.description !== undefined && args.description !== null && role.Description !== args.description) {
        a.description = args.description;
        after.Description = args.description;
      }
      if (args.max_session_duration !== undefined && args.max_session_duration !== null && role.MaxSessionDuration !== args.max_session_duration) {
        a.duration = args.max_session_duration;
        after.MaxSessionDuration = args.max_session_duration;
      }
      const boundaryNow = role.PermissionsBoundary?.PermissionsBoundaryArn ?? '';
      if (args.boundary !== undefined && args.boundary !== null && args.boundary !== boundaryNow) {
        a.boundary = args.boundary;
        after.PermissionsBoundary = args.boundary ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: args.boundary } : undefined;
      }
    }
    let profilesAfter = profilesNow;
    if (args.create_instance_profile && !profilesNow.includes(args.name)) {
      a.profile = true;
      profilesAfter = [...profilesNow, args.name];
    }
    let attachedAfter = attachedNow;
    if (wanted) {
      a.detach = args.purge_policies ? armsNow.filter((p) => !wanted!.includes(p)) : [];
      a.attach = [...new Set(wanted.filter((p) => !armsNow.includes(p)))];
      attachedAfter = [...attachedNow.filter((p) => !a.detach.includes(p.PolicyArn!)), ...a.attach.map((arn) => ({ PolicyArn: arn, PolicyName: policyNameOf(arn) }))];
    }
    const changed = !role || a.tags !== undefined || a.trust !== undefined || a.description !== undefined || a.duration !== undefined || a.boundary !== undefined
      || a.profile === true || a.attach.length > 0 || a.detach.length > 0;
    // The collection reads the role back at the end; in check mode that is the role as it is
    // (its predicted form is the diff's `after`), for a new role pgplay's prediction.
    const result = role ? resultOf(role, attachedNow) : resultOf(after, attachedAfter);
    for (const w of warnings) ctx.log.warn(w);
    if (!changed) return { changed: false, result };
    const before = role ? view(role, attachedNow, profilesNow) : undefined;
    return { changed: true, actions: a, diff: resourceDiff('role', args.name, before, view(after, attachedAfter, profilesAfter)), result };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const iam = await awsClient('iam', args, ctx, NAME);
    const sdk = await iamSdk();
    const RoleName = args.name;
    // Deletions treat NoSuchEntity as done (deletion_error_handler); nothing else retries it.
    const send = (command: object, what: string, absent = false) => awsSend(iam, command, { what, ...(absent ? { absentCodes: ['NoSuchEntity'] } : {}), signal: ctx.signal });
    if (a.op === 'delete') {
      // remove_instance_profiles, then every managed policy, then inline policies (destroy_role).
      for (const p of await listInstanceProfilesForRole(iam, ctx, RoleName)) {
        const profile = p.InstanceProfileName!;
        await send(new sdk.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: profile, RoleName }), 'Failed to remove role from instance profile', true);
        if (args.delete_instance_profile && profile === RoleName) await send(new sdk.DeleteInstanceProfileCommand({ InstanceProfileName: profile }), 'Failed to delete instance profile', true);
      }
      for (const p of await listRoleAttachedPolicies(iam, ctx, RoleName)) {
        await send(new sdk.DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn }), `Failed to detach policy ${p.PolicyArn} from role`, true);
      }
      const inline = await awsSend<{ PolicyNames?: string[] }>(iam, new sdk.ListRolePoliciesCommand({ RoleName }), { what: 'Failed to list attached inline policies for role', signal: ctx.signal });
      for (const PolicyName of inline.PolicyNames ?? []) await send(new sdk.DeleteRolePolicyCommand({ RoleName, PolicyName }), `Failed to delete policy ${PolicyName} embedded in role`, true);
      await send(new sdk.DeleteRoleCommand({ RoleName }), 'Failed to delete role', true);
      return { changed: true };
    }
    if (a.op === 'create') {
      await awsSend(iam, new sdk.CreateRoleCommand({
        Path: args.path || '/',
        RoleName,
        AssumeRolePolicyDocument: a.trust,
        ...(args.description !== undefined && args.description !== null ? { Description: args.description } : {}),
        ...(args.max_session_duration !== undefined && args.max_session_duration !== null ? { MaxSessionDuration: args.max_session_duration } : {}),
        ...(args.boundary !== undefined && args.boundary !== null ? { PermissionsBoundary: args.boundary } : {}),
        ...(args.tags !== undefined && args.tags !== null ? { Tags: tagDictToList(args.tags) } : {}),
      }), { what: 'Failed to create role', signal: ctx.signal });
    } else {
      if (a.tags?.unset.length) await send(new sdk.UntagRoleCommand({ RoleName, TagKeys: a.tags.unset }), 'Failed to set tags for role');
      if (a.tags && Object.keys(a.tags.set).length) await send(new sdk.TagRoleCommand({ RoleName, Tags: tagDictToList(a.tags.set) }), 'Failed to set tags for role');
      if (a.trust !== undefined) await send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: a.trust }), 'Failed to update assume role policy for role');
      if (a.description !== undefined) await send(new sdk.UpdateRoleCommand({ RoleName, Description: a.description }), 'Failed to update description for role');
      if (a.duration !== undefined) await send(new sdk.UpdateRoleCommand({ RoleName, MaxSessionDuration: a.duration }), 'Failed to update maximum session duration for role');
      if (a.boundary === '') await send(new sdk.DeleteRolePermissionsBoundaryCommand({ RoleName }), 'Failed to remove permission boundary from role', true);
      else if (a.boundary !== undefined) await send(new sdk.PutRolePermissionsBoundaryCommand({ RoleName, PermissionsBoundary: a.boundary }), 'Failed to update permission boundary for role');
    }
    if (a.profile) {
      await send(new sdk.CreateInstanceProfileCommand({ InstanceProfileName: RoleName, Path: args.path || '/', Tags: [] }), 'Failed to create instance profile');
      // The role was possibly made a moment ago: IAM may not show it yet.
      await awsSend(iam, new sdk.AddRoleToInstanceProfileCommand({ InstanceProfileName: RoleName, RoleName }), { what: 'Failed to add role to instance profile', retryCodes: IAM_RETRY, signal: ctx.signal });
    }
    for (const arn of a.detach) await send(new sdk.DetachRolePolicyCommand({ RoleName, PolicyArn: arn }), `Failed to detach policy ${arn} from role`, true);
    for (const arn of a.attach) await send(new sdk.AttachRolePolicyCommand({ RoleName, PolicyArn: arn }), `Failed to attach policy ${arn} to role`);
    const role = await getRole(iam, ctx, RoleName);
    if (!role) throw new ModuleFailure(`Failed to get role: ${RoleName} is not visible after the change`);
    return { changed: true, ...resultOf(role, await listRoleAttachedPolicies(iam, ctx, RoleName)) };
  },
});
