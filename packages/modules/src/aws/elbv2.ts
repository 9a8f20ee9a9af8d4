/**
 * ELBv2 reads the load-balancer modules share, as amazon.aws module_utils (elbv2.py, elb_utils.py)
 * and the community.aws modules make them: target groups and load balancers by name, their
 * attributes as a dict with '.' → '_', their tags, listeners, target health.
 */
import { isUnknown, Unknown, type ModuleContext } from '@pgplay/engine/module-api';
import type { ElasticLoadBalancingV2Client, Listener, LoadBalancer, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsSend } from './call.js';
import { elbv2Sdk } from './clients.js';
import { tagListToDict, type AwsTag, type TagDict } from './tags.js';

export type Elbv2 = ElasticLoadBalancingV2Client;

/** A value only known after apply, as itself or as its text (once a str option converted it). */
export const isUnknownValue = (v: unknown): boolean => isUnknown(v) || v === String(Unknown);
export { Unknown };

/** The target group with this name, or undefined (get_target_group). */
export async function targetGroupByName(elb: Elbv2, ctx: ModuleContext, name: string, what = "Couldn't get target group", retryMissing = false): Promise<TargetGroup | undefined> {
  const { DescribeTargetGroupsCommand } = await elbv2Sdk();
  const r = await awsSend<{ TargetGroups?: TargetGroup[] } | undefined>(elb, new DescribeTargetGroupsCommand({ Names: [name] }), {
    what, signal: ctx.signal, ...(retryMissing ? { retryCodes: ['TargetGroupNotFound'] } : { absentCodes: ['TargetGroupNotFound'] }),
  });
  return r?.TargetGroups?.[0];
}

/** describe_target_groups, every page (the paginator's build_full_result). */
export async function allTargetGroups(elb: Elbv2, ctx: ModuleContext, filter: { LoadBalancerArn?: string; TargetGroupArns?: string[]; Names?: string[] }, what: string, absent: string[] = []): Promise<TargetGroup[] | undefined> {
  const { DescribeTargetGroupsCommand } = await elbv2Sdk();
  const out: TargetGroup[] = [];
  let Marker: string | undefined;
  do {
    const r = await awsSend<{ TargetGroups?: TargetGroup[]; NextMarker?: string } | undefined>(elb, new DescribeTargetGroupsCommand({ ...filter, ...(Marker ? { Marker } : {}) }), { what, absentCodes: absent, signal: ctx.signal });
    if (!r) return undefined;
    out.push(...(r.TargetGroups ?? []));
    Marker = r.NextMarker;
  } while (Marker);
  return out;
}

/** Attributes as a dict, '.' replaced by '_' ("more Ansible friendly", as the modules say). */
export function attributeDict(list: readonly AwsTag[] | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tagListToDict(list)).map(([k, v]) => [k.replace(/\./g, '_'), v]));
}

export async function targetGroupAttributes(elb: Elbv2, ctx: ModuleContext, arn: string, what = "Couldn't get target group attributes"): Promise<Record<string, string>> {
  const { DescribeTargetGroupAttributesCommand } = await elbv2Sdk();
  const r = await awsSend<{ Attributes?: AwsTag[] }>(elb, new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }), { what, signal: ctx.signal });
  return attributeDict(r.Attributes);
}

export async function resourceTags(elb: Elbv2, ctx: ModuleContext, arn: string, what: string): Promise<TagDict> {
  const { DescribeTagsCommand } = await elbv2Sdk();
  const r = await awsSend<{ TagDescriptions?: { Tags?: AwsTag[] }[] }>(elb, new DescribeTagsCommand({ ResourceArns: [arn] }), { what, signal: ctx.signal });
  return tagListToDict(r.TagDescriptions?.[0]?.Tags);
}

export async function targetHealth(elb: Elbv2, ctx: ModuleContext, arn: string, what: string, targets?: { Id: string; Port?: number }[]): Promise<TargetHealthDescription[]> {
  const { DescribeTargetHealthCommand } = await elbv2Sdk();
  const r = await awsSend<{ TargetHealthDescriptions?: TargetHealthDescription[] }>(elb, new DescribeTargetHealthCommand({ TargetGroupArn: arn, ...(targets ? { Targets: targets } : {}) }), { what, signal: ctx.signal });
  return r.TargetHealthDescriptions ?? [];
}

/** The load balancer with this name, or undefined (elb_utils.get_elb). */
export async function loadBalancerByName(elb: Elbv2, ctx: ModuleContext, name: string): Promise<LoadBalancer | undefined> {
  const { DescribeLoadBalancersCommand } = await elbv2Sdk();
  const r = await awsSend<{ LoadBalancers?: LoadBalancer[] } | undefined>(elb, new DescribeLoadBalancersCommand({ Names: [name] }), { absentCodes: ['LoadBalancerNotFound'], signal: ctx.signal });
  return r?.LoadBalancers?.[0];
}

export async function loadBalancerAttributes(elb: Elbv2, ctx: ModuleContext, arn: string): Promise<Record<string, string>> {
  const { DescribeLoadBalancerAttributesCommand } = await elbv2Sdk();
  const r = await awsSend<{ Attributes?: AwsTag[] }>(elb, new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }), { signal: ctx.signal });
  return attributeDict(r.Attributes);
}

export async function listenersOf(elb: Elbv2, ctx: ModuleContext, lbArn: string): Promise<Listener[]> {
  const { DescribeListenersCommand } = await elbv2Sdk();
  const out: Listener[] = [];
  let Marker: string | undefined;
  do {
    const r = await awsSend<{ Listeners?: Listener[]; NextMarker?: string }>(elb, new DescribeListenersCommand({ LoadBalancerArn: lbArn, ...(Marker ? { Marker } : {}) }), { signal: ctx.signal });
    out.push(...(r.Listeners ?? []));
    Marker = r.NextMarker;
  } while (Marker);
  return out;
}

/** Waits (polling every `intervalMs`, at most `attempts` times) until `done` answers true. */
export async function pollUntil(ctx: ModuleContext, attempts: number, intervalMs: number, done: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await done()) return true;
    if (i + 1 < attempts) {
      await new Promise<void>((resolve, reject) => {
        if (ctx.signal.aborted) return reject(ctx.signal.reason as Error);
        const t = setTimeout(() => { ctx.signal.removeEventListener('abort', onAbort); resolve(); }, intervalMs);
        const onAbort = (): void => { clearTimeout(t); reject(ctx.signal.reason as Error); };
        ctx.signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
  return false;
}
