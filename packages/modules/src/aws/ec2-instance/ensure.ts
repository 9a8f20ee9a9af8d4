/**
 * The collection's main() flow (ec2_instance.py 7.6), run once read-only for plan (check=true,
 * exactly the collection's check-mode branches) and once for real in apply. Every write is
 * guarded by `check`; what a write would do is recorded in `effects` for the diff.
 */
import { ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import type { Instance } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { ec2Sdk } from '../clients.js';
import { applyEc2Tags, filterList } from '../ec2-tags.js';
import { pyRepr } from '../py-repr.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { compareEc2Tags, tagChangesEmpty, tagListToDict, applyTagChanges, type TagDict } from '../tags.js';
import { metadataWithDefaults, type InstanceArgs, type InstanceState } from './args.js';
import { defaultSubnet, defaultVpc, fallbackSubnetId, findInstances, instanceAttribute, instanceProfileArn, RETRY, securityGroupIds, type Io } from './lookups.js';
import { buildRunSpec } from './run-spec.js';
import { awaitInstances } from './waiters.js';

/** What the run did (or, in check mode, would do) to each instance, for the diff. */
export interface Effects {
  matched: Instance[];
  launched: number;
  spec?: Record<string, unknown>;
  terminated: Set<string>;
  state: Map<string, string>;
  tags: Map<string, TagDict>;
  attrs: Map<string, Record<string, unknown>>;
  metadata: Map<string, Record<string, unknown>>;
  profile: Map<string, string>;
}

/** pretty_instance: snake_case with tags as a dict. */
export function prettyInstance(i: Instance): Record<string, unknown> {
  const out = camelDictToSnakeDict(plainValue(i) as Record<string, unknown>, ['Tags']);
  out['tags'] = tagListToDict(i.Tags);
  return out;
}
const raw = (list: Instance[]): unknown[] => list.map((i) => plainValue(i));
const ids = (list: Instance[]): string[] => list.map((i) => i.InstanceId!);

const EC2_STATE: Record<InstanceState, string> = {
  present: 'running', started: 'running', running: 'running', stopped: 'stopped', restarted: 'running', rebooted: 'running', terminated: 'terminated', absent: 'terminated',
};

export class Ec2InstanceRun {
  readonly effects: Effects = { matched: [], launched: 0, terminated: new Set(), state: new Map(), tags: new Map(), attrs: new Map(), metadata: new Map(), profile: new Map() };

  constructor(private readonly io: Io, private readonly check: boolean) {}

  private get args(): InstanceArgs {
    return this.io.args;
  }

  async run(): Promise<ModuleResult> {
    const args = this.args;
    const filters = args.filters ?? (await this.buildFilters());
    const existing = await findInstances(this.io, { filters });
    this.effects.matched = existing;
    if (args.state === 'terminated' || args.state === 'absent') {
      return existing.length ? this.ensureInstanceState(args.state, filters) : { msg: 'No matching instances found', changed: false };
    }
    if (args.exact_count) return this.enforceCount(existing);
    if (existing.length && !args.count) {
      for (const m of existing) this.warnIfPublicIpChanged(m);
      return this.handleExisting(existing, filters);
    }
    return this.ensurePresent(existing);
  }

  /** build_filters */
  private async buildFilters(): Promise<Record<string, unknown>> {
    const a = this.args;
    const f: Record<string, unknown> = { 'instance-state-name': ['pending', 'running', 'stopping', 'stopped'] };
    if (a.instance_ids.length) {
      f['instance-id'] = a.instance_ids;
      return f;
    }
    if (!a.vpc_subnet_id) {
      if (!a.network) {
        const sub = await defaultSubnet(this.io, await defaultVpc(this.io), a.availability_zone);
        f['subnet-id'] = sub?.SubnetId;
      }
    } else f['subnet-id'] = [a.vpc_subnet_id];
    if (a.name) f['tag:Name'] = [a.name];
    else if (a.tags?.['Name']) f['tag:Name'] = [a.tags['Name']];
    if (a.image_id) f['image-id'] = [a.image_id];
    else if (a.image?.id) f['image-id'] = [a.image.id];
    return f;
  }

  private warnIfPublicIpChanged(i: Instance): void {
    const assign = this.args.network?.['assign_public_ip'];
    if (assign === undefined || assign === null) return;
    if ((i.PublicDnsName && !assign) || (assign && !i.PublicDnsName)) {
      this.io.ctx.log.warn(`Unable to modify public ip assignment to ${assign ? 'True' : 'False'} for instance ${i.InstanceId}. Whether or not to assign a public IP is determined during instance creation.`);
    }
  }

  /** handle_existing */
  private async handleExisting(existing: Instance[], filters: Record<string, unknown>): Promise<ModuleResult> {
    const a = this.args;
    let tags = a.tags ? { ...a.tags } : a.tags;
    let purge = a.purge_tags;
    if (a.name) {
      if (tags === null || tags === undefined) {
        purge = false;
        tags = {};
      }
      tags['Name'] = a.name;
    }
    let changed = false;
    let changes: Record<string, unknown>[] = [];
    for (const inst of existing) {
      const id = inst.InstanceId!;
      if (tags !== null && tags !== undefined) {
        const current = tagListToDict(inst.Tags);
        const c = compareEc2Tags(current, tags, purge);
        if (!tagChangesEmpty(c)) {
          changed = true;
          this.effects.tags.set(id, applyTagChanges(current, c));
          if (!this.check) await applyEc2Tags(this.io.ec2, id, c, this.io.ctx, RETRY);
        }
      }
      changed = (await this.changeMetadataOptions(inst)) || changed;
      changes = await this.diffInstanceAndParams(inst, []);
      for (const c of changes) {
        this.recordAttr(id, c);
        if (!this.check) await this.modifyAttribute(c, 'Could not apply change %s to existing instance.');
      }
      changed = changed || changes.length > 0;
      // (The collection checks the profile of the first match on every pass; with one match, as here, that is the instance.)
      changed = (await this.addOrUpdateProfile(existing[0]!)) || changed;
    }
    const altered = await findInstances(this.io, { ids: ids(existing) });
    const alter: ModuleResult = { changed, instances: altered.map(prettyInstance), instance_ids: ids(altered), changes: changes.map((c) => plainValue(c)) };
    const state = await this.ensureInstanceState(a.state, filters);
    const stateChanged = Boolean(state.changed);
    delete state.changed;
    return { ...state, ...alter, changed: changed || stateChanged };
  }

  private recordAttr(id: string, c: Record<string, unknown>): void {
    const cur = this.effects.attrs.get(id) ?? {};
    if ('DisableApiTermination' in c) cur['termination_protection'] = (c['DisableApiTermination'] as { Value: boolean }).Value;
    if ('EbsOptimized' in c) cur['ebs_optimized'] = (c['EbsOptimized'] as { Value: boolean }).Value;
    if ('Groups' in c) cur['security_groups'] = [...(c['Groups'] as string[])].sort();
    this.effects.attrs.set(id, cur);
  }

  private async modifyAttribute(c: Record<string, unknown>, what: string): Promise<void> {
    const { ModifyInstanceAttributeCommand } = await ec2Sdk();
    await awsSend(this.io.ec2, new ModifyInstanceAttributeCommand(c as never), { what: what.replace('%s', pyRepr(c)), retryCodes: RETRY, signal: this.io.ctx.signal });
  }

  /** diff_instance_and_params: ebs_optimized, termination_protection, security groups, source_dest_check. */
  private async diffInstanceAndParams(inst: Instance, skip: string[]): Promise<Record<string, unknown>[]> {
    const a = this.args;
    const id = inst.InstanceId!;
    const out: Record<string, unknown>[] = [];
    const mappings: [keyof InstanceArgs, string, 'ebsOptimized' | 'disableApiTermination'][] = [
      ['ebs_optimized', 'EbsOptimized', 'ebsOptimized'], ['termination_protection', 'DisableApiTermination', 'disableApiTermination'],
    ];
    for (const [param, key, attr] of mappings) {
      const want = a[param];
      if (want === null || want === undefined || skip.includes(key)) continue;
      const value = await instanceAttribute(this.io, id, attr);
      if ((value[key] as { Value?: boolean } | undefined)?.Value !== want) out.push({ InstanceId: id, [key]: { Value: want } });
    }
    if (a.security_group || a.security_groups.length) {
      const value = await instanceAttribute(this.io, id, 'groupSet');
      const subnetId = a.vpc_subnet_id ? a.vpc_subnet_id : await fallbackSubnetId(this.io, 'modify security groups.');
      const expected = await securityGroupIds(this.io, subnetId);
      const have = ((value['Groups'] as { GroupId?: string }[] | undefined) ?? []).map((g) => g.GroupId!);
      if (new Set(have).size !== new Set(expected).size || have.some((g) => !expected.includes(g))) out.push({ Groups: expected, InstanceId: id });
    }
    const sdc = a.network?.['source_dest_check'];
    if (sdc !== undefined && sdc !== null && inst.SourceDestCheck !== Boolean(sdc)) out.push({ InstanceId: id, SourceDestCheck: { Value: Boolean(sdc) } });
    return out;
  }

  /** change_instance_metadata_options */
  private async changeMetadataOptions(inst: Instance): Promise<boolean> {
    const want = metadataWithDefaults(this.args.metadata_options) as Record<string, unknown> | null;
    if (!want) return false;
    const have = camelDictToSnakeDict((inst.MetadataOptions ?? {}) as Record<string, unknown>);
    const changes: Record<string, unknown> = {};
    for (const k of Object.keys(have)) if (k in want && have[k] !== want[k]) changes[k] = want[k];
    if (!Object.keys(changes).length) return false;
    const pick = (k: string) => changes[k] || have[k];
    const req = { InstanceId: inst.InstanceId!, HttpTokens: pick('http_tokens'), HttpPutResponseHopLimit: pick('http_put_response_hop_limit'), HttpEndpoint: pick('http_endpoint'), HttpProtocolIpv6: pick('http_protocol_ipv6'), InstanceMetadataTags: pick('instance_metadata_tags') };
    this.effects.metadata.set(inst.InstanceId!, { http_endpoint: req.HttpEndpoint, http_tokens: req.HttpTokens, http_put_response_hop_limit: req.HttpPutResponseHopLimit });
    if (this.check) return true;
    const { ModifyInstanceMetadataOptionsCommand } = await ec2Sdk();
    await awsSend(this.io.ec2, new ModifyInstanceMetadataOptionsCommand(req as never), { what: `Failed to update instance metadata options for instance ID: ${inst.InstanceId}`, retryCodes: RETRY, signal: this.io.ctx.signal });
    return true;
  }

  /** add_or_update_instance_profile */
  private async addOrUpdateProfile(inst: Instance): Promise<boolean> {
    const desired = this.args.iam_instance_profile;
    if (!desired) return false;
    const sdk = await ec2Sdk();
    const setting = inst.IamInstanceProfile;
    const signal = this.io.ctx.signal;
    if (setting) {
      if (desired === setting.Arn) return false;
      const arn = await instanceProfileArn(this.io, desired);
      if (setting.Arn === arn) return false;
      this.effects.profile.set(inst.InstanceId!, arn);
      if (this.check) return true;
      const assoc = await awsSend<{ IamInstanceProfileAssociations?: { AssociationId?: string }[] }>(this.io.ec2, new sdk.DescribeIamInstanceProfileAssociationsCommand({ Filters: filterList({ 'instance-id': inst.InstanceId }) }), { what: 'Could not find instance profile association', retryCodes: RETRY, signal });
      await awsSend(this.io.ec2, new sdk.ReplaceIamInstanceProfileAssociationCommand({ AssociationId: assoc.IamInstanceProfileAssociations![0]!.AssociationId!, IamInstanceProfile: { Arn: arn } }), { what: 'Could not associate instance profile', retryCodes: RETRY, signal });
      return true;
    }
    const arn = await instanceProfileArn(this.io, desired);
    this.effects.profile.set(inst.InstanceId!, arn);
    if (this.check) return true;
    await awsSend(this.io.ec2, new sdk.AssociateIamInstanceProfileCommand({ IamInstanceProfile: { Arn: arn }, InstanceId: inst.InstanceId! }), { what: 'Could not associate new instance profile', retryCodes: RETRY, signal });
    return true;
  }

  /** ensure_instance_state: the result keys per state. */
  private async ensureInstanceState(state: InstanceState, filters: Record<string, unknown>): Promise<ModuleResult> {
    if (state === 'running' || state === 'started') {
      const r = await this.changeInstanceState(filters, state);
      if (r.failed.length) throw new ModuleFailure(`Unable to start instances: ${r.reason}`, { reboot_success: [...r.changed], reboot_failed: r.failed });
      return { msg: 'Instances started', start_success: [...r.changed], start_failed: [], reboot_success: [...r.changed], reboot_failed: [], changed: r.changed.size > 0, instances: r.instances.map(prettyInstance) };
    }
    if (state === 'restarted' || state === 'rebooted') {
      const stop = await this.changeInstanceState(filters, 'stopped');
      if (stop.failed.length) throw new ModuleFailure(`Unable to stop instances: ${stop.reason}`, { stop_success: [...stop.changed], stop_failed: stop.failed });
      const start = await this.changeInstanceState(filters, state);
      if (start.failed.length) throw new ModuleFailure(`Unable to restart instances: ${start.reason}`, { reboot_success: [...start.changed], reboot_failed: start.failed });
      // Stopped and started again: the state it ends in is the one it had.
      for (const id of stop.changed) this.effects.state.delete(id);
      return { msg: 'Instances restarted', reboot_success: [...start.changed], changed: stop.changed.size > 0 || start.changed.size > 0, reboot_failed: [], instances: start.instances.map(prettyInstance) };
    }
    if (state === 'stopped') {
      const r = await this.changeInstanceState(filters, state);
      if (r.failed.length) throw new ModuleFailure(`Unable to stop instances: ${r.reason}`, { stop_success: [...r.changed], stop_failed: r.failed });
      return { msg: 'Instances stopped', stop_success: [...r.changed], changed: r.changed.size > 0, stop_failed: [], instances: r.instances.map(prettyInstance) };
    }
    if (state === 'absent' || state === 'terminated') {
      const r = await this.changeInstanceState(filters, state);
      if (r.failed.length) throw new ModuleFailure(`Unable to terminate instances: ${r.reason}`, { terminate_success: [...r.changed], terminate_failed: r.failed });
      return { msg: 'Instances terminated', terminate_success: [...r.changed], changed: r.changed.size > 0, terminate_failed: [], instances: r.instances.map(prettyInstance) };
    }
    return {};
  }

  /** change_instance_state */
  private async changeInstanceState(filters: Record<string, unknown>, state: InstanceState): Promise<{ changed: Set<string>; failed: string[]; instances: Instance[]; reason: string }> {
    const want = EC2_STATE[state];
    const sdk = await ec2Sdk();
    const changed = new Set<string>();
    const unchanged = new Set<string>();
    let instances = await findInstances(this.io, { filters });
    const toChange = new Set(instances.filter((i) => i.State?.Name !== want).map((i) => i.InstanceId!));
    let reason = '';
    const wait = (id: string, s: InstanceState) => awaitInstances(this.io, [id], s, { force: true, check: this.check });
    const send = async (cmd: object, key: string): Promise<void> => {
      const r = await awsSend<Record<string, { InstanceId?: string }[]>>(this.io.ec2, cmd, { retryCodes: RETRY, signal: this.io.ctx.signal });
      for (const x of r[key] ?? []) changed.add(x.InstanceId!);
    };
    for (const inst of instances) {
      const id = inst.InstanceId!;
      const now = inst.State?.Name;
      try {
        if (want === 'terminated') {
          if (now === 'stopping') await wait(id, 'stopped');
          else if (now === 'pending') await wait(id, 'running');
          if (this.check) changed.add(id);
          else await send(new sdk.TerminateInstancesCommand({ InstanceIds: [id] }), 'TerminatingInstances');
          if (changed.has(id)) this.effects.terminated.add(id);
        }
        if (want === 'stopped') {
          if (now === 'pending') await wait(id, 'running');
          else if (now === 'stopping' || now === 'stopped') {
            unchanged.add(id);
            continue;
          }
          if (this.check) changed.add(id);
          else await send(new sdk.StopInstancesCommand({ InstanceIds: [id] }), 'StoppingInstances');
          if (changed.has(id)) this.effects.state.set(id, 'stopped');
        }
        if (want === 'running') {
          if (now === 'pending' || now === 'running') {
            unchanged.add(id);
            continue;
          }
          if (now === 'stopping') await wait(id, 'stopped');
          if (this.check) changed.add(id);
          else await send(new sdk.StartInstancesCommand({ InstanceIds: [id] }), 'StartingInstances');
          if (changed.has(id)) this.effects.state.set(id, 'running');
        }
      } catch (e) {
        if (e instanceof ModuleFailure) reason = String(e.message.replace(/^[^:]*: (?=An error occurred)/, ''));
        else throw e;
      }
    }
    if (changed.size) await awaitInstances(this.io, [...changed, ...unchanged], state, { check: this.check });
    const failed = [...toChange].filter((id) => !changed.has(id));
    if (instances.length) instances = await findInstances(this.io, { ids: ids(instances) });
    return { changed, failed, instances, reason };
  }

  /** enforce_count */
  private async enforceCount(existing: Instance[]): Promise<ModuleResult> {
    const exact = this.args.exact_count!;
    const current = existing.length;
    if (current === exact) {
      return { changed: false, instances: existing.map(prettyInstance), instance_ids: ids(existing), msg: `${exact} instances already running, nothing to do.` };
    }
    if (current < exact) return this.ensurePresent(existing, current);
    const sorted = [...existing].sort((x, y) => (x.LaunchTime?.getTime() ?? 0) - (y.LaunchTime?.getTime() ?? 0));
    const all = ids(sorted);
    const terminate = all.slice(0, current - exact);
    for (const id of terminate) this.effects.terminated.add(id);
    if (this.check) {
      return { changed: true, terminated_ids: terminate, instance_ids: all, msg: `Would have terminated following instances if not in check mode ${pyRepr(terminate)}` };
    }
    const { TerminateInstancesCommand } = await ec2Sdk();
    await awsSend(this.io.ec2, new TerminateInstancesCommand({ InstanceIds: terminate }), { what: 'Unable to terminate instances', retryCodes: RETRY, absentCodes: ['InvalidInstanceID.NotFound'], signal: this.io.ctx.signal });
    await awaitInstances(this.io, terminate, 'terminated', { force: true, check: false });
    return { changed: true, msg: 'Successfully terminated instances.', terminated_ids: terminate, instance_ids: all, instances: raw(sorted) };
  }

  /** ensure_present */
  private async ensurePresent(existing: Instance[], currentCount?: number): Promise<ModuleResult> {
    const spec = await buildRunSpec(this.io, currentCount);
    this.effects.spec = spec;
    this.effects.launched = Number(spec['MinCount']);
    if (this.check) {
      return existing.length
        ? { changed: true, instance_ids: ids(existing), instances: raw(existing), spec, msg: 'Would have launched instances if not in check_mode.' }
        : { changed: true, spec, msg: 'Would have launched instances if not in check_mode.' };
    }
    const launched = await this.runInstances(spec);
    const newIds = ids(launched);
    await awaitInstances(this.io, newIds, 'present', { force: true, check: false });
    const sdk = await ec2Sdk();
    for (const ins of launched) {
      await awsSend(this.io.ec2, new sdk.DescribeInstanceStatusCommand({ InstanceIds: [ins.InstanceId!], IncludeAllInstances: true }), { what: 'Failed to fetch status of new EC2 instance', retryCodes: RETRY, signal: this.io.ctx.signal });
      for (const c of await this.diffInstanceAndParams(ins, ['UserData', 'EbsOptimized'])) await this.modifyAttribute(c, 'Could not apply change %s to new instance.');
    }
    const allIds = [...ids(existing), ...newIds];
    if (!this.args.wait) {
      return existing.length ? { changed: true, changed_ids: newIds, instance_ids: allIds, spec } : { changed: true, instance_ids: newIds, spec };
    }
    await awaitInstances(this.io, newIds, this.args.state, { check: false });
    const found = await findInstances(this.io, { ids: newIds });
    return existing.length
      ? { changed: true, changed_ids: newIds, instance_ids: allIds, instances: [...existing, ...found].map(prettyInstance), spec }
      : { changed: true, instance_ids: newIds, instances: found.map(prettyInstance), spec };
  }

  /** run_instances, retried once after 10 s when a new instance profile is not visible to EC2 yet. */
  private async runInstances(spec: Record<string, unknown>): Promise<Instance[]> {
    const { RunInstancesCommand } = await ec2Sdk();
    // boto3 base64-encodes UserData itself; the JS SDK sends it as given.
    const req = { ...spec, ...(spec['UserData'] !== undefined ? { UserData: Buffer.from(String(spec['UserData']), 'utf8').toString('base64') } : {}) };
    const send = () => awsSend<{ Instances?: Instance[] }>(this.io.ec2, new RunInstancesCommand(req as never), { what: 'Failed to create new EC2 instance', retryCodes: RETRY, signal: this.io.ctx.signal });
    try {
      return (await send()).Instances ?? [];
    } catch (e) {
      if (!(e instanceof ModuleFailure) || !e.message.includes('Invalid IAM Instance Profile ARN')) throw e;
      await new Promise((r) => setTimeout(r, 10_000));
      return (await send()).Instances ?? [];
    }
  }
}

