/**
 * amazon.aws.ec2_security_group (collection 7.6; ec2_group is its old name): a group found by
 * name (+ vpc_id) or group_id; rules and rules_egress expanded per port and source and converged
 * as sets (purge_rules / purge_rules_egress), rule descriptions updated in place, tags.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { EC2Client, IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk, stsSdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { applyEc2Tags, filterList } from '../ec2-tags.js';
import { pyRepr } from '../py-repr.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { expandRules, nestedTargetDeprecations, normaliseCidr, ruleCmp, ruleKey, rulesFromPermission, toPermission, validateRuleSpec, validateUserRules, type FlatRule, type GroupTarget, type Rule, type UserRule } from '../sg-rules.js';
import { applyTagChanges, compareEc2Tags, tagArgs, tagChangesEmpty, tagListToDict, tagSpecifications, type TagChanges } from '../tags.js';
import { cidrStaticCheck } from '../cidr.js';

const NAME = 'amazon.aws.ec2_security_group';

interface SgArgs extends AwsConnectionArgs {
  name?: string | null;
  group_id?: string | null;
  description?: string | null;
  vpc_id?: string | null;
  rules?: UserRule[] | null;
  rules_egress?: UserRule[] | null;
  state: 'present' | 'absent';
  purge_rules: boolean;
  purge_rules_egress: boolean;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
}

interface SgActions {
  args: SgArgs;
  groupId?: string;
  create?: boolean;
  tags?: TagChanges;
  describeIn: IpPermission[];
  describeOut: IpPermission[];
  revokeIn: IpPermission[];
  revokeOut: IpPermission[];
  addIn: IpPermission[];
  addOut: IpPermission[];
  delete?: boolean;
}

const ruleSpec = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rule_desc: { type: ['string', 'null'], description: 'Description of the rule.' },
    cidr_ip: { type: ['array', 'null'], description: 'IPv4 CIDR(s) the rule applies to.' },
    cidr_ipv6: { type: ['array', 'null'], description: 'IPv6 CIDR(s).' },
    ip_prefix: { type: ['array', 'null'], items: { type: 'string' }, description: 'Prefix list IDs.' },
    group_id: { type: ['array', 'null'], items: { type: 'string' }, description: 'Security group IDs (or owner/sg-id/name).' },
    group_name: { type: ['array', 'null'], items: { type: 'string' }, description: 'Security group names.' },
    group_desc: { type: ['string', 'null'], description: 'Description of a group created for group_name (not supported yet).' },
    proto: { type: ['string', 'null'], default: 'tcp', description: 'tcp, udp, icmp, all/-1, or a protocol number.' },
    ports: { type: ['array', 'null'], items: { type: 'string' }, description: 'Ports and ranges ("22", "8000-8100").' },
    from_port: { type: ['integer', 'null'], description: 'Start of the port range.' },
    to_port: { type: ['integer', 'null'], description: 'End of the port range.' },
    icmp_type: { type: ['integer', 'null'], description: 'ICMP type.' },
    icmp_code: { type: ['integer', 'null'], description: 'ICMP code.' },
  },
} as const;

/** group_exists: the matching group (the last one, as the collection) and all groups by id/name. */
async function findGroup(ec2: EC2Client, ctx: ModuleContext, args: SgArgs): Promise<{ group?: SecurityGroup; groups: Map<string, SecurityGroup> }> {
  const { DescribeSecurityGroupsCommand } = await ec2Sdk();
  const filters: Record<string, unknown> = {};
  if (args.name) filters['group-name'] = args.name;
  if (args.vpc_id) filters['vpc-id'] = args.vpc_id;
  const found = await awsSend<{ SecurityGroups?: SecurityGroup[] } | undefined>(
    ec2, new DescribeSecurityGroupsCommand({ ...(args.group_id ? { GroupIds: [args.group_id] } : {}), Filters: filterList(filters) }),
    { what: 'Error in describe_security_groups', absentCodes: ['InvalidGroup.NotFound'], signal: ctx.signal });
  const matches = found?.SecurityGroups ?? [];
  if (!matches.length) return { groups: new Map() };
  const all = (await awsSend<{ SecurityGroups?: SecurityGroup[] }>(ec2, new DescribeSecurityGroupsCommand({}), { what: 'Error in describe_security_groups', signal: ctx.signal })).SecurityGroups ?? [];
  const groups = new Map<string, SecurityGroup>();
  for (const g of all) groups.set(g.GroupId!, g);
  for (const g of all) groups.set(g.GroupName!, g);
  if (args.vpc_id) for (const g of all) if (g.VpcId === args.vpc_id) groups.set(g.GroupName!, g);
  return { group: matches[matches.length - 1]!, groups };
}

async function describeGroup(ec2: EC2Client, ctx: ModuleContext, groupId: string): Promise<SecurityGroup> {
  const { DescribeSecurityGroupsCommand } = await ec2Sdk();
  const r = await awsSend<{ SecurityGroups?: SecurityGroup[] }>(ec2, new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), { retryCodes: ['InvalidGroup.NotFound'], attempts: 6, signal: ctx.signal });
  return r.SecurityGroups![0]!;
}

async function accountId(ctx: ModuleContext, args: SgArgs): Promise<string> {
  const sts = await awsClient('sts', args, ctx, NAME);
  const { GetCallerIdentityCommand } = await stsSdk();
  const r = await awsSend<{ Account?: string }>(sts, new GetCallerIdentityCommand({}), { what: 'Failed to retrieve caller identity', signal: ctx.signal });
  return r.Account ?? '';
}

/** get_target_from_rule (without auto-creating groups named in rules). */
async function targetOf(ec2: EC2Client, ctx: ModuleContext, rule: FlatRule, args: SgArgs, group: SecurityGroup | undefined, groups: Map<string, SecurityGroup>, account: string): Promise<{ type: Rule['targetType']; target: Rule['target'] }> {
  if (rule.group_id) {
    const foreign = /^([^/]+)\/?(sg-\S+)?\/(\S+)/.exec(rule.group_id);
    if (!foreign) return { type: 'group', target: [account, rule.group_id, null] };
    let [, owner, gid, gname] = foreign as unknown as [string, string, string | undefined, string | undefined];
    if (gid && gname) {
      if (gname.startsWith('amazon-')) gid = undefined;
      else gname = undefined;
    }
    return { type: 'group', target: [owner, gid ?? null, gname ?? null] as GroupTarget };
  }
  if (rule.group_name !== undefined) {
    const gname = rule.group_name;
    if (gname === args.name) {
      // The rule names the group being managed (a self reference); a new group's ID is not known yet.
      return { type: 'group', target: [account, group?.GroupId ?? '__self__', null] };
    }
    const known = groups.get(gname);
    if (known && ((group?.VpcId && known.VpcId) || !(group?.VpcId || known.VpcId))) return { type: 'group', target: [account, known.GroupId!, null] };
    if (!(rule.group_desc ?? '').trim()) {
      const { DescribeSecurityGroupsCommand } = await ec2Sdk();
      const r = await awsSend<{ SecurityGroups?: SecurityGroup[] } | undefined>(
        ec2, new DescribeSecurityGroupsCommand({ Filters: filterList({ 'group-name': gname, ...(args.vpc_id ? { 'vpc-id': args.vpc_id } : {}) }) }),
        { what: 'Failed to get security group', absentCodes: ['InvalidGroup.NotFound'], signal: ctx.signal });
      const g = r?.SecurityGroups?.[0];
      if (!g) throw new ModuleFailure(`group '${gname}' not found and would be automatically created by rule ${pyRepr(rule)} but no description was provided`);
      groups.set(g.GroupId!, g);
      groups.set(gname, g);
      return { type: 'group', target: [account, g.GroupId!, null] };
    }
    throw new ModuleFailure(`${NAME}: creating the group '${gname}' named in a rule (group_desc) is not supported by pgplay yet; create it with its own task first`);
  }
  if (rule.cidr_ip !== undefined) return { type: 'ipv4', target: normaliseCidr(rule.cidr_ip, (m) => ctx.log.warn(m)) };
  if (rule.cidr_ipv6 !== undefined) return { type: 'ipv6', target: normaliseCidr(rule.cidr_ipv6, (m) => ctx.log.warn(m)) };
  if (rule.ip_prefix !== undefined) return { type: 'ip_prefix', target: rule.ip_prefix };
  throw new ModuleFailure('Could not match target for rule', { failed_rule: rule });
}

async function desiredRules(ec2: EC2Client, ctx: ModuleContext, flat: FlatRule[] | null, args: SgArgs, group: SecurityGroup | undefined, groups: Map<string, SecurityGroup>, account: string): Promise<Rule[] | null> {
  if (flat === null) return null;
  const out: Rule[] = [];
  for (const rule of flat) {
    const { type, target } = await targetOf(ec2, ctx, rule, args, group, groups, account);
    let proto = String(rule.proto);
    let from = rule.from_port;
    let to = rule.to_port;
    if (['all', '-1'].includes(proto)) {
      proto = '-1';
      from = null;
      to = null;
    } else if (/^[+-]?\d+$/.test(proto.trim())) {
      from = null;
      to = null;
    }
    if (from === undefined || to === undefined) throw new ModuleFailure(`${NAME}: rule ${pyRepr(rule)} needs ports, from_port/to_port or icmp_type (or proto all)`);
    out.push({ portRange: [from, to], protocol: proto, target, targetType: type, description: rule.rule_desc ?? null });
  }
  return out;
}

const uniq = (rules: Rule[]): Rule[] => [...new Map(rules.map((r) => [ruleKey(r), r])).values()];
const minus = (a: Rule[], b: Rule[]): Rule[] => {
  const keys = new Set(b.map(ruleKey));
  return uniq(a).filter((r) => !keys.has(ruleKey(r)));
};

/** The diff's view of rules: one flat record per rule, sorted, so a diff reads rule by rule. */
export function ruleView(r: Rule): Record<string, unknown> {
  const target = r.targetType === 'group' ? (r.target as GroupTarget)[1] ?? (r.target as GroupTarget)[2] : r.target;
  return { proto: r.protocol, from_port: r.portRange[0], to_port: r.portRange[1], [r.targetType === 'group' ? 'group' : r.targetType === 'ip_prefix' ? 'prefix_list' : r.targetType === 'ipv6' ? 'cidr_ipv6' : 'cidr_ip']: target, description: r.description };
}
const sortedViews = (rules: Rule[]) => rules.map(ruleView).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The module's return value from a DescribeSecurityGroups entry. */
function groupResult(g: SecurityGroup): Record<string, unknown> {
  const { $metadata: _m, ...raw } = plainValue(g) as Record<string, unknown>;
  const out = camelDictToSnakeDict(raw, ['Tags']);
  out['tags'] = tagListToDict(g.Tags);
  return out;
}

export default defineAwsModule<SgArgs, SgActions>({
  name: NAME,
  aliases: ['ec2_security_group', 'amazon.aws.ec2_group', 'ec2_group'],
  doc: { short: 'Maintain an EC2 security group' },
  options: {
    name: { type: ['string', 'null'], description: 'Name of the security group.' },
    group_id: { type: ['string', 'null'], description: 'ID of the security group (instead of name).' },
    description: { type: ['string', 'null'], description: 'Description (required to create; cannot change).' },
    vpc_id: { type: ['string', 'null'], description: 'The VPC of the group.' },
    rules: { type: ['array', 'null'], items: ruleSpec as never, description: 'Inbound rules.' },
    rules_egress: { type: ['array', 'null'], items: ruleSpec as never, 'x-aliases': ['egress_rules'], description: 'Outbound rules (VPC groups).' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the group exists.' },
    purge_rules: { type: 'boolean', default: true, description: 'Revoke inbound rules not listed.' },
    purge_rules_egress: { type: 'boolean', default: true, 'x-aliases': ['purge_egress_rules'], description: 'Revoke outbound rules not listed (when rules_egress is given).' },
    ...tagArgs,
  },
  relations: { 'x-required-one-of': [['name', 'group_id']], 'x-required-if': [['state', 'present', ['name', 'description'], false]] },
  returns: {
    group_name: { description: 'Security group name', returned: 'on create/update', type: 'str' },
    group_id: { description: 'Security group id', returned: 'always', type: 'str' },
    description: { description: 'Description of security group', returned: 'on create/update', type: 'str' },
    tags: { description: 'Tags associated with the security group', returned: 'on create/update', type: 'dict' },
    vpc_id: { description: 'ID of VPC to which the security group belongs', returned: 'on create/update', type: 'str' },
    ip_permissions: { description: 'Inbound rules associated with the security group.', returned: 'on create/update', type: 'list' },
    ip_permissions_egress: { description: 'Outbound rules associated with the security group.', returned: 'on create/update', type: 'list' },
    owner_id: { description: 'AWS Account ID of the security group', returned: 'on create/update', type: 'int' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'security group',
  // ensure_present flattens rules and rules_egress (deprecating each nested list), and under
  // --diff get_final_rules flattens each given list once more, after ensure_present succeeded.
  // Arguments the argument spec refuses never reach main().
  deprecations(args, ctx, failed) {
    if (args.state === 'absent') return [];
    try {
      validateRuleSpec(args.rules, 'rules');
      validateRuleSpec(args.rules_egress, 'rules_egress');
    } catch (e) {
      if (e instanceof ModuleFailure) return [];
      throw e;
    }
    const pass = [...nestedTargetDeprecations(args.rules), ...nestedTargetDeprecations(args.rules_egress)];
    return ctx.diff && !failed ? [...pass, ...pass] : pass;
  },
  unknownResult: (args) => ({ group_id: Unknown, group_name: args.name, description: args.description, vpc_id: args.vpc_id ? Unknown : null, owner_id: Unknown, tags: args.tags ?? {}, ip_permissions: Unknown, ip_permissions_egress: Unknown }),
  staticCheck(args, sc) {
    // Reported at the rules list (the problem's option), naming the rule's field.
    return (['rules', 'rules_egress'] as const).flatMap((option) =>
      (Array.isArray(args[option]) ? (args[option] as unknown[]) : []).flatMap((r) =>
        r && typeof r === 'object' && !Array.isArray(r)
          ? [...cidrStaticCheck(r as Record<string, unknown>, sc, ['cidr_ip'], 'ipv4'), ...cidrStaticCheck(r as Record<string, unknown>, sc, ['cidr_ipv6'], 'ipv6')].map((p) => ({ ...p, option, message: `${option}: ${p.message}` }))
          : []));
  },

  async plan(args, ctx): Promise<Plan<SgActions>> {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const { group, groups } = await findGroup(ec2, ctx, args);
    const account = await accountId(ctx, args);
    const empty = { describeIn: [], describeOut: [], revokeIn: [], revokeOut: [], addIn: [], addOut: [] };
    const beforeView = (g: SecurityGroup) => ({
      group_id: g.GroupId, group_name: g.GroupName, description: g.Description, vpc_id: g.VpcId ?? null, tags: tagListToDict(g.Tags),
      ingress: sortedViews((g.IpPermissions ?? []).flatMap((p) => rulesFromPermission(p, account))),
      egress: sortedViews((g.IpPermissionsEgress ?? []).flatMap((p) => rulesFromPermission(p, account))),
    });
    if (args.state === 'absent') {
      if (!group) return { changed: false, result: { group_id: null } };
      return { changed: true, actions: { args, ...empty, groupId: group.GroupId!, delete: true }, diff: resourceDiff('security group', group.GroupId, beforeView(group), undefined), result: { group_id: null } };
    }
    validateUserRules(args.rules, 'rules');
    validateUserRules(args.rules_egress, 'rules_egress');
    const flatIn = expandRules(args.rules);
    const flatOut = expandRules(args.rules_egress);
    if (group && group.Description !== args.description) {
      ctx.log.warn('Group description does not match existing group. Descriptions cannot be changed without deleting and re-creating the security group. Try using state=absent to delete, then rerunning this task.');
    }
    const wantIn = await desiredRules(ec2, ctx, flatIn, args, group, groups, account);
    const wantOut = await desiredRules(ec2, ctx, flatOut, args, group, groups, account);
    const isVpc = group ? group.VpcId !== undefined : Boolean(args.vpc_id);
    const defaultEgress: Rule = { portRange: [null, null], protocol: '-1', target: '0.0.0.0/0', targetType: 'ipv4', description: null };
    const currentIn = group ? (group.IpPermissions ?? []).flatMap((p) => rulesFromPermission(p, account)) : [];
    // A new VPC group starts with AWS's allow-all egress rule.
    const currentOut = group ? (group.IpPermissionsEgress ?? []).flatMap((p) => rulesFromPermission(p, account)) : isVpc ? [defaultEgress] : [];
    const desiredIn = wantIn ?? [];
    const desiredOut = [...(wantOut ?? [])];
    if (args.rules_egress == null && isVpc) {
      if (currentOut.some((r) => ruleKey(r) === ruleKey(defaultEgress))) desiredOut.push(defaultEgress);
      else currentOut.push(defaultEgress);
    }
    const presentIn = uniq([...desiredIn, ...currentIn]);
    const presentOut = uniq([...desiredOut, ...currentOut]);
    const revokeIn = args.purge_rules ? presentIn.filter((p) => !desiredIn.some((b) => ruleCmp(p, b))) : [];
    const revokeOut = args.purge_rules_egress && args.rules_egress != null ? presentOut.filter((p) => !desiredOut.some((b) => ruleCmp(p, b))) : [];
    // update_rule_descriptions: a rule that exists with another description is updated in place.
    const describe = (present: Rule[], desired: Rule[]): Rule[] => {
      const needs: Rule[] = [];
      for (const p of present) {
        for (const r of desired.filter((d) => ruleCmp(d, p) && d.description !== p.description)) {
          desired.splice(desired.indexOf(r), 1);
          needs.push(r);
        }
      }
      return needs;
    };
    const wantInLeft = [...desiredIn];
    const wantOutLeft = [...desiredOut];
    const describeIn = wantIn ? describe(presentIn, wantInLeft) : [];
    const describeOut = wantOut || args.rules_egress == null ? describe(presentOut, wantOutLeft) : [];
    const addIn = minus(wantInLeft, currentIn);
    const addOut = minus(wantOutLeft, currentOut);
    const tagsNow = tagListToDict(group?.Tags);
    const tagChanges = group ? compareEc2Tags(tagsNow, args.tags, args.purge_tags) : { set: {}, unset: [] };
    const actions: SgActions = {
      args, ...(group ? { groupId: group.GroupId! } : { create: true }),
      ...(tagChangesEmpty(tagChanges) ? {} : { tags: tagChanges }),
      describeIn: describeIn.map(toPermission), describeOut: describeOut.map(toPermission),
      revokeIn: revokeIn.map(toPermission), revokeOut: revokeOut.map(toPermission),
      addIn: addIn.map(toPermission), addOut: addOut.map(toPermission),
    };
    const changed = !group || actions.tags !== undefined || [describeIn, describeOut, revokeIn, revokeOut, addIn, addOut].some((l) => l.length > 0);
    // What the group looks like afterwards, for the diff and the check-mode result.
    const after = (rulesNow: Rule[], revoke: Rule[], described: Rule[], added: Rule[]) => {
      const gone = new Set([...revoke, ...described].map((r) => JSON.stringify([r.portRange, r.protocol, r.target, r.targetType])));
      const kept = rulesNow.filter((r) => !gone.has(JSON.stringify([r.portRange, r.protocol, r.target, r.targetType])));
      return uniq([...kept, ...described, ...added]);
    };
    const inAfter = after(currentIn, revokeIn, describeIn, addIn);
    const outAfter = after(currentOut, revokeOut, describeOut, addOut);
    const tagsAfter = group ? applyTagChanges(tagsNow, tagChanges) : applyTagChanges({}, compareEc2Tags({}, args.tags ?? {}, false));
    const selfId = group?.GroupId ?? Unknown;
    const fixSelf = (v: Record<string, unknown>) => (v['group'] === '__self__' ? { ...v, group: selfId } : v);
    const afterView = {
      group_id: selfId, group_name: group?.GroupName ?? args.name, description: group?.Description ?? args.description, vpc_id: group ? group.VpcId ?? null : args.vpc_id ?? null, tags: tagsAfter,
      ingress: sortedViews(inAfter).map(fixSelf), egress: sortedViews(outAfter).map(fixSelf),
    };
    return {
      changed,
      actions,
      diff: resourceDiff('security group', group?.GroupId, group ? beforeView(group) : undefined, afterView),
      result: group
        ? { ...groupResult({ ...group, Tags: Object.entries(tagsAfter).map(([Key, Value]) => ({ Key, Value })) }) }
        : { group_id: Unknown, group_name: args.name, description: args.description, vpc_id: args.vpc_id ?? null, owner_id: account, tags: tagsAfter, ip_permissions: Unknown, ip_permissions_egress: Unknown },
    };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const sdk = await ec2Sdk();
    if (a.delete) {
      await awsSend(ec2, new sdk.DeleteSecurityGroupCommand({ GroupId: a.groupId! }), { what: `Unable to delete security group '${a.groupId}'`, signal: ctx.signal });
      return { changed: true, group_id: null };
    }
    let groupId = a.groupId;
    const retry = ['InvalidGroup.NotFound'];
    if (a.create) {
      const r = await awsSend<{ GroupId?: string }>(ec2, new sdk.CreateSecurityGroupCommand({
        GroupName: args.name!, Description: args.description!, ...(args.vpc_id ? { VpcId: args.vpc_id } : {}),
        ...(args.tags && Object.keys(args.tags).length ? { TagSpecifications: tagSpecifications(args.tags, 'security-group') as never } : {}),
      }), { what: 'Unable to create security group', signal: ctx.signal });
      groupId = r.GroupId!;
      // Rules that name the group itself get its ID now that it exists.
      const fix = (perms: IpPermission[]) => perms.map((p) => ({ ...p, UserIdGroupPairs: p.UserIdGroupPairs?.map((u) => (u.GroupId === '__self__' ? { ...u, GroupId: groupId } : u)) }));
      for (const k of ['addIn', 'addOut', 'describeIn', 'describeOut', 'revokeIn', 'revokeOut'] as const) a[k] = fix(a[k]).map((p) => (p.UserIdGroupPairs === undefined ? (({ UserIdGroupPairs: _u, ...rest }) => rest)(p) : p));
    }
    if (a.tags) await applyEc2Tags(ec2, groupId!, a.tags, ctx, retry);
    const desc = (perms: IpPermission[], dir: 'in' | 'out') => perms.length
      ? awsSend(ec2, dir === 'in' ? new sdk.UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: groupId!, IpPermissions: perms }) : new sdk.UpdateSecurityGroupRuleDescriptionsEgressCommand({ GroupId: groupId!, IpPermissions: perms }), { what: `Unable to update rule description for group ${groupId}`, retryCodes: retry, signal: ctx.signal })
      : undefined;
    await desc(a.describeIn, 'in');
    await desc(a.describeOut, 'out');
    const perms = (p: IpPermission[]) => pyRepr(p.map((x) => plainValue(x)));
    if (a.revokeIn.length) await awsSend(ec2, new sdk.RevokeSecurityGroupIngressCommand({ GroupId: groupId!, IpPermissions: a.revokeIn }), { what: `Unable to revoke ingress rules: ${perms(a.revokeIn)}`, retryCodes: retry, signal: ctx.signal });
    if (a.revokeOut.length) await awsSend(ec2, new sdk.RevokeSecurityGroupEgressCommand({ GroupId: groupId!, IpPermissions: a.revokeOut }), { what: `Unable to revoke egress rules: ${perms(a.revokeOut)}`, retryCodes: retry, signal: ctx.signal });
    if (a.addIn.length) await awsSend(ec2, new sdk.AuthorizeSecurityGroupIngressCommand({ GroupId: groupId!, IpPermissions: a.addIn }), { what: `Unable to authorize ingress rules: ${perms(a.addIn)}`, retryCodes: retry, signal: ctx.signal });
    if (a.addOut.length) await awsSend(ec2, new sdk.AuthorizeSecurityGroupEgressCommand({ GroupId: groupId!, IpPermissions: a.addOut }), { what: `Unable to authorize egress rules: ${perms(a.addOut)}`, retryCodes: retry, signal: ctx.signal });
    return { changed: true, ...groupResult(await describeGroup(ec2, ctx, groupId!)) };
  },
});
