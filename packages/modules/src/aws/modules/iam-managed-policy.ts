/**
 * amazon.aws.iam_managed_policy (collection 7.6): a customer managed policy found by name. A new
 * document becomes a new version (the oldest non-default one is dropped at the five-version
 * limit), made the default (make_default) and left alone (only_version deletes the others); any
 * existing version with the same document (compare_policies) is reused. Path and description
 * cannot change (warns). Deleted after detaching it from every user, group and role.
 *
 * The collection has no diff and, creating in check mode, returns only `changed`; pgplay
 * predicts the policy with Unknown for what AWS assigns.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { IAMClient, Policy, PolicyVersion } from '@aws-sdk/client-iam';
import { awsSend } from '../call.js';
import { awsClient, iamSdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { decodePolicyDocument, iamIdentifierProblem, listManagedPolicies, normalizeManagedPolicy } from '../iam.js';
import { policiesDiffer } from '../policy.js';
import { applyTagChanges, compareTags, tagArgs, tagChangesEmpty, tagDictOf, tagDictToList, tagListToDict, type TagChanges } from '../tags.js';

const NAME = 'amazon.aws.iam_managed_policy';

interface ManagedPolicyArgs extends AwsConnectionArgs {
  name: string;
  path?: string | null;
  description?: string | null;
  policy?: unknown;
  make_default: boolean;
  only_version: boolean;
  state: 'present' | 'absent';
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
}

interface ManagedPolicyActions {
  args: ManagedPolicyArgs;
  op: 'create' | 'update' | 'delete';
  arn?: string;
  /** The document to add as a new version (the collection's json.dumps(json.loads(policy))). */
  newVersion?: string;
  /** An existing version to make the default. */
  setDefault?: string;
  /** Delete every non-default version (after the change). */
  onlyVersion?: boolean;
  tags?: TagChanges;
}

interface Version {
  id: string;
  isDefault: boolean;
  created?: Date | undefined;
  document: unknown;
}

async function findPolicy(iam: IAMClient, ctx: ModuleContext, name: string): Promise<Policy | undefined> {
  const listed = (await listManagedPolicies(iam, ctx)).find((p) => p.PolicyName === name);
  if (!listed) return undefined;
  const { GetPolicyCommand } = await iamSdk();
  return (await awsSend<{ Policy?: Policy }>(iam, new GetPolicyCommand({ PolicyArn: listed.Arn }), { what: 'Failed to get policy', signal: ctx.signal })).Policy;
}

async function versions(iam: IAMClient, ctx: ModuleContext, arn: string): Promise<Version[]> {
  const sdk = await iamSdk();
  const list = (await awsSend<{ Versions?: PolicyVersion[] }>(iam, new sdk.ListPolicyVersionsCommand({ PolicyArn: arn }), { what: 'Failed to list policy versions', signal: ctx.signal })).Versions ?? [];
  const out: Version[] = [];
  for (const v of list) {
    const full = await awsSend<{ PolicyVersion?: PolicyVersion }>(iam, new sdk.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }), { what: 'Failed to get policy version', signal: ctx.signal });
    out.push({ id: v.VersionId!, isDefault: v.IsDefaultVersion === true, created: v.CreateDate, document: decodePolicyDocument(full.PolicyVersion?.Document) });
  }
  return out;
}

/** The managed settings, for --diff (the test reads the same through the SDK). */
function view(p: { path: unknown; description: unknown; document: unknown; versions: number; tags: Record<string, string> }): Record<string, unknown> {
  return { ...p };
}

/** type=json, then json.dumps(json.loads(policy)). */
function documentOf(policy: unknown): { text: string; doc: unknown } | undefined {
  if (policy === undefined || policy === null) return undefined;
  try {
    const doc = typeof policy === 'string' ? (JSON.parse(policy) as unknown) : policy;
    return { text: JSON.stringify(doc), doc };
  } catch (e) {
    throw new ModuleFailure(`${NAME}: policy is not valid JSON: ${(e as Error).message}`);
  }
}

function predictedNew(args: ManagedPolicyArgs): ModuleResult {
  const tags = tagDictOf(args.tags);
  return {
    policy: {
      policy_name: args.name, policy_id: Unknown, arn: Unknown, path: args.path || '/', default_version_id: 'v1', attachment_count: 0, permissions_boundary_usage_count: 0,
      is_attachable: true, ...(args.description ? { description: args.description } : {}), create_date: Unknown, update_date: Unknown, tags,
    },
  };
}

export default defineAwsModule<ManagedPolicyArgs, ManagedPolicyActions>({
  name: NAME,
  aliases: ['iam_managed_policy', 'community.aws.iam_managed_policy'],
  doc: { short: 'Manage customer managed IAM policies' },
  options: {
    name: { type: 'string', 'x-aliases': ['policy_name'], description: 'Name of the managed policy.' },
    path: { type: ['string', 'null'], 'x-aliases': ['prefix', 'path_prefix'], description: 'Path of the policy (set at creation only).' },
    description: { type: ['string', 'null'], 'x-aliases': ['policy_description'], description: 'Description (set at creation only).' },
    policy: { type: ['string', 'object', 'array', 'null'], description: 'The policy document, as JSON text or a dict.' },
    make_default: { type: 'boolean', default: true, description: 'Make the matching version the default.' },
    only_version: { type: 'boolean', default: false, description: 'Delete every other version.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the policy exists.' },
    ...tagArgs,
  },
  relations: { required: ['name'] },
  returns: {
    policy: { description: 'the policy (policy_name, policy_id, arn, path, default_version_id, attachment_count, permissions_boundary_usage_count, is_attachable, description, create_date, update_date, tags)', returned: 'success', type: 'dict' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'managed policy',

  unknownResult: (args) => predictedNew(args),

  async plan(args, ctx): Promise<Plan<ManagedPolicyActions>> {
    const problem = iamIdentifierProblem('policy', args.name);
    if (problem) throw new ModuleFailure(problem);
    const iam = await awsClient('iam', args, ctx, NAME);
    const existing = await findPolicy(iam, ctx, args.name);
    const want = documentOf(args.policy);
    if (!existing) {
      if (args.state === 'absent') return { changed: false, result: { policy: null } };
      if (!ctx.check && !want) throw new ModuleFailure('Managed policy would be created but policy parameter is missing');
      const tags = tagDictOf(args.tags);
      return {
        changed: true,
        actions: { args, op: 'create', ...(want ? { newVersion: want.text } : {}) },
        diff: resourceDiff('managed policy', args.name, undefined, view({ path: args.path || '/', description: args.description || null, document: want?.doc ?? null, versions: 1, tags })),
        result: predictedNew(args),
      };
    }
    const arn = existing.Arn!;
    const vs = await versions(iam, ctx, arn);
    const current = vs.find((v) => v.isDefault);
    const tagsNow = tagListToDict(existing.Tags);
    const now = view({ path: existing.Path, description: existing.Description ?? null, document: current?.document ?? null, versions: vs.length, tags: tagsNow });
    if (args.state === 'absent') {
      return { changed: true, actions: { args, op: 'delete', arn }, diff: resourceDiff('managed policy', args.name, now, undefined), result: { policy: normalizeManagedPolicy(existing) } };
    }
    if (args.path !== undefined && args.path !== null && existing.Path !== args.path) ctx.log.warn(`Unable to update path from '${existing.Path}' to '${args.path}'`);
    if (args.description !== undefined && args.description !== null && (existing.Description ?? '') !== args.description) {
      ctx.log.warn(`Unable to update description from '${existing.Description ?? ''}' to '${args.description}'`);
    }
    const a: ManagedPolicyActions = { args, op: 'update', arn };
    const after = { ...now };
    let count = vs.length;
    let defaultAfter = current;
    if (want) {
      // get_or_create_policy_version: the first version (in AWS's order) with the same document.
      const match = vs.find((v) => !policiesDiffer(v.document, want.doc));
      if (!match) {
        a.newVersion = want.text;
        // At the limit of five, the oldest non-default version makes room.
        if (count >= 5 && vs.some((v) => !v.isDefault)) count -= 1;
        count += 1;
        if (args.make_default) defaultAfter = { id: 'new', isDefault: true, document: want.doc };
      } else if (args.make_default && !match.isDefault) {
        a.setDefault = match.id;
        defaultAfter = match;
      }
      if (args.only_version) {
        // set_if_only, run against the versions as they are after the steps above.
        const nonDefault = count - 1;
        if (nonDefault > 0) {
          a.onlyVersion = true;
          count = 1;
        }
      }
      after['document'] = defaultAfter?.document ?? null;
      after['versions'] = count;
    }
    const tc = compareTags(tagsNow, args.tags, args.purge_tags);
    if (!tagChangesEmpty(tc)) {
      a.tags = tc;
      after['tags'] = applyTagChanges(tagsNow, tc);
    }
    const changed = a.newVersion !== undefined || a.setDefault !== undefined || a.onlyVersion === true || a.tags !== undefined;
    // The collection reads the policy back at the end: in check mode, as it is (the diff's `after`
    // is the prediction).
    const result = { policy: normalizeManagedPolicy(existing) };
    if (!changed) return { changed: false, result };
    return { changed: true, actions: a, diff: resourceDiff('managed policy', args.name, now, after), result };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const iam = await awsClient('iam', args, ctx, NAME);
    const sdk = await iamSdk();
    const get = async (PolicyArn: string) => (await awsSend<{ Policy?: Policy }>(iam, new sdk.GetPolicyCommand({ PolicyArn }), { what: 'Failed to get policy', signal: ctx.signal })).Policy!;
    const deleteVersion = (PolicyArn: string, VersionId: string) =>
      awsSend(iam, new sdk.DeletePolicyVersionCommand({ PolicyArn, VersionId }), { what: 'Failed to delete policy version', absentCodes: ['NoSuchEntity'], signal: ctx.signal });
    if (a.op === 'create') {
      const made = await awsSend<{ Policy?: Policy }>(iam, new sdk.CreatePolicyCommand({
        PolicyName: args.name, PolicyDocument: a.newVersion,
        ...(args.path ? { Path: args.path } : {}), ...(args.description ? { Description: args.description } : {}),
        ...(args.tags && Object.keys(args.tags).length ? { Tags: tagDictToList(args.tags) } : {}),
      }), { what: 'Failed to create policy', signal: ctx.signal });
      return { changed: true, policy: normalizeManagedPolicy(await get(made.Policy!.Arn!)) };
    }
    const PolicyArn = a.arn!;
    if (a.op === 'delete') {
      const e = await awsSend<{ PolicyGroups?: { GroupName?: string }[]; PolicyUsers?: { UserName?: string }[]; PolicyRoles?: { RoleName?: string }[] } | undefined>(
        iam, new sdk.ListEntitiesForPolicyCommand({ PolicyArn }), { what: 'Failed to list entities for policy', absentCodes: ['NoSuchEntity'], signal: ctx.signal });
      const gone = { absentCodes: ['NoSuchEntity'], signal: ctx.signal };
      for (const g of e?.PolicyGroups ?? []) await awsSend(iam, new sdk.DetachGroupPolicyCommand({ PolicyArn, GroupName: g.GroupName }), { what: 'Failed to detach group policy', ...gone });
      for (const u of e?.PolicyUsers ?? []) await awsSend(iam, new sdk.DetachUserPolicyCommand({ PolicyArn, UserName: u.UserName }), { what: 'Failed to detach user policy', ...gone });
      for (const r of e?.PolicyRoles ?? []) await awsSend(iam, new sdk.DetachRolePolicyCommand({ PolicyArn, RoleName: r.RoleName }), { what: 'Failed to detach role policy', ...gone });
      for (const v of (await versions(iam, ctx, PolicyArn)).filter((x) => !x.isDefault)) await deleteVersion(PolicyArn, v.id);
      await awsSend(iam, new sdk.DeletePolicyCommand({ PolicyArn }), { what: 'Failed to delete policy', ...gone });
      return { changed: true, policy: (plan.result as { policy: unknown }).policy };
    }
    let made: string | undefined;
    if (a.newVersion !== undefined) {
      const create = () => awsSend<{ PolicyVersion?: PolicyVersion }>(iam, new sdk.CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: a.newVersion }), { what: 'Failed to create policy version', signal: ctx.signal });
      let v: { PolicyVersion?: PolicyVersion };
      try {
        v = await create();
      } catch (e) {
        if (!/\(LimitExceeded\)/.test((e as Error).message)) throw e;
        const old = (await versions(iam, ctx, PolicyArn)).filter((x) => !x.isDefault).sort((x, y) => (x.created?.getTime() ?? 0) - (y.created?.getTime() ?? 0));
        if (old[0]) await deleteVersion(PolicyArn, old[0].id);
        v = await create();
      }
      made = v.PolicyVersion?.VersionId;
    }
    const setDefault = made !== undefined && args.make_default ? made : a.setDefault;
    if (setDefault) await awsSend(iam, new sdk.SetDefaultPolicyVersionCommand({ PolicyArn, VersionId: setDefault }), { what: 'Failed to set default policy version', signal: ctx.signal });
    if (a.onlyVersion) for (const v of (await versions(iam, ctx, PolicyArn)).filter((x) => !x.isDefault)) await deleteVersion(PolicyArn, v.id);
    if (a.tags?.unset.length) await awsSend(iam, new sdk.UntagPolicyCommand({ PolicyArn, TagKeys: a.tags.unset }), { what: 'Failed to untag managed policy', signal: ctx.signal });
    if (a.tags && Object.keys(a.tags.set).length) await awsSend(iam, new sdk.TagPolicyCommand({ PolicyArn, Tags: tagDictToList(a.tags.set) }), { what: 'Failed to tag managed policy', signal: ctx.signal });
    return { changed: true, policy: normalizeManagedPolicy(await get(PolicyArn)) };
  },
});
