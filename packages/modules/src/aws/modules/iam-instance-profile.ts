/**
 * amazon.aws.iam_instance_profile (collection 7.6): an instance profile with at most one role
 * (`role: ""` removes it) and tags; deleted after its role is removed.
 *
 * The collection returns `diff: {before, after}` (the normalised profile, None when absent)
 * whenever something changed, whatever --diff says; pgplay returns the same. In check mode the
 * collection's `after` names the new role only (`roles: [{role_name}]`) and has no ARN or ID;
 * pgplay predicts the role as the profile will list it, and Unknown for what AWS assigns.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { IAMClient, InstanceProfile, Role } from '@aws-sdk/client-iam';
import { awsSend } from '../call.js';
import { awsClient, iamSdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { getInstanceProfile, getRole, iamIdentifierProblem, normalizeInstanceProfile, normalizeRole } from '../iam.js';
import { applyTagChanges, compareTags, tagArgs, tagChangesEmpty, tagDictOf, tagDictToList, type TagChanges } from '../tags.js';

const NAME = 'amazon.aws.iam_instance_profile';

interface ProfileArgs extends AwsConnectionArgs {
  name: string;
  path?: string | null;
  state: 'present' | 'absent';
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  role?: string | null;
}

interface ProfileActions {
  args: ProfileArgs;
  op: 'present' | 'delete';
  create?: boolean;
  removeRole?: string;
  addRole?: string;
  tags?: TagChanges;
  /** Roles in the profile (delete removes them first). */
  roles?: string[];
}

/** The keys a profile's nested role has (GetInstanceProfile lists roles without these). */
const NOT_IN_PROFILE_ROLE = ['description', 'max_session_duration', 'role_last_used', 'permissions_boundary'];

/** A role as an instance profile lists it, normalised (for a check-mode prediction). */
async function roleAsListed(iam: IAMClient, ctx: ModuleContext, name: string): Promise<Record<string, unknown>> {
  const role: Role | undefined = await getRole(iam, ctx, name);
  if (!role) return { role_name: name };
  const { Tags: _t, ...rest } = role;
  const n = normalizeRole(rest);
  for (const k of NOT_IN_PROFILE_ROLE) delete n[k];
  return n;
}

export default defineAwsModule<ProfileArgs, ProfileActions>({
  name: NAME,
  // ansible-core's routing table has no short name for it (too new); pgplay resolves short names
  // for every AWS module (README, deliberate differences).
  aliases: ['iam_instance_profile'],
  doc: { short: 'Manage IAM instance profiles' },
  options: {
    name: { type: 'string', 'x-aliases': ['instance_profile_name'], description: 'Name of the instance profile.' },
    path: { type: ['string', 'null'], 'x-aliases': ['path_prefix', 'prefix'], description: 'Path of the profile (set at creation only).' },
    state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the profile exists.' },
    ...tagArgs,
    role: { type: ['string', 'null'], description: 'The role in the profile; "" removes it.' },
  },
  relations: { required: ['name'] },
  returns: {
    iam_instance_profile: { description: 'the profile (arn, instance_profile_id, instance_profile_name, path, roles, create_date, tags); null after a delete', returned: 'always', type: 'dict' },
    diff: { description: 'before and after (the profile, or null)', returned: 'when changed', type: 'dict' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'instance profile',

  unknownResult(args) {
    const after = { instance_profile_name: args.name, path: args.path ?? null, tags: tagDictOf(args.tags), roles: args.role ? [{ role_name: args.role }] : [], arn: Unknown, instance_profile_id: Unknown, create_date: Unknown };
    return { iam_instance_profile: after, diff: { before: null, after } } as unknown as ModuleResult;
  },

  async plan(args, ctx): Promise<Plan<ProfileActions>> {
    const problem = iamIdentifierProblem('instance profile', args.name, args.path);
    if (problem) throw new ModuleFailure(problem);
    const iam = await awsClient('iam', args, ctx, NAME);
    const found: InstanceProfile | undefined = await getInstanceProfile(iam, ctx, args.name);
    const original = found ? normalizeInstanceProfile(found) : null;
    const rolesNow = (found?.Roles ?? []).map((r) => r.RoleName!);
    if (args.state === 'absent') {
      if (!original) return { changed: false, result: { iam_instance_profile: null } };
      const diff = { before: original, after: null };
      return { changed: true, actions: { args, op: 'delete', roles: rolesNow }, diff: diffView(args.name, original, null), result: { iam_instance_profile: null, diff } as unknown as ModuleResult };
    }
    if (original && args.path && original['path'] !== args.path) {
      ctx.log.warn(`iam_instance_profile doesn't support updating the path: current path '${String(original['path'])}', requested path '${args.path}'`);
    }
    const a: ProfileActions = { args, op: 'present' };
    let after: Record<string, unknown>;
    if (!original) {
      a.create = true;
      const tags = tagDictOf(args.tags);
      after = { arn: Unknown, create_date: Unknown, instance_profile_id: Unknown, instance_profile_name: args.name, path: args.path || '/', roles: [], tags };
    } else {
      after = { ...original };
    }
    // ensure_role: an empty role with no role in the profile, or the same role, is no change.
    const role = args.role;
    if (role !== undefined && role !== null && !(role === '' && rolesNow.length === 0) && rolesNow[0] !== role) {
      if (rolesNow[0] !== undefined) a.removeRole = rolesNow[0];
      if (role) a.addRole = role;
      after['roles'] = role ? [await roleAsListed(iam, ctx, role)] : [];
    }
    // ensure_tags (on create the profile is made with the tags, so nothing is left to change).
    if (original) {
      const tagsNow = original['tags'] as Record<string, string>;
      const tc = compareTags(tagsNow, args.tags, args.purge_tags);
      if (!tagChangesEmpty(tc)) {
        a.tags = tc;
        after['tags'] = applyTagChanges(tagsNow, tc);
      }
    }
    const changed = a.create === true || a.addRole !== undefined || a.removeRole !== undefined || a.tags !== undefined;
    if (!changed) return { changed: false, result: { iam_instance_profile: original } };
    return { changed: true, actions: a, diff: diffView(args.name, original, after), result: { iam_instance_profile: after, diff: { before: original, after } } as unknown as ModuleResult };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const iam = await awsClient('iam', args, ctx, NAME);
    const sdk = await iamSdk();
    const InstanceProfileName = args.name;
    const send = (command: object, what: string, absent = false) => awsSend(iam, command, { what, ...(absent ? { absentCodes: ['NoSuchEntity'] } : {}), signal: ctx.signal });
    const before = (plan.result?.['diff'] as { before: unknown }).before;
    if (a.op === 'delete') {
      for (const RoleName of a.roles ?? []) await send(new sdk.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName }), 'Failed to remove role from instance profile', true);
      await send(new sdk.DeleteInstanceProfileCommand({ InstanceProfileName }), 'Failed to delete instance profile', true);
      return { changed: true, iam_instance_profile: null, diff: { before, after: null } } as unknown as ModuleResult;
    }
    if (a.create) {
      await awsSend(iam, new sdk.CreateInstanceProfileCommand({ InstanceProfileName, Path: args.path || '/', Tags: tagDictToList(args.tags ?? {}) }), { what: 'Failed to create instance profile', signal: ctx.signal });
    }
    if (a.removeRole) await send(new sdk.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName: a.removeRole }), 'Failed to remove role from instance profile', true);
    if (a.addRole) await send(new sdk.AddRoleToInstanceProfileCommand({ InstanceProfileName, RoleName: a.addRole }), 'Failed to add role to instance profile');
    if (a.tags?.unset.length) await send(new sdk.UntagInstanceProfileCommand({ InstanceProfileName, TagKeys: a.tags.unset }), 'Failed to untag instance profile');
    if (a.tags && Object.keys(a.tags.set).length) await send(new sdk.TagInstanceProfileCommand({ InstanceProfileName, Tags: tagDictToList(a.tags.set) }), 'Failed to tag instance profile');
    const now = await getInstanceProfile(iam, ctx, InstanceProfileName);
    const final = now ? normalizeInstanceProfile(now) : null;
    return { changed: true, iam_instance_profile: final, diff: { before, after: final } } as unknown as ModuleResult;
  },
});

/** The --diff view: the collection's own before/after, with a header. */
function diffView(name: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  return { before: before ?? {}, after: after ?? {}, before_header: `instance profile ${name} (before)`, after_header: `instance profile ${name} (after)` };
}
