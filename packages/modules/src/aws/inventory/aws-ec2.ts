/**
 * The `aws_ec2` dynamic inventory plug-in (amazon.aws 7.6 plugins/inventory/aws_ec2.py): every
 * instance the filters match in the configured regions becomes a host of group `aws_ec2`, named
 * by `hostnames`, with the instance's snake_case description as host variables, then `compose`,
 * `groups` and `keyed_groups` (ansible's Constructable, done by the engine). The config is
 * checked first: an unknown or mistyped option is an error naming file:line:col.
 */
import { existsSync } from 'node:fs';
import { InventoryParseError, safeGroupName, type InventoryPlugin, type InventoryPluginContext } from '@pgplay/engine/module-api';
import type { EC2Client, Instance, Reservation } from '@aws-sdk/client-ec2';
import { awsClientFor, ec2Sdk } from '../clients.js';
import { resolveConnection, type AwsConnectionArgs } from '../connection.js';
import { awsErrorInfo, botocoreText } from '../errors.js';
import { filterList } from '../ec2-tags.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { tagListToDict } from '../tags.js';
import { botoAttrChain } from './boto-attr.js';
import { checkConfig, type Ec2InventoryConfig } from './config.js';

const NAME = 'amazon.aws.aws_ec2';
const DEFAULT_STATES = ['running', 'pending', 'stopping', 'stopped'];

/** _get_tag_hostname: `tag:Name` → its value, `tag:Name=Value` → "Name_Value" when it matches. */
function tagHostnames(preference: string, instance: Record<string, unknown>): string[] {
  const spec = preference.split('tag:').slice(1).join('tag:');
  const tags = tagListToDict(instance['Tags'] as never);
  const out: string[] = [];
  for (const v of spec.split(',')) {
    if (v.includes('=')) {
      const [name, value] = v.split('=') as [string, string];
      if (tags[name] === value) out.push(`${name}_${value}`);
    } else if (tags[v]) out.push(tags[v]!);
  }
  return out;
}

class Ec2Inventory {
  constructor(private readonly cfg: Ec2InventoryConfig) {}

  /** _sanitize_group_name: the legacy script's rule when asked for, else ansible's (safeGroupName). */
  sanitize = (name: string): string => (this.cfg.use_contrib_script_compatible_sanitization ? name.replace(/[^A-Za-z0-9_-]/g, '_') : safeGroupName(name));

  private sanitizeHostname(h: unknown): string {
    const s = String(h);
    return s.includes(':') ? this.sanitize(s) : s;
  }

  /** _get_preferred_hostname */
  preferred(instance: Record<string, unknown>, hostnames: unknown[]): string | undefined {
    const prefs = hostnames.length ? hostnames : ['dns-name', 'private-dns-name'];
    let hostname: unknown;
    for (const p of prefs) {
      if (p && typeof p === 'object') {
        const d = p as Record<string, unknown>;
        hostname = this.preferred(instance, [d['name']]);
        const fromPrefix = 'prefix' in d ? this.preferred(instance, [d['prefix']]) : undefined;
        const sep = d['separator'] === undefined ? '_' : String(d['separator']);
        if (hostname && fromPrefix && 'prefix' in d) hostname = `${fromPrefix}${sep}${String(hostname)}`;
      } else if (String(p).startsWith('tag:')) hostname = tagHostnames(String(p), instance)[0];
      else hostname = botoAttrChain(String(p), instance);
      if (Array.isArray(hostname) ? hostname.length : hostname) break;
    }
    return hostname ? this.sanitizeHostname(hostname) : undefined;
  }

  /** _get_all_hostnames (allow_duplicated_hosts) */
  all(instance: Record<string, unknown>, hostnames: unknown[]): string[] {
    const prefs = hostnames.length ? hostnames : ['dns-name', 'private-dns-name'];
    const out: string[] = [];
    for (const p of prefs) {
      let hostname: unknown;
      if (p && typeof p === 'object') {
        const d = p as Record<string, unknown>;
        const names = this.all(instance, [d['name']]);
        const prefixes = 'prefix' in d ? this.all(instance, [d['prefix']]) : [];
        const sep = d['separator'] === undefined ? '_' : String(d['separator']);
        hostname = names.length && prefixes.length ? `${prefixes[0]}${sep}${names[0]}` : names;
      } else if (String(p).startsWith('tag:')) hostname = tagHostnames(String(p), instance);
      else hostname = botoAttrChain(String(p), instance);
      if (Array.isArray(hostname)) out.push(...hostname.map((h) => this.sanitizeHostname(h)));
      else if (typeof hostname === 'string' && hostname) out.push(this.sanitizeHostname(hostname));
    }
    return out;
  }

  /** _prepare_host_vars */
  hostVars(instance: Record<string, unknown>): Record<string, unknown> {
    const vars = camelDictToSnakeDict(plainValue(instance) as Record<string, unknown>, ['Tags']);
    vars['tags'] = tagListToDict(instance['Tags'] as never);
    const placement = vars['placement'] as Record<string, unknown>;
    placement['region'] = String(placement['availability_zone']).slice(0, -1);
    if (this.cfg.use_contrib_script_compatible_ec2_tag_keys) for (const [k, v] of Object.entries(vars['tags'] as object)) vars[`ec2_tag_${k}`] = v;
    const pre = this.cfg.hostvars_prefix ?? '';
    const suf = this.cfg.hostvars_suffix ?? '';
    if (!pre && !suf) return vars;
    return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${pre}${k}${suf}`, v]));
  }
}

/** The regions to query: `regions`, else every region DescribeRegions lists. */
async function regionsOf(cfg: Ec2InventoryConfig, conn: AwsConnectionArgs): Promise<string[]> {
  if (cfg.regions.length) return cfg.regions;
  const base = resolveConnection({ ...conn, region: conn.region ?? 'us-east-1' }, { env: {} }, 'ec2', NAME);
  const ec2 = await awsClientFor('ec2', base);
  const { DescribeRegionsCommand } = await ec2Sdk();
  const r = await ec2.send(new DescribeRegionsCommand({}));
  ec2.destroy();
  const list = (r.Regions ?? []).map((x) => x.RegionName!);
  if (!list.length) throw new InventoryParseError("Unable to get regions list from available methods, you must specify the 'regions' option to continue.");
  return list;
}

/** _get_instances_by_region for one filter set. */
async function describe(clients: EC2Client[], filters: Record<string, unknown>, strictPermissions: boolean): Promise<Record<string, unknown>[]> {
  const list = filterList(filters);
  if (!list.some((f) => f.Name === 'instance-state-name')) list.push({ Name: 'instance-state-name', Values: DEFAULT_STATES });
  const { DescribeInstancesCommand } = await ec2Sdk();
  const out: Record<string, unknown>[] = [];
  for (const ec2 of clients) {
    try {
      let NextToken: string | undefined;
      do {
        const r = await ec2.send(new DescribeInstancesCommand({ Filters: list, ...(NextToken ? { NextToken } : {}) }));
        for (const res of (r.Reservations ?? []) as Reservation[]) {
          const extra = { OwnerId: res.OwnerId, RequesterId: res.RequesterId ?? '', ReservationId: res.ReservationId };
          for (const i of (res.Instances ?? []) as Instance[]) out.push({ ...i, ...extra });
        }
        NextToken = r.NextToken;
      } while (NextToken);
    } catch (e) {
      const info = awsErrorInfo(e, 'DescribeInstances');
      if (info?.code === 'UnauthorizedOperation' && !strictPermissions) continue;
      throw new InventoryParseError(`Failed to describe instances: ${info ? botocoreText(info) : e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

export const awsEc2Inventory: InventoryPlugin = {
  name: 'aws_ec2',
  aliases: [NAME],
  verifyFile: (path) => (path.endsWith('aws_ec2.yml') || path.endsWith('aws_ec2.yaml')) && existsSync(path),
  async parse(path, builder, ctx: InventoryPluginContext) {
    const cfg = checkConfig(ctx.loadYamlFile(path), path, ctx);
    const conn: AwsConnectionArgs = {
      region: cfg.region ?? null, access_key: cfg.access_key ?? null, secret_key: cfg.secret_key ?? null, session_token: cfg.session_token ?? null,
      profile: cfg.profile ?? null, endpoint_url: cfg.endpoint_url ?? null, validate_certs: cfg.validate_certs, aws_ca_bundle: cfg.aws_ca_bundle ?? null,
    };
    const clients: EC2Client[] = [];
    try {
      for (const region of await regionsOf(cfg, conn)) clients.push(await awsClientFor('ec2', resolveConnection({ ...conn, region }, { env: {} }, 'ec2', NAME)));
      // build_include_filters, then _query: excluded IDs first, the includes deduplicated, sorted by ID.
      const includes = Object.keys(cfg.filters).length ? [cfg.filters, ...cfg.include_filters] : cfg.include_filters.length ? cfg.include_filters : [{}];
      const ignore = new Set<string>();
      for (const f of cfg.exclude_filters) for (const i of await describe(clients, f, cfg.strict_permissions)) ignore.add(String(i['InstanceId']));
      const instances: Record<string, unknown>[] = [];
      for (const f of includes) {
        for (const i of await describe(clients, f, cfg.strict_permissions)) {
          const id = String(i['InstanceId']);
          if (ignore.has(id)) continue;
          instances.push(i);
          ignore.add(id);
        }
      }
      instances.sort((a, b) => (String(a['InstanceId']) < String(b['InstanceId']) ? -1 : String(a['InstanceId']) > String(b['InstanceId']) ? 1 : 0));
      const inv = new Ec2Inventory(cfg);
      const group = builder.addGroup('aws_ec2');
      for (const instance of instances) {
        const names = cfg.allow_duplicated_hosts ? inv.all(instance, cfg.hostnames) : [inv.preferred(instance, cfg.hostnames)];
        if (!names.length || names[0] === undefined) continue;
        const vars = inv.hostVars(instance);
        for (const name of names as string[]) {
          builder.addHost(name, group);
          for (const [k, v] of Object.entries(vars)) builder.setVariable(name, k, v);
          ctx.construct(name, vars, { compose: cfg.compose, groups: cfg.groups, keyed_groups: cfg.keyed_groups, strict: cfg.strict, leading_separator: cfg.leading_separator, sanitize: inv.sanitize });
        }
      }
      builder.addChild('all', group);
    } catch (e) {
      if (e instanceof InventoryParseError) throw e;
      const info = awsErrorInfo(e, 'DescribeInstances');
      throw new InventoryParseError(info ? `Failed to describe instances: ${botocoreText(info)}` : e instanceof Error ? e.message : String(e));
    } finally {
      for (const c of clients) c.destroy();
    }
  },
};
