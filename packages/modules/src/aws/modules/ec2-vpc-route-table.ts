/**
 * amazon.aws.ec2_vpc_route_table (collection 7.6): a route table found by tags (lookup: tag, the
 * default) or by id; routes (exact match, replace on the same destination, purge of created
 * routes), subnet associations (by id, CIDR or Name tag; purge_subnets), tags; absent deletes it.
 * Edge associations (gateway_id) and VGW propagation are refused as not supported yet.
 */
import { ModuleFailure, Unknown, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import type { EC2Client, Route, RouteTable, Subnet } from '@aws-sdk/client-ec2';
import { awsSend } from '../call.js';
import { awsClient, ec2Sdk } from '../clients.js';
import type { AwsConnectionArgs } from '../connection.js';
import { defineAwsModule } from '../define-aws-module.js';
import { resourceDiff } from '../diff.js';
import { applyEc2Tags, filterList } from '../ec2-tags.js';
import { pyRepr } from '../py-repr.js';
import { camelDictToSnakeDict, plainValue } from '../snake.js';
import { applyTagChanges, compareEc2Tags, tagArgs, tagChangesEmpty, tagListToDict, tagSpecifications, type TagChanges, type TagDict } from '../tags.js';
import { isIpv4Cidr, isIpv6Cidr } from '../cidr.js';

const NAME = 'amazon.aws.ec2_vpc_route_table';

interface RouteArg {
  dest: string;
  [target: string]: unknown;
}

interface RtArgs extends AwsConnectionArgs {
  lookup: 'tag' | 'id';
  propagating_vgw_ids?: string[] | null;
  purge_routes: boolean;
  purge_subnets: boolean;
  purge_tags: boolean;
  route_table_id?: string | null;
  routes: RouteArg[];
  state: 'present' | 'absent';
  subnets?: string[] | null;
  tags?: Record<string, unknown> | null;
  vpc_id?: string | null;
  gateway_id?: string | null;
}

type RouteSpec = Record<string, string>;

interface RtActions {
  args: RtArgs;
  routeTableId?: string;
  create?: boolean;
  deleteRoutes: string[];
  replaceRoutes: RouteSpec[];
  createRoutes: RouteSpec[];
  tags?: TagChanges;
  /** Association IDs to drop (moving a subnet here, or purging), then subnets to associate. */
  disassociate: string[];
  associate: string[];
  delete?: boolean;
}

async function describeTables(ec2: EC2Client, ctx: ModuleContext, input: { RouteTableIds?: string[]; Filters?: { Name: string; Values: string[] }[] }): Promise<RouteTable[]> {
  const { DescribeRouteTablesCommand } = await ec2Sdk();
  const r = await awsSend<{ RouteTables?: RouteTable[] } | undefined>(ec2, new DescribeRouteTablesCommand(input), { what: "Couldn't get route table", absentCodes: ['InvalidRouteTableID.NotFound'], signal: ctx.signal });
  return r?.RouteTables ?? [];
}

async function findTable(ec2: EC2Client, ctx: ModuleContext, args: RtArgs): Promise<RouteTable | undefined> {
  if (args.lookup === 'id') return (await describeTables(ec2, ctx, { RouteTableIds: [args.route_table_id!] }))[0];
  if (args.tags == null) return undefined;
  const want = Object.fromEntries(Object.entries(args.tags).map(([k, v]) => [k, v]));
  const matches = (await describeTables(ec2, ctx, { Filters: filterList({ 'vpc-id': args.vpc_id ?? '' }) })).filter((t) => {
    const tags = tagListToDict(t.Tags);
    return Object.entries(want).every(([k, v]) => k in tags && tags[k] === v);
  });
  if (matches.length > 1) throw new ModuleFailure('Tags provided do not identify a unique route table');
  return matches[0];
}

async function findIgw(ec2: EC2Client, ctx: ModuleContext, vpcId: string): Promise<string> {
  const { DescribeInternetGatewaysCommand } = await ec2Sdk();
  const r = await awsSend<{ InternetGateways?: { InternetGatewayId?: string }[] }>(ec2, new DescribeInternetGatewaysCommand({ Filters: filterList({ 'attachment.vpc-id': vpcId }) }), { what: `No IGW found for VPC ${vpcId}`, signal: ctx.signal });
  const igws = r.InternetGateways ?? [];
  if (igws.length === 1) return igws[0]!.InternetGatewayId!;
  throw new ModuleFailure(igws.length === 0 ? `No IGWs found for VPC ${vpcId}` : `Multiple IGWs found for VPC ${vpcId}`);
}

const snakeToCamel = (k: string): string => k.split('_').map((x) => (x ? x[0]!.toUpperCase() + x.slice(1) : '_')).join('');

/** create_route_spec */
async function routeSpecs(ec2: EC2Client, ctx: ModuleContext, args: RtArgs): Promise<RouteSpec[]> {
  const out: RouteSpec[] = [];
  for (const raw of args.routes) {
    const spec: Record<string, unknown> = { ...raw };
    const dest = String(spec['dest']);
    delete spec['dest'];
    if (isIpv4Cidr(dest)) spec['destination_cidr_block'] = dest;
    else if (isIpv6Cidr(dest)) spec['destination_ipv6_cidr_block'] = dest;
    else throw new ModuleFailure(`'${dest}' does not appear to be an IPv4 or IPv6 network`);
    const gw = spec['gateway_id'];
    if (typeof gw === 'string' && gw.toLowerCase() === 'igw') spec['gateway_id'] = await findIgw(ec2, ctx, args.vpc_id!);
    const g = spec['gateway_id'];
    if (typeof g === 'string' && g.startsWith('nat-')) { spec['nat_gateway_id'] = g; delete spec['gateway_id']; }
    if (typeof g === 'string' && g.startsWith('cagw-')) { spec['carrier_gateway_id'] = g; delete spec['gateway_id']; }
    out.push(Object.fromEntries(Object.entries(spec).map(([k, v]) => [snakeToCamel(k), String(v)])));
  }
  return out;
}

const specMatches = (spec: RouteSpec, route: Route): boolean => Object.entries(spec).every(([k, v]) => (route as Record<string, unknown>)[k] === v);
const sameCidr = (spec: RouteSpec, route: Route): boolean =>
  spec['DestinationCidrBlock'] && route.DestinationCidrBlock ? spec['DestinationCidrBlock'] === route.DestinationCidrBlock
    : spec['DestinationIpv6CidrBlock'] && route.DestinationIpv6CidrBlock ? spec['DestinationIpv6CidrBlock'] === route.DestinationIpv6CidrBlock : false;

/** find_subnets: ids, CIDRs and Name tags. */
async function findSubnets(ec2: EC2Client, ctx: ModuleContext, vpcId: string, wanted: string[]): Promise<Subnet[]> {
  const { DescribeSubnetsCommand } = await ec2Sdk();
  const ids = wanted.filter((s) => /^subnet-[A-z0-9]+$/.test(s));
  const cidrs = wanted.filter((s) => !ids.includes(s) && /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(s));
  const names = wanted.filter((s) => !ids.includes(s) && !cidrs.includes(s));
  const q = async (input: object, what: string) => (await awsSend<{ Subnets?: Subnet[] }>(ec2, new DescribeSubnetsCommand(input), { what, signal: ctx.signal })).Subnets ?? [];
  const byId = ids.length ? await q({ SubnetIds: ids, Filters: filterList({ 'vpc-id': vpcId }) }, `Couldn't find subnet with id ${pyRepr(ids)}`) : [];
  const byCidr = cidrs.length ? await q({ Filters: filterList({ 'vpc-id': vpcId, cidr: cidrs }) }, `Couldn't find subnet with cidr ${pyRepr(cidrs)}`) : [];
  const byName = names.length ? await q({ Filters: filterList({ 'vpc-id': vpcId, 'tag:Name': names }) }, `Couldn't find subnet with names ${pyRepr(names)}`) : [];
  for (const name of names) {
    const n = byName.filter((s) => tagListToDict(s.Tags)['Name'] === name).length;
    if (n === 0) throw new ModuleFailure(`Subnet named "${name}" does not exist`);
    if (n > 1) throw new ModuleFailure(`Multiple subnets named "${name}"`);
  }
  return [...byId, ...byCidr, ...byName];
}

/** get_route_table_info */
function tableResult(t: RouteTable): Record<string, unknown> {
  const { $metadata: _m, ...raw } = plainValue(t) as Record<string, unknown>;
  const out = camelDictToSnakeDict({ ...raw, Tags: tagListToDict(t.Tags) }, ['Tags']);
  out['id'] = out['route_table_id'];
  return out;
}

const routeView = (r: { DestinationCidrBlock?: string | undefined; DestinationIpv6CidrBlock?: string | undefined } & Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== undefined && !['Origin', 'State'].includes(k)).sort(([a], [b]) => a.localeCompare(b)));
function view(id: unknown, routes: Record<string, unknown>[], subnets: string[], tags: TagDict): Record<string, unknown> {
  return { id, routes: routes.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as unknown), subnets: [...subnets].sort(), tags };
}
const subnetIdsOf = (t: RouteTable): string[] => (t.Associations ?? []).filter((a) => !a.Main && a.SubnetId).map((a) => a.SubnetId!);

export default defineAwsModule<RtArgs, RtActions>({
  name: NAME,
  aliases: ['ec2_vpc_route_table', 'community.aws.ec2_vpc_route_table'],
  doc: { short: 'Manage route tables for AWS Virtual Private Clouds' },
  options: {
    lookup: { type: 'string', enum: ['tag', 'id'], default: 'tag', description: 'Find the table by its tags or by route_table_id.' },
    propagating_vgw_ids: { type: ['array', 'null'], items: { type: 'string' }, 'x-unsupported': 'VGW route propagation is not implemented yet', description: 'VGWs to propagate routes from.' },
    purge_routes: { type: 'boolean', default: true, description: 'Delete created routes not listed in routes.' },
    purge_subnets: { type: 'boolean', default: true, description: 'Disassociate subnets not listed in subnets.' },
    purge_tags: { type: 'boolean', default: true, description: 'Remove tags not listed in tags.' },
    route_table_id: { type: ['string', 'null'], description: 'The route table ID (lookup: id).' },
    routes: { type: 'array', default: [], items: { type: 'object', required: ['dest'], properties: { dest: { type: 'string' } } }, description: 'Routes: dest plus gateway_id (igw for the VPC\'s gateway), instance_id, network_interface_id, vpc_peering_connection_id, nat_gateway_id, transit_gateway_id.' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the route table exists.' },
    subnets: { type: ['array', 'null'], items: { type: 'string' }, description: 'Subnets to associate: IDs, CIDRs or Name tags.' },
    tags: tagArgs['tags']!,
    vpc_id: { type: ['string', 'null'], description: 'The VPC of the route table.' },
    gateway_id: { type: ['string', 'null'], 'x-unsupported': 'edge associations are not implemented yet', description: 'Gateway to associate with the table (edge association).' },
  },
  relations: { 'x-required-if': [['lookup', 'id', ['route_table_id'], false], ['lookup', 'tag', ['vpc_id'], false], ['state', 'present', ['vpc_id'], false]] },
  returns: {
    route_table: { description: 'Route Table result (id, route_table_id, vpc_id, routes, associations, propagating_vgws, tags, owner_id)', returned: 'always', type: 'complex' },
  },
  capabilities: { check: 'full', diff: 'full' },
  kind: 'route table',
  unknownResult: (args) => ({ route_table: { id: Unknown, route_table_id: Unknown, vpc_id: Unknown, tags: args.tags ?? {} } }),

  async plan(args, ctx): Promise<Plan<RtActions>> {
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const base: RtActions = { args, deleteRoutes: [], replaceRoutes: [], createRoutes: [], disassociate: [], associate: [] };
    if (args.state === 'absent') {
      const table = await findTable(ec2, ctx, args);
      if (!table) return { changed: false, result: {} };
      // ensure_subnet_associations(subnets=[]) then disassociate_gateway, as the collection.
      const subnetAssoc = args.purge_subnets ? (table.Associations ?? []).filter((a) => !a.Main && a.SubnetId) : [];
      const gatewayAssoc = (table.Associations ?? []).filter((a) => !a.Main && a.GatewayId && ['associated', 'associating'].includes(a.AssociationState?.State ?? ''));
      const assoc = [...subnetAssoc, ...gatewayAssoc].map((a) => a.RouteTableAssociationId!);
      const before = view(table.RouteTableId, (table.Routes ?? []).map((r) => routeView(r as Record<string, unknown>)), subnetIdsOf(table), tagListToDict(table.Tags));
      return { changed: true, actions: { ...base, routeTableId: table.RouteTableId!, disassociate: assoc, delete: true }, diff: resourceDiff('route table', table.RouteTableId, before, undefined), result: {} };
    }
    const specs = await routeSpecs(ec2, ctx, args);
    const table = await findTable(ec2, ctx, args);
    const pool = table ? [...(table.Routes ?? [])] : [];
    const toCreate: RouteSpec[] = [];
    const toReplace: RouteSpec[] = [];
    for (const spec of specs) {
      let idx = -1;
      let kind: 'exact' | 'replace' | undefined;
      for (let i = 0; i < pool.length; i++) {
        const r = pool[i]!;
        if (specMatches(spec, r)) { idx = i; kind = 'exact'; break; }
        if (r.Origin !== undefined && r.Origin !== 'EnableVgwRoutePropagation' && sameCidr(spec, r)) { idx = i; kind = 'replace'; break; }
      }
      if (idx < 0) {
        if (spec['DestinationCidrBlock'] || spec['DestinationIpv6CidrBlock']) toCreate.push(spec);
        else ctx.log.warn(`Skipping creating ${pyRepr(spec)} because it has no destination cidr block. To add VPC endpoints to route tables use the ec2_vpc_endpoint module.`);
        continue;
      }
      if (kind === 'replace') {
        if (spec['DestinationCidrBlock']) toReplace.push(spec);
        else ctx.log.warn(`Skipping recreating route ${pyRepr(spec)} because it has no destination cidr block.`);
      }
      pool.splice(idx, 1);
    }
    const toDelete = args.purge_routes ? pool.filter((r) => r.DestinationCidrBlock && r.Origin === 'CreateRoute').map((r) => r.DestinationCidrBlock!) : [];
    const tagsNow = tagListToDict(table?.Tags);
    const tagChanges = table ? compareEc2Tags(tagsNow, args.tags, args.purge_tags) : { set: {}, unset: [] };
    const actions: RtActions = { ...base, deleteRoutes: toDelete, replaceRoutes: toReplace, createRoutes: toCreate, ...(table ? { routeTableId: table.RouteTableId! } : { create: true }), ...(tagChangesEmpty(tagChanges) ? {} : { tags: tagChanges }) };
    // Subnet associations: a subnet attached to another table moves here; purge drops the rest.
    let subnetsAfter = table ? subnetIdsOf(table) : [];
    if (args.subnets != null) {
      const wanted = await findSubnets(ec2, ctx, args.vpc_id!, args.subnets);
      const keep: string[] = [];
      for (const s of wanted) {
        const owners = await describeTables(ec2, ctx, { Filters: filterList({ 'association.subnet-id': s.SubnetId!, 'vpc-id': args.vpc_id! }) });
        let here = false;
        for (const t of owners) {
          for (const a of t.Associations ?? []) {
            if (a.Main || a.SubnetId !== s.SubnetId) continue;
            if (table && t.RouteTableId === table.RouteTableId) { here = true; keep.push(a.RouteTableAssociationId!); }
            else actions.disassociate.push(a.RouteTableAssociationId!);
          }
        }
        if (!here) actions.associate.push(s.SubnetId!);
      }
      if (args.purge_subnets && table) {
        for (const a of table.Associations ?? []) if (!a.Main && a.SubnetId && !keep.includes(a.RouteTableAssociationId!)) actions.disassociate.push(a.RouteTableAssociationId!);
      }
      subnetsAfter = args.purge_subnets ? wanted.map((s) => s.SubnetId!) : [...new Set([...subnetsAfter, ...wanted.map((s) => s.SubnetId!)])];
    }
    const changed = !table || [toDelete, toReplace, toCreate, actions.disassociate, actions.associate].some((l) => l.length > 0) || actions.tags !== undefined;
    const tagsAfter = table ? applyTagChanges(tagsNow, tagChanges) : applyTagChanges({}, compareEc2Tags({}, args.tags ?? {}, false));
    const keptRoutes = (table?.Routes ?? []).filter((r) => !toDelete.includes(r.DestinationCidrBlock ?? '') && !toReplace.some((s) => sameCidr(s, r)));
    const routesAfter = [...keptRoutes.map((r) => routeView(r as Record<string, unknown>)), ...[...toReplace, ...toCreate].map((s) => routeView(s))];
    // A new table starts with the VPC's local route.
    if (!table) routesAfter.unshift({ DestinationCidrBlock: Unknown, GatewayId: 'local' });
    return {
      changed,
      actions,
      diff: resourceDiff('route table', table?.RouteTableId, table ? view(table.RouteTableId, (table.Routes ?? []).map((r) => routeView(r as Record<string, unknown>)), subnetIdsOf(table), tagsNow) : undefined, view(table?.RouteTableId ?? Unknown, routesAfter, subnetsAfter, tagsAfter)),
      result: { route_table: table ? tableResult({ ...table, Tags: Object.entries(tagsAfter).map(([Key, Value]) => ({ Key, Value })) }) : { id: Unknown, route_table_id: Unknown, vpc_id: args.vpc_id, tags: tagsAfter } },
    };
  },

  async apply(plan, ctx): Promise<ModuleResult> {
    const a = plan.actions!;
    const args = a.args;
    const ec2 = await awsClient('ec2', args, ctx, NAME);
    const sdk = await ec2Sdk();
    const retry = ['InvalidRouteTableID.NotFound'];
    const send = (cmd: object, what: string) => awsSend(ec2, cmd, { what, retryCodes: retry, signal: ctx.signal });
    if (a.delete) {
      for (const id of a.disassociate) await send(new sdk.DisassociateRouteTableCommand({ AssociationId: id }), "Couldn't disassociate subnet from route table");
      await send(new sdk.DeleteRouteTableCommand({ RouteTableId: a.routeTableId! }), 'Error deleting route table');
      return { changed: true };
    }
    let id = a.routeTableId;
    if (a.create) {
      const r = await awsSend<{ RouteTable?: RouteTable }>(ec2, new sdk.CreateRouteTableCommand({
        VpcId: args.vpc_id!, ...(args.tags && Object.keys(args.tags).length ? { TagSpecifications: tagSpecifications(args.tags, 'route-table') as never } : {}),
      }), { what: 'Error creating route table', signal: ctx.signal });
      id = r.RouteTable!.RouteTableId!;
    }
    for (const cidr of a.deleteRoutes) await send(new sdk.DeleteRouteCommand({ RouteTableId: id!, DestinationCidrBlock: cidr }), "Couldn't delete route");
    for (const spec of a.replaceRoutes) await send(new sdk.ReplaceRouteCommand({ RouteTableId: id!, ...spec }), "Couldn't recreate route");
    for (const spec of a.createRoutes) await send(new sdk.CreateRouteCommand({ RouteTableId: id!, ...spec }), "Couldn't create route");
    if (a.tags) await applyEc2Tags(ec2, id!, a.tags, ctx, retry);
    else if (a.create && args.tags) {
      const now = (await describeTables(ec2, ctx, { RouteTableIds: [id!] }))[0];
      const c = compareEc2Tags(tagListToDict(now?.Tags), args.tags, args.purge_tags);
      if (!tagChangesEmpty(c)) await applyEc2Tags(ec2, id!, c, ctx, retry);
    }
    for (const assoc of a.disassociate) await send(new sdk.DisassociateRouteTableCommand({ AssociationId: assoc }), "Couldn't disassociate subnet from route table");
    for (const subnet of a.associate) await send(new sdk.AssociateRouteTableCommand({ RouteTableId: id!, SubnetId: subnet }), "Couldn't associate subnet with route table");
    const final = (await describeTables(ec2, ctx, { RouteTableIds: [id!] }))[0];
    if (!final) throw new ModuleFailure(`route table ${id} disappeared`);
    return { changed: true, route_table: tableResult(final) };
  },
});
