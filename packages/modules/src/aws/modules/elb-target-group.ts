/**
 * community.aws.elb_target_group (collection 7.2): a target group identified by name; health
 * check, attributes, targets (registered and, with modify_targets, deregistered to the exact set
 * of IDs), tags; state absent deletes it.
 *
 * The collection's quirks are kept, since playbooks rely on the results they give: health-check
 * options are only looked at when one of them other than health_check_port is set; path and
 * matcher only for an HTTP/HTTPS check; stickiness_enabled and
 * deregistration_connection_termination can be switched on, never off; targets are compared by
 * ID alone; with modify_targets (the default) and no `targets`, every target is deregistered.
 *
 * The collection has no check mode (ansible skips the task); pgplay predicts the same calls and
 * reports them as a diff of the group's managed fields.
 */
import { isDeepStrictEqual } from 'node:util';
import { ModuleFailure, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsSend } from '../call.js';
import { awsClient, elbv2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { isUnknownValue, pollUntil, resourceTags, targetGroupAttributes, targetGroupByName, targetHealth, Unknown, type Elbv2 } from '../elbv2.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { applyTagChanges, compareTags, tagArgs, tagChangesEmpty, tagDictToList, type TagChanges, type TagDict } from '../tags.js';

const NAME = 'community.aws.elb_target_group';
const PROTOCOLS = ['http', 'https', 'tcp', 'tls', 'udp', 'tcp_udp', 'HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'];

interface TargetArg {
  Id?: unknown;
  Port?: unknown;
  AvailabilityZone?: unknown;
}

interface TgArgs extends AwsConnectionArgs {
  name: string;
  state: 'present' | 'absent';
  protocol?: string | null;
  protocol_version?: 'GRPC' | 'HTTP1' | 'HTTP2' | null;
  port?: number | null;
  vpc_id?: string | null;
  target_type?: 'instance' | 'ip' | 'lambda' | 'alb' | null;
  health_check_protocol?: string | null;
  health_check_port?: string | null;
  health_check_path?: string | null;
  health_check_interval?: number | null;
  health_check_timeout?: number | null;
  healthy_threshold_count?: number | null;
  unhealthy_threshold_count?: number | null;
  successful_response_codes?: string | null;
  deregistration_delay_timeout?: number | null;
  deregistration_connection_termination: boolean;
  stickiness_enabled?: boolean | null;
  stickiness_type?: string | null;
  stickiness_lb_cookie_duration?: number | null;
  stickiness_app_cookie_duration?: number | null;
  stickiness_app_cookie_name?: string | null;
  load_balancing_algorithm_type?: 'round_robin' | 'least_outstanding_requests' | null;
  preserve_client_ip_enabled?: boolean | null;
  proxy_protocol_v2_enabled?: boolean | null;
  targets?: TargetArg[] | null;
  modify_targets: boolean;
  tags?: Record<string, unknown> | null;
  purge_tags: boolean;
  wait: boolean;
  wait_timeout: number;
}

interface Target {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

interface TgActions {
  args: TgArgs;
  arn?: string;
  delete?: boolean;
  create?: Record<string, unknown>;
  health?: Record<string, unknown>;
  register?: Target[];
  deregister?: Target[];
  attributes?: { Key: string; Value: string }[];
  tags?: TagChanges;
}

const HEALTH_OPTIONS = ['health_check_path', 'health_check_protocol', 'health_check_interval', 'health_check_timeout', 'healthy_threshold_count', 'unhealthy_threshold_count', 'successful_response_codes'] as const;
const given = (v: unknown): boolean => v !== undefined && v !== null;

/** The CreateTargetGroup parameters create_or_update_target_group builds. */
function createParams(args: TgArgs, targetType: string): Record<string, unknown> {
  const p: Record<string, unknown> = { Name: args.name, TargetType: targetType };
  if (targetType !== 'lambda') {
    p['Protocol'] = args.protocol?.toUpperCase();
    if (given(args.protocol_version)) p['ProtocolVersion'] = args.protocol_version;
    p['Port'] = args.port;
    p['VpcId'] = args.vpc_id;
  }
  if (HEALTH_OPTIONS.some((k) => given(args[k]))) {
    if (given(args.health_check_protocol)) p['HealthCheckProtocol'] = args.health_check_protocol!.toUpperCase();
    if (given(args.health_check_port)) p['HealthCheckPort'] = args.health_check_port;
    if (given(args.health_check_interval)) p['HealthCheckIntervalSeconds'] = args.health_check_interval;
    if (given(args.health_check_timeout)) p['HealthCheckTimeoutSeconds'] = args.health_check_timeout;
    if (given(args.healthy_threshold_count)) p['HealthyThresholdCount'] = args.healthy_threshold_count;
    if (given(args.unhealthy_threshold_count)) p['UnhealthyThresholdCount'] = args.unhealthy_threshold_count;
    // Path and response codes only for an HTTP(S) check.
    if (['HTTP', 'HTTPS'].includes(args.health_check_protocol?.toUpperCase() ?? '')) {
      if (given(args.health_check_path)) p['HealthCheckPath'] = args.health_check_path;
      if (given(args.successful_response_codes)) p['Matcher'] = { [args.protocol_version?.toUpperCase() === 'GRPC' ? 'GrpcCode' : 'HttpCode']: args.successful_response_codes };
    }
  }
  return p;
}

/** The ModifyTargetGroup parameters for an existing group (only what differs). */
function healthChanges(args: TgArgs, tg: TargetGroup, p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!HEALTH_OPTIONS.some((k) => given(args[k]))) return out;
  const cur = tg as Record<string, unknown>;
  for (const k of ['HealthCheckProtocol', 'HealthCheckPort', 'HealthCheckIntervalSeconds', 'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount']) {
    if (k in p && cur[k] !== p[k]) out[k] = p[k];
  }
  // The current protocol decides, as in the collection.
  if (['HTTP', 'HTTPS'].includes(tg.HealthCheckProtocol ?? '')) {
    if ('HealthCheckPath' in p && tg.HealthCheckPath !== p['HealthCheckPath']) out['HealthCheckPath'] = p['HealthCheckPath'];
    if ('Matcher' in p) {
      const key = tg.ProtocolVersion === 'GRPC' ? 'GrpcCode' : 'HttpCode';
      const want = String((p['Matcher'] as Record<string, unknown>)[key] ?? (p['Matcher'] as Record<string, unknown>)['HttpCode'] ?? (p['Matcher'] as Record<string, unknown>)['GrpcCode']).split(',');
      const now = String((tg.Matcher as Record<string, unknown> | undefined)?.[key] ?? '').split(',');
      if (!isDeepStrictEqual(new Set(now), new Set(want))) out['Matcher'] = { [key]: want.join(',') };
    }
  }
  return out;
}

/** create_or_update_attributes: the attributes to set (strings, as AWS keeps them). */
function attributeChanges(args: TgArgs, cur: Record<string, string>): { Key: string; Value: string }[] {
  const out: { Key: string; Value: string }[] = [];
  const lower = (b: boolean) => (b ? 'true' : 'false');
  const set = (Key: string, Value: string) => out.push({ Key, Value });
  if (given(args.deregistration_delay_timeout) && String(args.deregistration_delay_timeout) !== cur['deregistration_delay_timeout_seconds']) set('deregistration_delay.timeout_seconds', String(args.deregistration_delay_timeout));
  if (args.deregistration_connection_termination && cur['deregistration_delay_connection_termination_enabled'] !== 'true') set('deregistration_delay.connection_termination.enabled', 'true');
  if (args.stickiness_enabled && cur['stickiness_enabled'] !== 'true') set('stickiness.enabled', 'true');
  if (given(args.stickiness_lb_cookie_duration) && String(args.stickiness_lb_cookie_duration) !== cur['stickiness_lb_cookie_duration_seconds']) set('stickiness.lb_cookie.duration_seconds', String(args.stickiness_lb_cookie_duration));
  if (given(args.stickiness_type) && args.stickiness_type !== cur['stickiness_type']) set('stickiness.type', args.stickiness_type!);
  if (given(args.stickiness_app_cookie_name) && args.stickiness_app_cookie_name !== cur['stickiness_app_cookie_name']) set('stickiness.app_cookie.cookie_name', args.stickiness_app_cookie_name!);
  if (given(args.stickiness_app_cookie_duration) && String(args.stickiness_app_cookie_duration) !== cur['stickiness_app_cookie_duration_seconds']) set('stickiness.app_cookie.duration_seconds', String(args.stickiness_app_cookie_duration));
  // (The collection means to skip UDP groups here but tests target_type, never "udp": always compared.)
  if (given(args.preserve_client_ip_enabled) && lower(args.preserve_client_ip_enabled!) !== cur['preserve_client_ip_enabled']) set('preserve_client_ip.enabled', lower(args.preserve_client_ip_enabled!));
  if (given(args.proxy_protocol_v2_enabled) && lower(args.proxy_protocol_v2_enabled!) !== cur['proxy_protocol_v2_enabled']) set('proxy_protocol_v2.enabled', lower(args.proxy_protocol_v2_enabled!));
  if (given(args.load_balancing_algorithm_type) && args.load_balancing_algorithm_type !== cur['load_balancing_algorithm_type']) set('load_balancing.algorithm.type', args.load_balancing_algorithm_type!);
  return out;
}

/** A target as given (Port converted to int, as the module does), for RegisterTargets. */
function target(t: TargetArg, port: number | null | undefined, defaultPort: boolean): Target {
  const out: Target = { Id: isUnknownValue(t.Id) ? String(Unknown) : String(t.Id) };
  const p = t.Port ?? (defaultPort ? port : undefined);
  if (p !== undefined && p !== null) out.Port = isUnknownValue(p) ? (Unknown as unknown as number) : Number(p);
  if (t.AvailabilityZone) out.AvailabilityZone = String(t.AvailabilityZone);
  return out;
}

/** Targets as the diff shows them: id and port, sorted. */
function targetView(list: readonly { Id?: string | undefined; Port?: number | undefined }[], defaultPort: unknown): Record<string, unknown>[] {
  return list.map((t) => ({ id: t.Id, port: t.Port ?? defaultPort })).sort((a, b) => `${String(a.id)}:${String(a.port)}`.localeCompare(`${String(b.id)}:${String(b.port)}`));
}

/** The managed fields, for --diff (the test's SDK snapshot has the same shape). */
function view(tg: Record<string, unknown>, attributes: Record<string, unknown>, targets: Record<string, unknown>[], tags: TagDict): Record<string, unknown> {
  const matcher = tg['Matcher'] as Record<string, unknown> | undefined;
  return {
    target_group_name: tg['TargetGroupName'], target_group_arn: tg['TargetGroupArn'], target_type: tg['TargetType'],
    protocol: tg['Protocol'] ?? null, port: tg['Port'] ?? null, vpc_id: tg['VpcId'] ?? null,
    health_check_protocol: tg['HealthCheckProtocol'] ?? null, health_check_port: tg['HealthCheckPort'] ?? null, health_check_path: tg['HealthCheckPath'] ?? null,
    health_check_interval_seconds: tg['HealthCheckIntervalSeconds'] ?? null, health_check_timeout_seconds: tg['HealthCheckTimeoutSeconds'] ?? null,
    healthy_threshold_count: tg['HealthyThresholdCount'] ?? null, unhealthy_threshold_count: tg['UnhealthyThresholdCount'] ?? null,
    matcher: matcher ? Object.fromEntries(Object.entries(matcher).filter(([, v]) => v !== undefined)) : null,
    attributes, targets, tags,
  };
}

/** The module's return keys: the group (snake_case) with its attributes and tags. */
function resultOf(tg: Record<string, unknown>, attributes: Record<string, unknown>, tags: TagDict): ModuleResult {
  const { $metadata: _m, ...raw } = plainValue(tg) as Record<string, unknown>;
  return { ...camelDictToSnakeDict({ ...raw, ...attributes }), tags };
}

async function readAll(elb: Elbv2, ctx: ModuleContext, tg: TargetGroup): Promise<{ attributes: Record<string, string>; tags: TagDict; health: TargetHealthDescription[] }> {
  const arn = tg.TargetGroupArn!;
  return {
    attributes: await targetGroupAttributes(elb, ctx, arn),
    tags: await resourceTags(elb, ctx, arn, "Couldn't get target group tags"),
    health: await targetHealth(elb, ctx, arn, "Couldn't get target group health"),
  };
}

/** The targets to register and deregister for an existing group (compared by ID). */
function targetChanges(args: TgArgs, targetType: string, current: TargetHealthDescription[]): { register: Target[]; deregister: Target[] } {
  const none = { register: [], deregister: [] };
  if (!args.modify_targets) return none;
  const curIds = current.map((d) => d.Target?.Id ?? '');
  const asCurrent = (d: TargetHealthDescription): Target => ({ Id: d.Target!.Id!, ...(targetType === 'lambda' ? {} : { Port: d.Target!.Port! }) });
  if (args.targets?.length) {
    if (targetType === 'lambda') {
      // Only one target is possible with lambda: registered when it differs from any current one.
      const t = args.targets[0]!;
      const differs = current.length === 0 || current.some((d) => d.Target?.Id !== t.Id);
      return differs && t.Id ? { register: [{ Id: String(t.Id) }], deregister: [] } : none;
    }
    const wanted = args.targets.map((t) => target(t, args.port, true));
    const newIds = new Set(wanted.map((t) => t.Id));
    return {
      register: wanted.filter((t) => !curIds.includes(t.Id)),
      deregister: current.filter((d) => !newIds.has(d.Target?.Id ?? '')).map(asCurrent),
    };
  }
  if (targetType === 'lambda') return current.length ? { register: [], deregister: [{ Id: current[0]!.Target!.Id! }] } : none;
  return { register: [], deregister: current.map(asCurrent) };
}

function validate(args: TgArgs): string {
  // required_by (the engine's schema has no such relation yet): AnsibleModule's own message.
  for (const k of ['health_check_path', 'successful_response_codes'] as const) {
    if (given(args[k]) && !given(args.health_check_protocol)) throw new ModuleFailure(`missing parameter(s) required by '${k}': health_check_protocol`);
  }
  const targetType = args.target_type ?? 'instance';
  if (args.state === 'present') {
    if (['http', 'https'].includes(args.protocol?.toLowerCase() ?? '') && args.deregistration_connection_termination) {
      throw new ModuleFailure('A target group with HTTP/S protocol does not support setting deregistration_connection_termination');
    }
    // The collection's required_if only fires for an explicit target_type; without one it
    // crashes on protocol.upper(). pgplay names what is missing instead.
    if (targetType !== 'lambda') {
      const miss = (['protocol', 'port', 'vpc_id'] as const).filter((k) => !given(args[k]));
      if (miss.length) throw new ModuleFailure(`target_type is ${targetType} but all of the following are missing: ${miss.join(', ')}`);
    }
  }
  return targetType;
}

export default defineAwsModule<TgArgs, TgActions>({
  name: NAME,
  aliases: ['elb_target_group'],
  doc: { short: 'Manage a target group for an Application or Network load balancer' },
  options: {
    name: { type: 'string', description: 'The name of the target group.' },
    state: { type: 'string', enum: ['present', 'absent'], description: 'Create or destroy the target group.' },
    protocol: { type: ['string', 'null'], enum: [...PROTOCOLS, null], description: 'The protocol for routing traffic to the targets.' },
    protocol_version: { type: ['string', 'null'], enum: ['GRPC', 'HTTP1', 'HTTP2', null], description: 'The protocol version (HTTP/HTTPS groups).' },
    port: { type: ['integer', 'null'], description: 'The port targets receive traffic on.' },
    vpc_id: { type: ['string', 'null'], description: 'The VPC of the target group.' },
    target_type: { type: ['string', 'null'], enum: ['instance', 'ip', 'lambda', 'alb', null], description: 'The type of targets (default instance).' },
    health_check_protocol: { type: ['string', 'null'], enum: [...PROTOCOLS, null], description: 'The protocol of health checks.' },
    health_check_port: { type: ['string', 'null'], description: 'The port of health checks ("traffic-port" by default).' },
    health_check_path: { type: ['string', 'null'], description: 'The HTTP(S) health-check path.' },
    health_check_interval: { type: ['integer', 'null'], description: 'Seconds between health checks.' },
    health_check_timeout: { type: ['integer', 'null'], description: 'Seconds without an answer that mean a failed check.' },
    healthy_threshold_count: { type: ['integer', 'null'], description: 'Consecutive successes before a target is healthy.' },
    unhealthy_threshold_count: { type: ['integer', 'null'], description: 'Consecutive failures before a target is unhealthy.' },
    successful_response_codes: { type: ['string', 'null'], description: 'HTTP codes of a healthy answer ("200", "200,202", "200-299").' },
    deregistration_delay_timeout: { type: ['integer', 'null'], description: 'Seconds to wait before a deregistering target is unused.' },
    deregistration_connection_termination: { type: 'boolean', default: false, description: 'Close connections at the end of the deregistration timeout.' },
    stickiness_enabled: { type: ['boolean', 'null'], description: 'Enable sticky sessions.' },
    stickiness_type: { type: ['string', 'null'], description: 'The type of sticky sessions.' },
    stickiness_lb_cookie_duration: { type: ['integer', 'null'], description: 'Seconds the load balancer cookie lasts.' },
    stickiness_app_cookie_duration: { type: ['integer', 'null'], description: 'Seconds the application cookie lasts.' },
    stickiness_app_cookie_name: { type: ['string', 'null'], description: 'The name of the application cookie.' },
    load_balancing_algorithm_type: { type: ['string', 'null'], enum: ['round_robin', 'least_outstanding_requests', null], description: 'How requests are routed to targets.' },
    preserve_client_ip_enabled: { type: ['boolean', 'null'], description: 'Preserve client IP addresses and ports.' },
    proxy_protocol_v2_enabled: { type: ['boolean', 'null'], description: 'Enable proxy protocol v2.' },
    targets: { type: ['array', 'null'], items: { type: 'object' }, description: 'Targets as {Id, Port, AvailabilityZone} in CamelCase.' },
    modify_targets: { type: 'boolean', default: true, description: 'Register and deregister targets to match `targets` (by ID).' },
    ...tagArgs,
    wait: { type: 'boolean', default: false, description: 'Wait for registered targets to be healthy (deregistered ones unused).' },
    wait_timeout: { type: 'integer', default: 200, description: 'How long to wait, in seconds.' },
  },
  relations: {
    required: ['name', 'state'],
    'x-required-if': [['target_type', 'instance', ['protocol', 'port', 'vpc_id']], ['target_type', 'ip', ['protocol', 'port', 'vpc_id']], ['target_type', 'alb', ['protocol', 'port', 'vpc_id']]],
  },
  returns: {
    target_group_arn: { description: 'The ARN of the target group.', returned: 'when state present', type: 'str' },
    target_group_name: { description: 'The name of the target group.', returned: 'when state present', type: 'str' },
    health_check_protocol: { description: 'The health check settings (also _port, _path, _interval_seconds, _timeout_seconds, healthy/unhealthy_threshold_count, matcher).', returned: 'when state present', type: 'str' },
    load_balancer_arns: { description: 'The load balancers that route traffic to this group.', returned: 'when state present', type: 'list' },
    tags: { description: 'The tags of the target group.', returned: 'when state present', type: 'dict' },
    deregistration_delay_timeout_seconds: { description: 'The attributes of the group, "." replaced by "_" (stickiness_enabled, …).', returned: 'when state present', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },

  async plan(args, ctx): Promise<Plan<TgActions>> {
    const targetType = validate(args);
    const elb = await awsClient('elbv2', args, ctx, NAME);
    const tg = isUnknownValue(args.name) ? undefined : await targetGroupByName(elb, ctx, args.name);
    if (args.state === 'absent') {
      if (!tg) return { changed: false, result: {} };
      const now = await readAll(elb, ctx, tg);
      const before = view(tg as Record<string, unknown>, now.attributes, targetView(now.health.flatMap((d) => (d.Target ? [d.Target] : [])), tg.Port), now.tags);
      return { changed: true, actions: { args, arn: tg.TargetGroupArn!, delete: true }, diff: resourceDiff('target group', args.name, before, undefined), result: {} };
    }
    const params = createParams(args, targetType);
    if (!tg) return planCreate(args, targetType, params);
    const diffs = (['Port', 'Protocol', 'VpcId'] as const).filter((k) => (tg as Record<string, unknown>)[k] !== params[k]);
    if (diffs.length) throw new ModuleFailure(`Cannot modify ${diffs.join(', ')} parameter(s) for a target group`);
    const now = await readAll(elb, ctx, tg);
    const actions: TgActions = { args, arn: tg.TargetGroupArn! };
    const health = healthChanges(args, tg, params);
    if (Object.keys(health).length) actions.health = health;
    const { register, deregister } = targetChanges(args, targetType, now.health);
    if (register.length) actions.register = register;
    if (deregister.length) actions.deregister = deregister;
    const attrs = attributeChanges(args, now.attributes);
    if (attrs.length) actions.attributes = attrs;
    const tagChanges = compareTags(now.tags, args.tags, args.purge_tags);
    if (!tagChangesEmpty(tagChanges)) actions.tags = tagChanges;
    const changed = Boolean(actions.health || actions.register || actions.deregister || actions.attributes || actions.tags);

    const afterTg = { ...(tg as Record<string, unknown>), ...health };
    const afterAttrs = { ...now.attributes, ...Object.fromEntries(attrs.map((a) => [a.Key.replace(/\./g, '_'), a.Value])) };
    const afterTags = applyTagChanges(now.tags, tagChanges);
    const gone = new Set(deregister.map((t) => t.Id));
    const afterTargets = [...now.health.flatMap((d) => (d.Target && !gone.has(d.Target.Id ?? '') ? [d.Target] : [])), ...register];
    return {
      changed,
      actions,
      diff: resourceDiff('target group', args.name,
        view(tg as Record<string, unknown>, now.attributes, targetView(now.health.flatMap((d) => (d.Target ? [d.Target] : [])), tg.Port), now.tags),
        view(afterTg, afterAttrs, targetView(afterTargets, tg.Port), afterTags)),
      result: resultOf(afterTg, afterAttrs, afterTags),
    };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const elb = await awsClient('elbv2', args, ctx, NAME);
    const sdk = await elbv2Sdk();
    if (a.delete) {
      await awsSend(elb, new sdk.DeleteTargetGroupCommand({ TargetGroupArn: a.arn! }), { what: "Couldn't delete target group", signal: ctx.signal });
      return { changed: true };
    }
    let arn = a.arn;
    if (a.create) {
      await awsSend(elb, new sdk.CreateTargetGroupCommand(a.create as never), { what: "Couldn't create target group", signal: ctx.signal });
      // Read back by name, retrying while the new group is not visible yet.
      arn = (await targetGroupByName(elb, ctx, args.name, "Couldn't get target group", true))!.TargetGroupArn!;
    }
    if (a.health) await awsSend(elb, new sdk.ModifyTargetGroupCommand({ TargetGroupArn: arn!, ...a.health }), { what: "Couldn't update target group", signal: ctx.signal });
    if (a.register?.length) {
      await awsSend(elb, new sdk.RegisterTargetsCommand({ TargetGroupArn: arn!, Targets: a.register }), { what: "Couldn't register targets", signal: ctx.signal });
      if (args.wait && !(await waitForStatus(elb, ctx, args, arn!, a.register, 'healthy'))) {
        throw new ModuleFailure('Error waiting for target registration to be healthy - please check the AWS console');
      }
    }
    if (a.deregister?.length) {
      await awsSend(elb, new sdk.DeregisterTargetsCommand({ TargetGroupArn: arn!, Targets: a.deregister }), { what: "Couldn't remove targets", signal: ctx.signal });
      if (args.wait && !(await waitForStatus(elb, ctx, args, arn!, a.deregister, 'unused'))) {
        throw new ModuleFailure('Error waiting for target deregistration - please check the AWS console');
      }
    }
    if (a.attributes) {
      try {
        await awsSend(elb, new sdk.ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn!, Attributes: a.attributes }), { what: "Couldn't delete target group", signal: ctx.signal });
      } catch (e) {
        // A group made by this task is removed again, so a failed attribute leaves nothing half-made.
        if (a.create) await awsSend(elb, new sdk.DeleteTargetGroupCommand({ TargetGroupArn: arn! }), { signal: ctx.signal });
        throw e;
      }
    }
    if (a.tags?.unset.length) await awsSend(elb, new sdk.RemoveTagsCommand({ ResourceArns: [arn!], TagKeys: a.tags.unset }), { what: "Couldn't delete tags from target group", signal: ctx.signal });
    if (a.tags && Object.keys(a.tags.set).length) await awsSend(elb, new sdk.AddTagsCommand({ ResourceArns: [arn!], Tags: tagDictToList(a.tags.set) }), { what: "Couldn't add tags to target group", signal: ctx.signal });
    const tg = (await targetGroupByName(elb, ctx, args.name))!;
    const now = await readAll(elb, ctx, tg);
    return { changed: true, ...resultOf(tg as Record<string, unknown>, now.attributes, now.tags) };
  },
});

/** A new group: everything AWS would choose itself is Unknown. */
function planCreate(args: TgArgs, targetType: string, params: Record<string, unknown>): Plan<TgActions> {
  const actions: TgActions = { args, create: params };
  if (args.targets?.length) {
    // On create the targets go as given (no port filled in), the lambda one alone.
    actions.register = targetType === 'lambda' ? [{ Id: String(args.targets[0]!.Id) }] : args.targets.map((t) => target(t, args.port, false));
  }
  const attrs = attributeChanges(args, {});
  if (attrs.length) actions.attributes = attrs;
  const tags = applyTagChanges({}, compareTags({}, args.tags, args.purge_tags));
  if (Object.keys(tags).length) actions.tags = { set: tags, unset: [] };
  const orUnknown = (k: string) => params[k] ?? Unknown;
  const tg: Record<string, unknown> = {
    TargetGroupArn: Unknown, TargetGroupName: args.name, Protocol: params['Protocol'] ?? null, Port: params['Port'] ?? null, VpcId: params['VpcId'] ?? null,
    HealthCheckProtocol: orUnknown('HealthCheckProtocol'), HealthCheckPort: orUnknown('HealthCheckPort'), HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: orUnknown('HealthCheckIntervalSeconds'), HealthCheckTimeoutSeconds: orUnknown('HealthCheckTimeoutSeconds'),
    HealthyThresholdCount: orUnknown('HealthyThresholdCount'), UnhealthyThresholdCount: orUnknown('UnhealthyThresholdCount'),
    HealthCheckPath: orUnknown('HealthCheckPath'), Matcher: params['Matcher'] ?? Unknown, LoadBalancerArns: [], TargetType: targetType,
  };
  const attributes = Object.fromEntries(attrs.map((x) => [x.Key.replace(/\./g, '_'), x.Value]));
  const targets = targetView((actions.register ?? []) as { Id?: string; Port?: number }[], params['Port'] ?? null);
  // Which attributes a new group has, and their defaults, depend on its protocol and AWS: with
  // none asked for they are all Unknown; otherwise the diff shows the ones asked for.
  const diffAttributes = attrs.length ? attributes : Unknown;
  return { changed: true, actions, diff: resourceDiff('target group', args.name, undefined, view(tg, diffAttributes as Record<string, unknown>, targets, tags)), result: resultOf(tg, attributes, tags) };
}

/** wait_for_status: the first target's state, every 5 s, wait_timeout // 5 times. */
async function waitForStatus(elb: Elbv2, ctx: ModuleContext, args: TgArgs, arn: string, targets: Target[], status: string): Promise<boolean> {
  return pollUntil(ctx, Math.floor(args.wait_timeout / 5), 5000, async () => {
    const d = await targetHealth(elb, ctx, arn, "Couldn't describe target health", targets);
    return d[0]?.TargetHealth?.State === status;
  });
}
