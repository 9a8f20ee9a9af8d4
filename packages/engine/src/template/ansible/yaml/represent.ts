/**
 * Python values to YAML nodes, as PyYAML's SafeRepresenter + Resolver + Serializer build them for
 * Ansible's dumper: sorted keys, `null`/`true`, float repr, and `&id001` anchors for a list or
 * dict that appears twice.
 */
import { floatRepr, isDict, PyFloat, pyTypeName } from '../../../values/py.js';
import { isUnsafe } from '../../../values/unsafe.js';
import { pyStrCompare } from '../filters/py-json.js';
import { asDict, filterError } from '../util.js';
import { LazyMapping } from '../../lazy-mapping.js';
import { JUndefined } from '../../runtime-values.js';
import { PyDate, PyDatetime } from '../py-datetime.js';

export type YNode =
  | { kind: 'scalar'; value: string; plainImplicit: boolean; quotedImplicit: boolean; anchor?: string }
  | { kind: 'seq'; items: YNode[]; flow: boolean; anchor?: string }
  | { kind: 'map'; pairs: [YNode, YNode][]; flow: boolean; anchor?: string }
  | { kind: 'alias'; anchor: string };

/** YAML 1.1 implicit resolvers of PyYAML, keyed as they are by what a plain scalar looks like. */
const RESOLVERS: RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/,
  /^(?:<<)\n?$/,
  /^(?:~|null|Null|NULL|)\n?$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/,
  /^(?:=)\n?$/,
];

/** True when a plain scalar with this text would load back as a str (so it may stay plain). */
export function resolvesToStr(text: string): boolean {
  return !RESOLVERS.some((r) => r.test(text));
}

export interface RepresentOptions {
  /** default_flow_style: null = flow only for collections of plain scalars. */
  flowStyle: boolean | null;
  /** sort_keys (PyYAML's default: true). */
  sortKeys?: boolean;
}

const MAX_DEPTH = 500;

export function represent(value: unknown, opts: RepresentOptions): YNode {
  const nodes = new Map<object, YNode>();
  const rep = (v: unknown, depth: number): YNode => {
    if (depth > MAX_DEPTH) throw filterError('maximum recursion depth exceeded while representing YAML');
    if (v instanceof JUndefined) v.fail();
    if (v instanceof LazyMapping) v = asDict(v);
    if (v === null || v === undefined) return scalar('null', true);
    if (typeof v === 'boolean') return scalar(v ? 'true' : 'false', true);
    if (typeof v === 'number') return scalar(String(v), true);
    if (v instanceof PyFloat) return scalar(yamlFloat(v.value), true);
    if (typeof v === 'string') return scalar(v, resolvesToStr(v), true);
    if (isUnsafe(v)) return scalar(v.value, resolvesToStr(v.value), true);
    if (Array.isArray(v) || isDict(v)) {
      const known = nodes.get(v);
      if (known) return known;
      const node: YNode = Array.isArray(v) ? { kind: 'seq', items: [], flow: false } : { kind: 'map', pairs: [], flow: false };
      nodes.set(v, node);
      if (node.kind === 'seq') node.items.push(...(v as unknown[]).map((x) => rep(x, depth + 1)));
      else {
        const keys = opts.sortKeys === false ? Object.keys(v) : Object.keys(v).sort(pyStrCompare);
        for (const k of keys) node.pairs.push([rep(k, depth + 1), rep((v as Record<string, unknown>)[k], depth + 1)]);
      }
      node.flow = opts.flowStyle ?? bestFlow(node);
      return node;
    }
    // SafeRepresenter writes dates and datetimes as plain timestamps (which load back as such).
    if (v instanceof PyDatetime) return scalar(v.isoformat(' '), true);
    if (v instanceof PyDate) return scalar(v.isoformat(), true);
    throw filterError(`cannot represent an object: ${pyTypeName(v)}`);
  };
  const root = rep(value, 0);
  assignAnchors(root);
  return root;
}

/** A str is implicit in any style; other tags (null, bool, int, float, timestamp) only when plain. */
function scalar(value: string, plainImplicit: boolean, isStr = false): YNode {
  return { kind: 'scalar', value, plainImplicit, quotedImplicit: isStr };
}

/** Flow style only when every member is a scalar that has no forced style (PyYAML's best_style). */
function bestFlow(node: YNode): boolean {
  const kids = node.kind === 'seq' ? node.items : node.kind === 'map' ? node.pairs.flat() : [];
  return kids.every((k) => k.kind === 'scalar');
}

/** SafeRepresenter.represent_float. */
function yamlFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  let s = floatRepr(n).toLowerCase();
  if (!s.includes('.') && s.includes('e')) s = s.replace('e', '.0e');
  return s;
}

/** Serializer.anchor_node: a collection met twice gets `idNNN`, numbered at its second sighting. */
function assignAnchors(root: YNode): void {
  const seen = new Map<YNode, boolean>();
  let counter = 0;
  const visit = (n: YNode): void => {
    if (n.kind === 'scalar' || n.kind === 'alias') return;
    if (seen.has(n)) {
      if (n.anchor === undefined) n.anchor = `id${String(++counter).padStart(3, '0')}`;
      return;
    }
    seen.set(n, true);
    if (n.kind === 'seq') n.items.forEach(visit);
    else for (const [k, v] of n.pairs) (visit(k), visit(v));
  };
  visit(root);
}
