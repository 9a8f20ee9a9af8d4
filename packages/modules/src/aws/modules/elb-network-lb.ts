/**
 * community.aws.elb_network_lb (collection 7.2, with amazon.aws module_utils/elbv2.py): a Network
 * Load Balancer identified by name; subnets or subnet_mappings (fixed after create), scheme,
 * listeners with default actions (TargetGroupName resolved to its ARN), purge_listeners,
 * cross-zone and deletion-protection attributes, ip_address_type, tags; state absent with wait.
 *
 * Kept from the collection: omitting `listeners` with purge_listeners (the default) deletes every
 * listener; TLS certificates and SSL policy are not compared; add_tags sends every wanted tag.
 * The collection has no check mode (ansible skips the task); pgplay predicts the same calls and
 * reports them as a diff of the balancer's managed fields.
 */
import { ModuleFailure, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { Listener, LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsSend } from '../call.js';
import { awsClient, elbv2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { compareListeners, type Action, type ListenerChanges, type ListenerSpec } from '../elb-listeners.js';
import { isUnknownValue, listenersOf, loadBalancerAttributes, loadBalancerByName, pollUntil, resourceTags, Unknown, type Elbv2 } from '../elbv2.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { applyTagChanges, compareTags, pyStr, tagArgs, tagDictToList, type TagDict } from '../tags.js';

const NAME = 'community.aws.elb_network_lb';
const PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];

interface ListenerArg {
  Protocol: string;
  Port: number;
  SslPolicy?: string | null;
  Certificates?: Record<string, unknown>[] | null;
  DefaultActions: Action[];
}

interface NlbArgs extends AwsConnectionArgs {
  name: string;
  state: 'present' | 'absent';
  subnets?: string[] | null;
  subnet_mappings?: Record<string, unknown>[] | null;
  scheme: 'internet-facing' | 'internal';
  listeners?: ListenerArg[] | null;
  purge_listeners: boolean;
  cross_zone_load_balancing?: boolean | null;
  deletion_protection?: boolean | null;
  ip_address_type?: 'ipv4' | 'dualstack' | null;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  wait?: boolean | null;
  wait_timeout?: number | null;
}

interface NlbActions {
  args: NlbArgs;
  arn?: string;
  create?: Record<string, unknown>;
  delete?: boolean;
  tagsUnset?: string[];
  tagsAdd?: boolean;
  attributes?: { Key: string; Value: string }[];
  listeners?: ListenerChanges;
  ipAddressType?: string;
}

/** The listeners with None-valued keys dropped and TargetGroupName resolved to an ARN. */
async function wantedListeners(elb: Elbv2, ctx: ModuleContext, args: NlbArgs): Promise<ListenerSpec[]> {
  const out: ListenerSpec[] = [];
  for (const l of args.listeners ?? []) {
    const spec = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== null && v !== undefined)) as unknown as ListenerSpec;
    spec.Port = Number(l.Port);
    const actions: Action[] = [];
    for (const a of l.DefaultActions) {
      if (!('TargetGroupName' in a)) {
        actions.push(a);
        continue;
      }
      const { TargetGroupName, ...rest } = a;
      // In check mode a group an earlier task would create does not exist yet: its ARN is Unknown.
      let arn: unknown = Unknown;
      if (!isUnknownValue(TargetGroupName)) {
        // convert_tg_name_to_arn: a missing group fails the task with AWS's own message.
        const { DescribeTargetGroupsCommand } = await elbv2Sdk();
        const r = await awsSend<{ TargetGroups?: TargetGroup[] } | undefined>(elb, new DescribeTargetGroupsCommand({ Names: [pyStr(TargetGroupName)] }), {
          signal: ctx.signal, ...(ctx.check ? { absentCodes: ['TargetGroupNotFound'] } : {}),
        });
        if (r?.TargetGroups?.[0]) arn = r.TargetGroups[0].TargetGroupArn;
      }
      actions.push({ ...rest, TargetGroupArn: arn });
    }
    spec.DefaultActions = actions;
    out.push(spec);
  }
  return out;
}

/** compare_subnets: the wanted mappings equal the balancer's (as sets). */
function sameSubnets(args: NlbArgs, lb: LoadBalancer): boolean {
  const key = (m: Record<string, unknown>) => JSON.stringify(Object.keys(m).sort().map((k) => [k, m[k] === undefined ? null : pyStr(m[k])]));
  const wanted = args.subnet_mappings ?? (args.subnets ?? []).map((s) => ({ SubnetId: s }));
  const current = (lb.AvailabilityZones ?? []).map((z) => {
    const alloc = z.LoadBalancerAddresses?.find((a) => a.AllocationId)?.AllocationId;
    return { SubnetId: z.SubnetId, ...(alloc ? { AllocationId: alloc } : {}) };
  });
  const a = new Set(wanted.map(key));
  const b = new Set(current.map(key));
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/** modify_elb_attributes: the attributes that differ from what is set. */
function attributeChanges(args: NlbArgs, cur: Record<string, string>): { Key: string; Value: string }[] {
  const out: { Key: string; Value: string }[] = [];
  const lower = (b: boolean) => (b ? 'true' : 'false');
  if (args.cross_zone_load_balancing !== undefined && args.cross_zone_load_balancing !== null && lower(args.cross_zone_load_balancing) !== cur['load_balancing_cross_zone_enabled']) {
    out.push({ Key: 'load_balancing.cross_zone.enabled', Value: lower(args.cross_zone_load_balancing) });
  }
  if (args.deletion_protection !== undefined && args.deletion_protection !== null && lower(args.deletion_protection) !== cur['deletion_protection_enabled']) {
    out.push({ Key: 'deletion_protection.enabled', Value: lower(args.deletion_protection) });
  }
  return out;
}

interface LbState {
  lb: Record<string, unknown>;
  attributes: Record<string, string>;
  listeners: Record<string, unknown>[];
  tags: TagDict;
}

const listenerView = (l: Record<string, unknown>) => ({
  port: l['Port'], protocol: l['Protocol'],
  default_actions: ((l['DefaultActions'] as Action[] | undefined) ?? []).map((d) => ({ type: d['Type'], target_group_arn: d['TargetGroupArn'] ?? null })),
});

/** The managed fields, for --diff (the test's SDK snapshot has the same shape). */
function view(s: LbState, subnets: unknown[]): Record<string, unknown> {
  return {
    load_balancer_name: s.lb['LoadBalancerName'], load_balancer_arn: s.lb['LoadBalancerArn'], type: s.lb['Type'], scheme: s.lb['Scheme'],
    ip_address_type: s.lb['IpAddressType'], vpc_id: s.lb['VpcId'], subnets: [...subnets].sort(),
    cross_zone_load_balancing: s.attributes['load_balancing_cross_zone_enabled'], deletion_protection: s.attributes['deletion_protection_enabled'],
    listeners: s.listeners.map(listenerView).sort((a, b) => Number(a.port) - Number(b.port)),
    tags: s.tags,
  };
}

/** The module's return keys: load_balancer, and the same keys at the top level. */
function resultOf(s: LbState): ModuleResult {
  const snaked: Record<string, unknown> = {
    ...camelDictToSnakeDict(s.lb),
    ...camelDictToSnakeDict(s.attributes),
    listeners: s.listeners.map((l) => camelDictToSnakeDict(l)),
    tags: s.tags,
    ip_address_type: s.lb['IpAddressType'] ?? null,
  };
  return { load_balancer: snaked, ...snaked };
}

async function readState(elb: Elbv2, ctx: ModuleContext, lb: LoadBalancer): Promise<LbState> {
  const arn = lb.LoadBalancerArn!;
  const { $metadata: _m, ...raw } = plainValue(lb) as Record<string, unknown>;
  return {
    lb: raw,
    attributes: await loadBalancerAttributes(elb, ctx, arn),
    listeners: (await listenersOf(elb, ctx, arn)).map((l: Listener) => plainValue(l) as Record<string, unknown>),
    tags: await resourceTags(elb, ctx, arn, ''),
  };
}

const subnetIds = (lb: LoadBalancer): string[] => (lb.AvailabilityZones ?? []).map((z) => z.SubnetId!);

function validate(args: NlbArgs): void {
  for (const l of args.listeners ?? []) {
    if (!PROTOCOLS.includes(l.Protocol)) throw new ModuleFailure(`'Protocol' must be either ${PROTOCOLS.join(', ')}`);
  }
}

/** The state after the changes (for check mode's result and the diff's after side). */
function predicted(cur: LbState, args: NlbArgs, a: NlbActions, wanted: ListenerSpec[]): LbState {
  const attributes = { ...cur.attributes, ...Object.fromEntries((a.attributes ?? []).map((x) => [x.Key.replace(/\./g, '_'), x.Value])) };
  const changes = a.listeners ?? { add: [], modify: [], delete: [] };
  const listeners = cur.listeners
    .filter((l) => !changes.delete.includes(String(l['ListenerArn'])))
    .map((l) => {
      const m = changes.modify.find((x) => x.ListenerArn === l['ListenerArn']);
      return m ? { ...l, ...m } : l;
    });
  for (const add of changes.add) listeners.push({ ListenerArn: Unknown, LoadBalancerArn: cur.lb['LoadBalancerArn'], ...add });
  let tags = cur.tags;
  if (args.tags !== null && args.tags !== undefined) tags = applyTagChanges(cur.tags, compareTags(cur.tags, args.tags, args.purge_tags));
  void wanted;
  return { lb: { ...cur.lb, ...(a.ipAddressType ? { IpAddressType: a.ipAddressType } : {}) }, attributes, listeners, tags };
}

export default defineAwsModule<NlbArgs, NlbActions>({
  name: NAME,
  aliases: ['elb_network_lb'],
  doc: { short: 'Manage a Network Load Balancer' },
  options: {
    name: { type: 'string', description: 'The name of the load balancer.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Create or destroy the load balancer.' },
    subnets: { type: ['array', 'null'], items: { type: 'string' }, description: 'Subnet IDs (one per availability zone); fixed after create.' },
    subnet_mappings: { type: ['array', 'null'], items: { type: 'object' }, description: 'Subnets with Elastic IPs ({SubnetId, AllocationId}); fixed after create.' },
    scheme: { type: 'string', enum: ['internet-facing', 'internal'], default: 'internet-facing', description: 'Internet-facing or internal (create only).' },
    listeners: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['Protocol', 'Port', 'DefaultActions'],
        properties: {
          Protocol: { type: 'string' },
          Port: { type: 'integer' },
          SslPolicy: { type: ['string', 'null'] },
          Certificates: { type: ['array', 'null'], items: { type: 'object' } },
          DefaultActions: { type: 'array', items: { type: 'object' } },
        },
      },
      description: 'Listeners: {Protocol, Port, DefaultActions: [{Type: forward, TargetGroupArn or TargetGroupName}], SslPolicy, Certificates}.',
    },
    purge_listeners: { type: 'boolean', default: true, description: 'Delete listeners whose port is not in `listeners`.' },
    cross_zone_load_balancing: { type: ['boolean', 'null'], description: 'Enable cross-zone load balancing.' },
    deletion_protection: { type: ['boolean', 'null'], description: 'Enable deletion protection.' },
    ip_address_type: { type: ['string', 'null'], enum: ['ipv4', 'dualstack', null], description: 'The IP address type.' },
    ...tagArgs,
    wait: { type: ['boolean', 'null'], description: 'Wait for the balancer to be active (or deleted).' },
    wait_timeout: { type: ['integer', 'null'], description: 'Accepted as the collection does (its waiters use their own limits).' },
  },
  relations: {
    required: ['name'],
    'x-mutually-exclusive': [['subnets', 'subnet_mappings']],
    'x-required-if': [['state', 'present', ['subnets', 'subnet_mappings'], true]],
  },
  returns: {
    load_balancer: { description: 'The load balancer (snake_case), with attributes, listeners and tags; the same keys are returned at the top level.', returned: 'when state is present', type: 'dict' },
    load_balancer_arn: { description: 'The ARN of the load balancer.', returned: 'when state is present', type: 'str' },
    dns_name: { description: 'The public DNS name of the load balancer.', returned: 'when state is present', type: 'str' },
    listeners: { description: 'The listeners, snake_case.', returned: 'when state is present', type: 'list' },
  },
  capabilities: { check: 'full', diff: 'full' },

  async plan(args, ctx): Promise<Plan<NlbActions>> {
    validate(args);
    const elb = await awsClient('elbv2', args, ctx, NAME);
    const lb = isUnknownValue(args.name) ? undefined : await loadBalancerByName(elb, ctx, args.name);
    if (lb && lb.Type !== 'network') throw new ModuleFailure('The load balancer type you are trying to manage is not network. Try elb_application_lb module instead.');
    if (args.state === 'absent') {
      if (!lb) return { changed: false, result: {} };
      const now = await readState(elb, ctx, lb);
      return { changed: true, actions: { args, arn: lb.LoadBalancerArn!, delete: true }, diff: resourceDiff('load balancer', args.name, view(now, subnetIds(lb)), undefined), result: {} };
    }
    const wanted = await wantedListeners(elb, ctx, args);
    if (!lb) return planCreate(args, wanted);
    if (!sameSubnets(args, lb)) throw new ModuleFailure('Modifying subnets and elastic IPs is not supported for Network Load Balancer');
    const cur = await readState(elb, ctx, lb);
    const a: NlbActions = { args, arn: lb.LoadBalancerArn! };
    if (args.tags !== null && args.tags !== undefined) {
      const c = compareTags(cur.tags, args.tags, args.purge_tags);
      if (c.unset.length) a.tagsUnset = c.unset;
      if (Object.keys(c.set).length) a.tagsAdd = true;
    }
    const attrs = attributeChanges(args, cur.attributes);
    if (attrs.length) a.attributes = attrs;
    const lc = compareListeners(lb.LoadBalancerArn ? await listenersOf(elb, ctx, lb.LoadBalancerArn) : [], wanted, args.purge_listeners);
    if (lc.add.length || lc.modify.length || lc.delete.length) a.listeners = lc;
    if (args.ip_address_type && args.ip_address_type !== lb.IpAddressType) a.ipAddressType = args.ip_address_type;
    const changed = Boolean(a.tagsUnset || a.tagsAdd || a.attributes || a.listeners || a.ipAddressType);
    const after = predicted(cur, args, a, wanted);
    return { changed, actions: a, diff: resourceDiff('load balancer', args.name, view(cur, subnetIds(lb)), view(after, subnetIds(lb))), result: resultOf(after) };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const elb = await awsClient('elbv2', args, ctx, NAME);
    const sdk = await elbv2Sdk();
    const send = (command: object) => awsSend(elb, command, { signal: ctx.signal });
    if (a.delete) {
      await send(new sdk.DeleteLoadBalancerCommand({ LoadBalancerArn: a.arn! }));
      // The load_balancers_deleted waiter: every 15 s, 40 times.
      if (args.wait) await pollUntil(ctx, 40, 15_000, async () => (await loadBalancerByName(elb, ctx, args.name)) === undefined);
      return { changed: true };
    }
    let arn = a.arn!;
    if (a.create) {
      const r = await awsSend<{ LoadBalancers?: LoadBalancer[] }>(elb, new sdk.CreateLoadBalancerCommand(a.create as never), { signal: ctx.signal });
      arn = r.LoadBalancers![0]!.LoadBalancerArn!;
      if (args.wait && !(await pollUntil(ctx, 40, 15_000, async () => (await loadBalancerByName(elb, ctx, args.name))?.State?.Code === 'active'))) {
        throw new ModuleFailure('Waiter load_balancer_available failed: Max attempts exceeded');
      }
      // The attributes of the new balancer are compared as the collection does, after it exists.
      const attrs = attributeChanges(args, await loadBalancerAttributes(elb, ctx, arn));
      if (attrs.length) a.attributes = attrs;
    }
    if (a.tagsUnset) await send(new sdk.RemoveTagsCommand({ ResourceArns: [arn], TagKeys: a.tagsUnset }));
    if (a.tagsAdd) await send(new sdk.AddTagsCommand({ ResourceArns: [arn], Tags: tagDictToList(args.tags ?? {}) }));
    if (a.attributes) {
      try {
        await send(new sdk.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: a.attributes }));
      } catch (e) {
        // A balancer made by this task is removed again, as the collection does.
        if (a.create) await send(new sdk.DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
        throw e;
      }
    }
    const lc = a.listeners;
    for (const l of lc?.delete ?? []) await send(new sdk.DeleteListenerCommand({ ListenerArn: l }));
    for (const l of lc?.add ?? []) await send(new sdk.CreateListenerCommand({ LoadBalancerArn: arn, ...l } as never));
    for (const l of lc?.modify ?? []) await send(new sdk.ModifyListenerCommand(l as never));
    if (a.ipAddressType) {
      await send(new sdk.SetIpAddressTypeCommand({ LoadBalancerArn: arn, IpAddressType: a.ipAddressType as never }));
      if (args.wait) await pollUntil(ctx, 40, 15_000, async () => (await loadBalancerByName(elb, ctx, args.name))?.IpAddressType === a.ipAddressType);
    }
    const lb = (await loadBalancerByName(elb, ctx, args.name))!;
    return { changed: true, ...resultOf(await readState(elb, ctx, lb)) };
  },
});

/** A new balancer: what AWS chooses (ARN, DNS name, VPC, zones) is Unknown. */
function planCreate(args: NlbArgs, wanted: ListenerSpec[]): Plan<NlbActions> {
  const tags = Object.fromEntries(Object.entries(args.tags ?? {}).map(([k, v]) => [k, pyStr(v)]));
  const create: Record<string, unknown> = {
    Name: args.name, Type: 'network',
    ...(args.ip_address_type ? { IpAddressType: args.ip_address_type } : {}),
    ...(args.subnets ? { Subnets: args.subnets } : {}),
    ...(args.subnet_mappings ? { SubnetMappings: args.subnet_mappings } : {}),
    ...(Object.keys(tags).length ? { Tags: tagDictToList(tags) } : {}),
    Scheme: args.scheme,
  };
  const a: NlbActions = { args, create, ...(wanted.length ? { listeners: { add: wanted, modify: [], delete: [] } } : {}) };
  // A new NLB has both attributes off; only a wanted "true" changes them.
  const attributes = { load_balancing_cross_zone_enabled: 'false', deletion_protection_enabled: 'false' };
  const attrs = attributeChanges(args, attributes);
  if (attrs.length) a.attributes = attrs;
  const subnets = args.subnets ?? (args.subnet_mappings ?? []).map((m) => m['SubnetId']);
  const cur: LbState = {
    lb: {
      LoadBalancerArn: Unknown, DNSName: Unknown, CanonicalHostedZoneId: Unknown, CreatedTime: Unknown, LoadBalancerName: args.name, Scheme: args.scheme,
      VpcId: Unknown, State: { Code: args.wait ? 'active' : Unknown }, Type: 'network', AvailabilityZones: subnets.map((s) => ({ SubnetId: s, ZoneName: Unknown })),
      IpAddressType: args.ip_address_type ?? 'ipv4',
    },
    attributes, listeners: [], tags,
  };
  const after = predicted(cur, { ...args, tags: null }, a, wanted);
  return { changed: true, actions: a, diff: resourceDiff('load balancer', args.name, undefined, view(after, subnets)), result: resultOf(after) };
}
