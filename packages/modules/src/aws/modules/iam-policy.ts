/**
 * amazon.aws.iam_policy (collection 7.6): an inline policy of a role, user or group, compared as a
 * document (compare_policies); with skip_duplicates, no put when any of the identity's inline
 * policies already has the document.
 *
 * The collection always returns `diff: {before, after}`: every inline policy of the identity by
 * name (the document as a dict), before and after. pgplay returns the same, also as its --diff.
 */
import { ModuleFailure, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { IAMClient } from '@aws-sdk/client-iam';
import { awsSend } from '../call.js';
import { awsClient, iamSdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { decodePolicyDocument } from '../iam.js';
import { parseJsonAsPython, policiesDiffer } from '../policy.js';
import { amazonDeprecation, withDeprecations } from '../deprecations.js';

const NAME = 'amazon.aws.iam_policy';

type IamType = 'user' | 'group' | 'role';

interface PolicyArgs extends AwsConnectionArgs {
  iam_type: IamType;
  state: 'present' | 'absent';
  iam_name: string;
  policy_name: string;
  policy_json?: unknown;
  skip_duplicates: boolean;
}

interface PolicyActions {
  args: PolicyArgs;
  put?: string;
  delete?: boolean;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * module.deprecate(msg, date, collection_name), as the collection's module does: after the Policy
 * object has listed the identity's policies (a failure there has no entry), before policy.run()
 * (whose failures, a bad document or a refused put/delete, carry it).
 */
const DEPRECATION = amazonDeprecation("The 'policies' return key is deprecated and will be replaced by 'policy_names'. Both values are returned for now.", '2024-08-01');
/** A failure inside policy.run(). */
const runFailure = (e: unknown): unknown => (e instanceof ModuleFailure ? new ModuleFailure(e.message, withDeprecations(e.result, [DEPRECATION])) : e);

/** The identity's key in each call (RoleName, UserName, GroupName). */
const keyOf = (t: IamType): 'RoleName' | 'UserName' | 'GroupName' => (t === 'role' ? 'RoleName' : t === 'user' ? 'UserName' : 'GroupName');

type Command = new (input: never) => object;

async function commands(t: IamType): Promise<{ List: Command; Get: Command; Put: Command; Delete: Command }> {
  const sdk = await iamSdk();
  return t === 'role'
    ? { List: sdk.ListRolePoliciesCommand, Get: sdk.GetRolePolicyCommand, Put: sdk.PutRolePolicyCommand, Delete: sdk.DeleteRolePolicyCommand }
    : t === 'user'
      ? { List: sdk.ListUserPoliciesCommand, Get: sdk.GetUserPolicyCommand, Put: sdk.PutUserPolicyCommand, Delete: sdk.DeleteUserPolicyCommand }
      : { List: sdk.ListGroupPoliciesCommand, Get: sdk.GetGroupPolicyCommand, Put: sdk.PutGroupPolicyCommand, Delete: sdk.DeleteGroupPolicyCommand };
}

/** Policy.list: the inline policy names (AccessDenied reads as none, as in the collection). */
async function listNames(iam: IAMClient, ctx: ModuleContext, args: PolicyArgs): Promise<string[]> {
  const c = await commands(args.iam_type);
  const r = await awsSend<{ PolicyNames?: string[] } | undefined>(iam, new c.List({ [keyOf(args.iam_type)]: args.iam_name } as never), { absentCodes: ['AccessDenied'], signal: ctx.signal });
  return r?.PolicyNames ?? [];
}

/** Policy.get_all_policies: name → document. */
async function allPolicies(iam: IAMClient, ctx: ModuleContext, args: PolicyArgs): Promise<Record<string, unknown>> {
  const c = await commands(args.iam_type);
  const out: Record<string, unknown> = {};
  for (const PolicyName of await listNames(iam, ctx, args)) {
    const r = await awsSend<{ PolicyDocument?: string } | undefined>(iam, new c.Get({ [keyOf(args.iam_type)]: args.iam_name, PolicyName } as never), { absentCodes: ['AccessDenied'], signal: ctx.signal });
    out[PolicyName] = r ? decodePolicyDocument(r.PolicyDocument) : {};
  }
  return out;
}

/** Python's json.dumps(doc, sort_keys=True): what the collection puts. */
function pyJsonSorted(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyJsonSorted).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}: ${pyJsonSorted((v as Record<string, unknown>)[k])}`).join(', ')}}`;
  return JSON.stringify(v);
}

function resultOf(args: PolicyArgs, names: string[], before: Record<string, unknown>, after: Record<string, unknown>): ModuleResult {
  return { [`${args.iam_type}_name`]: args.iam_name, policies: names, policy_names: names, diff: { before, after }, deprecations: [DEPRECATION] };
}

export default defineAwsModule<PolicyArgs, PolicyActions>({
  name: NAME,
  aliases: ['iam_policy', 'community.aws.iam_policy'],
  doc: { short: 'Manage inline IAM policies of users, groups and roles' },
  options: {
    iam_type: { type: 'string', enum: ['user', 'group', 'role'], description: 'The kind of identity.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the policy exists.' },
    iam_name: { type: 'string', description: 'Name of the user, group or role.' },
    policy_name: { type: 'string', description: 'Name of the inline policy.' },
    policy_json: { type: ['string', 'object', 'array', 'null'], description: 'The policy document, as JSON text or a dict.' },
    skip_duplicates: { type: 'boolean', default: false, description: 'Do not put the policy when another inline policy has the same document.' },
  },
  relations: { required: ['iam_type', 'iam_name', 'policy_name'], 'x-required-if': [['state', 'present', ['policy_json'], true]] },
  returns: {
    role_name: { description: 'the role (user_name / group_name for those types)', returned: 'success', type: 'str' },
    policy_names: { description: 'the inline policies of the identity after the change', returned: 'success', type: 'list' },
    policies: { description: 'deprecated copy of policy_names', returned: 'success', type: 'list' },
    diff: { description: 'inline policies by name, before and after', returned: 'success', type: 'dict' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'inline policies',

  unknownResult(args) {
    // The identity itself is only known after apply: it has no policies yet.
    if (args.state === 'absent') return resultOf(args, [], {}, {});
    const doc = typeof args.policy_json === 'string' ? (JSON.parse(args.policy_json) as unknown) : args.policy_json;
    return resultOf(args, [args.policy_name], {}, { [args.policy_name]: doc });
  },

  async plan(args, ctx): Promise<Plan<PolicyActions>> {
    const iam = await awsClient('iam', args, ctx, NAME);
    const before = await allPolicies(iam, ctx, args);
    const names = Object.keys(before);
    const after = { ...before };
    const a: PolicyActions = { args, before, after };
    if (args.state === 'absent') {
      if (names.includes(args.policy_name)) {
        delete after[args.policy_name];
        a.delete = true;
      }
    } else {
      let doc: unknown;
      try {
        doc = typeof args.policy_json === 'string' ? parseJsonAsPython(args.policy_json) : args.policy_json;
      } catch (e) {
        throw runFailure(new ModuleFailure(`Failed to decode the policy as valid JSON: ${(e as Error).message}`));
      }
      const matching = names.filter((n) => !policiesDiffer(before[n], doc));
      if (!matching.includes(args.policy_name) && !(args.skip_duplicates && matching.length)) {
        a.put = pyJsonSorted(doc);
        after[args.policy_name] = doc;
      }
    }
    const changed = a.put !== undefined || a.delete === true;
    // The collection lists the names again after the change (none in check mode): as before.
    const result = resultOf(args, names, before, after);
    const header = `${args.iam_type} ${args.iam_name} inline policies`;
    return { changed, ...(changed ? { actions: a } : {}), diff: { before, after, before_header: `${header} (before)`, after_header: `${header} (after)` }, result };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const iam = await awsClient('iam', args, ctx, NAME);
    const c = await commands(args.iam_type);
    const id = { [keyOf(args.iam_type)]: args.iam_name, PolicyName: args.policy_name };
    try {
      if (a.delete) await awsSend(iam, new c.Delete(id as never), { signal: ctx.signal });
      if (a.put !== undefined) await awsSend(iam, new c.Put({ ...id, PolicyDocument: a.put } as never), { signal: ctx.signal });
      return { changed: true, ...resultOf(args, await listNames(iam, ctx, args), a.before, a.after) };
    } catch (e) {
      throw runFailure(e);
    }
  },
});
