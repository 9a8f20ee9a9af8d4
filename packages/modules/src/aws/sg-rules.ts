/**
 * Security-group rules as amazon.aws 7.6 ec2_security_group models them: every user rule is
 * expanded to one Rule per (port range × source), compared as a set (description included) with
 * the rules AWS reports, and turned back into IpPermissions one rule at a time.
 */
import { ModuleFailure } from '@pgplay/engine/module-api';
import type { IpPermission } from '@aws-sdk/client-ec2';
import { ipv4Network } from './cidr.js';
import { pyRepr } from './py-repr.js';
import { amazonDeprecation, type AwsDeprecation } from './deprecations.js';

export type PortRange = [number | null, number | null];
/** (UserId, GroupId, GroupName) of a group target. */
export type GroupTarget = [string | null, string | null, string | null];
export type TargetType = 'ipv4' | 'ipv6' | 'group' | 'ip_prefix';

export interface Rule {
  portRange: PortRange;
  protocol: string;
  target: string | GroupTarget;
  targetType: TargetType;
  description: string | null;
}

/** A user rule after option conversion (rule_spec). */
export interface UserRule {
  rule_desc?: string | null;
  cidr_ip?: unknown[] | null;
  cidr_ipv6?: unknown[] | null;
  ip_prefix?: string[] | null;
  group_id?: string[] | null;
  group_name?: string[] | null;
  group_desc?: string | null;
  proto?: string | null;
  ports?: string[] | null;
  from_port?: number | null;
  to_port?: number | null;
  icmp_type?: number | null;
  icmp_code?: number | null;
}

/** One expanded rule: a single source and a single port range. */
export interface FlatRule {
  rule_desc?: string | null;
  group_desc?: string | null;
  proto: string;
  from_port?: number | null;
  to_port?: number | null;
  cidr_ip?: string;
  cidr_ipv6?: string;
  ip_prefix?: string;
  group_id?: string;
  group_name?: string;
}

export const ruleKey = (r: Rule): string => JSON.stringify([r.portRange, r.protocol, r.target, r.targetType, r.description]);

/** rule_cmp: equal except the description; "no ports" and -1/-1 are the same range. */
export function ruleCmp(a: Rule, b: Rule): boolean {
  if (a.protocol === b.protocol) {
    const none = (p: PortRange) => (p[0] === null && p[1] === null) || (p[0] === -1 && p[1] === -1);
    if (!(none(a.portRange) && none(b.portRange)) && JSON.stringify(a.portRange) !== JSON.stringify(b.portRange)) return false;
  } else return false;
  return JSON.stringify(a.target) === JSON.stringify(b.target) && a.targetType === b.targetType;
}

/** rule_from_group_permission */
export function rulesFromPermission(perm: IpPermission, accountId: string): Rule[] {
  const range: PortRange = perm.FromPort === undefined && perm.ToPort === undefined ? [null, null] : [perm.FromPort ?? null, perm.ToPort ?? null];
  const proto = String(perm.IpProtocol);
  const out: Rule[] = [];
  for (const r of perm.IpRanges ?? []) out.push({ portRange: range, protocol: proto, target: r.CidrIp!, targetType: 'ipv4', description: r.Description ?? null });
  for (const r of perm.Ipv6Ranges ?? []) out.push({ portRange: range, protocol: proto, target: r.CidrIpv6!, targetType: 'ipv6', description: r.Description ?? null });
  for (const r of perm.PrefixListIds ?? []) out.push({ portRange: range, protocol: proto, target: r.PrefixListId!, targetType: 'ip_prefix', description: r.Description ?? null });
  for (const pair of perm.UserIdGroupPairs ?? []) {
    let target: GroupTarget = [pair.UserId ?? accountId, pair.GroupId ?? null, null];
    if ((pair.UserId ?? '').startsWith('amazon-')) target = [pair.UserId ?? null, null, pair.GroupName ?? null];
    else if (pair.VpcPeeringConnectionId) target = [pair.UserId ?? null, pair.GroupId ?? null, null];
    out.push({ portRange: range, protocol: proto, target, targetType: 'group', description: pair.Description ?? null });
  }
  return out;
}

/** to_permission */
export function toPermission(r: Rule): IpPermission {
  const perm: IpPermission = { IpProtocol: r.protocol };
  if (r.portRange[0] !== null) perm.FromPort = r.portRange[0];
  if (r.portRange[1] !== null) perm.ToPort = r.portRange[1];
  const desc = r.description ? { Description: r.description } : {};
  if (r.targetType === 'ipv4') perm.IpRanges = [{ CidrIp: r.target as string, ...desc }];
  else if (r.targetType === 'ipv6') perm.Ipv6Ranges = [{ CidrIpv6: r.target as string, ...desc }];
  else if (r.targetType === 'ip_prefix') perm.PrefixListIds = [{ PrefixListId: r.target as string, ...desc }];
  else {
    const [user, id, name] = r.target as GroupTarget;
    perm.UserIdGroupPairs = [{ ...(user ? { UserId: user } : {}), ...(id ? { GroupId: id } : name ? { GroupName: name } : {}), ...desc }];
  }
  return perm;
}

/** A rule as Python's dict repr would show it (messages quote rules). */
const userRuleRepr = (rule: object): string => pyRepr(rule);

/** rule_spec's mutually_exclusive / required_one_of / required_by, per rule (argument validation), then validate_rule's proto check. */
export function validateUserRules(rules: UserRule[] | null | undefined, option: string): void {
  validateRuleSpec(rules, option);
  for (const rule of rules ?? []) {
    const proto = rule.proto ?? 'tcp';
    if ((rule.icmp_type != null || rule.icmp_code != null) && !proto.includes('icmp')) throw new ModuleFailure('Specify proto: icmp or icmpv6 when using icmp_type/icmp_code');
  }
}

/** rule_spec's mutually_exclusive / required_one_of / required_by, per rule: AnsibleModule's argument validation. */
export function validateRuleSpec(rules: UserRule[] | null | undefined, option: string): void {
  const exclusive: [keyof UserRule, keyof UserRule][] = [['ports', 'to_port'], ['ports', 'from_port'], ['ports', 'icmp_type'], ['ports', 'icmp_code'], ['icmp_type', 'to_port'], ['icmp_code', 'to_port'], ['icmp_type', 'from_port'], ['icmp_code', 'from_port']];
  for (const rule of rules ?? []) {
    const set = (k: keyof UserRule) => rule[k] !== undefined && rule[k] !== null;
    for (const [a, b] of exclusive) if (set(a) && set(b)) throw new ModuleFailure(`parameters are mutually exclusive: ${a}|${b} found in ${option}`);
    if (!(['group_id', 'group_name', 'cidr_ip', 'cidr_ipv6', 'ip_prefix'] as const).some(set)) {
      throw new ModuleFailure(`one of the following is required: group_id, group_name, cidr_ip, cidr_ipv6, ip_prefix found in ${option}`);
    }
    if (set('icmp_code') && !set('icmp_type')) throw new ModuleFailure(`missing parameter(s) required by 'icmp_code': icmp_type found in ${option}`);
  }
}

/**
 * flatten_nested_targets' module.deprecate calls for one pass over `rules`: one per list found
 * inside the targets, at any depth. Only cidr_ip is looked at when it is a list (the collection's
 * `elif`), else cidr_ipv6.
 */
export function nestedTargetDeprecations(rules: UserRule[] | null | undefined): AwsDeprecation[] {
  const lists = (targets: unknown[]): number => targets.reduce<number>((n, t) => (Array.isArray(t) ? n + 1 + lists(t) : n), 0);
  let n = 0;
  for (const rule of rules ?? []) {
    const targets = Array.isArray(rule.cidr_ip) ? rule.cidr_ip : Array.isArray(rule.cidr_ipv6) ? rule.cidr_ipv6 : [];
    n += lists(targets);
  }
  return Array.from({ length: n }, () => amazonDeprecation('Support for nested lists in cidr_ip and cidr_ipv6 has been deprecated.  The flatten filter can be used instead.', '2024-12-01'));
}

/** Nested lists in cidr_ip / cidr_ipv6 are flattened (deprecated in the collection, still accepted). */
function flatten(targets: unknown[]): string[] {
  return targets.flatMap((t) => (Array.isArray(t) ? flatten(t) : typeof t === 'string' ? [t] : []));
}

/** expand_ports_list */
function expandPorts(ports: string[]): [number, number][] {
  return ports.map((port) => {
    const p = String(port).trim();
    if (/^[+-]?\d+$/.test(p)) return [Number(p), Number(p)];
    if (p.includes('-')) {
      const [a, b] = p.split('-', 2).map((x) => x.trim());
      const nums = [Number(a), Number(b)];
      if (nums.some((n) => !Number.isInteger(n))) throw new ModuleFailure(`invalid literal for int() with base 10: ${pyRepr(Number.isInteger(nums[0]) ? b : a)}`);
      return nums.sort((x, y) => x - y) as [number, number];
    }
    throw new ModuleFailure('Unable to parse port', { port });
  });
}

/** expand_rules + deduplicate_rules_args */
export function expandRules(rules: UserRule[] | null | undefined): FlatRule[] | null {
  if (rules == null) return null;
  const out: FlatRule[] = [];
  const seen = new Set<string>();
  for (const raw of rules) {
    const rule: UserRule = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined));
    const ports: { from_port?: number | null; to_port?: number | null }[] =
      rule.icmp_type != null ? [{ from_port: rule.icmp_type, to_port: rule.icmp_code ?? null }]
        : rule.from_port != null || rule.to_port != null ? [{ from_port: rule.from_port ?? null, to_port: rule.to_port ?? null }]
          : rule.ports != null ? expandPorts(rule.ports).map(([f, t]) => ({ from_port: f, to_port: t }))
            : [{}];
    const sources: Partial<FlatRule>[] = [];
    for (const type of ['cidr_ip', 'cidr_ipv6', 'group_id', 'group_name', 'ip_prefix'] as const) {
      const v = rule[type];
      if (v == null) continue;
      const list = type === 'cidr_ip' || type === 'cidr_ipv6' ? flatten(v as unknown[]) : (v as string[]);
      for (const t of list) sources.push({ [type]: t });
    }
    if (!sources.length) throw new ModuleFailure('Unable to find source/target information in rule', { rule });
    const base: FlatRule = { proto: rule.proto ?? 'tcp', ...(rule.rule_desc != null ? { rule_desc: rule.rule_desc } : {}), ...(rule.group_desc != null ? { group_desc: rule.group_desc } : {}) };
    for (const p of ports) {
      for (const s of sources) {
        const flat: FlatRule = { ...base, ...p, ...s };
        const key = JSON.stringify(Object.keys(flat).sort().map((k) => [k, flat[k as keyof FlatRule]]));
        if (!seen.has(key)) {
          seen.add(key);
          out.push(flat);
        }
      }
    }
  }
  return out;
}

/** validate_ip: the network address of a CIDR (warning when host bits were set). */
export function normaliseCidr(cidr: string, warn: (m: string) => void): string {
  if (cidr.split('/').length !== 2) return cidr;
  const net = ipv4Network(cidr);
  if (net) {
    if (net !== cidr) warn(`One of your CIDR addresses (${cidr}) has host bits set. To get rid of this warning, check the network mask and make sure that only network bits are set: ${net}.`);
    return net;
  }
  return cidr.toLowerCase();
}

export { userRuleRepr };
