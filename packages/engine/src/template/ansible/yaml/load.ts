/**
 * from_yaml: PyYAML's SafeLoader (YAML 1.1) on top of the `yaml` package. PyYAML's implicit
 * resolvers are narrower than the `yaml-1.1` schema (`y`, `1e3` and `0o7` are strings there), so the
 * scalar tags are replaced by PyYAML's own patterns and constructors.
 */
import { parseAllDocuments, type Document, type ScalarTag, type Tags } from 'yaml';
import { isDict, PyFloat } from '../../../values/py.js';
import { filterError, setKey, dictKey } from '../util.js';
import { PyDate, PyDatetime } from '../py-datetime.js';

const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** SafeConstructor.construct_yaml_int. */
function constructInt(src: string): number {
  let v = src.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1;
    v = v.slice(1);
  }
  if (v === '0') return 0;
  if (v.startsWith('0b')) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith('0x')) return sign * parseInt(v.slice(2), 16);
  if (v[0] === '0') return sign * parseInt(v, 8);
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number(v);
}

/** SafeConstructor.construct_yaml_float. */
function constructFloat(src: string): PyFloat {
  let v = src.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1;
    v = v.slice(1);
  }
  if (v === '.inf') return new PyFloat(sign * Infinity);
  if (v === '.nan') return new PyFloat(NaN);
  if (v.includes(':')) return new PyFloat(sign * sexagesimal(v));
  return new PyFloat(sign * Number(v));
}

/** SafeConstructor.construct_yaml_timestamp; a time zone offset is applied, giving naive UTC. */
function constructTimestamp(src: string): PyDate {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d{1,2})(?::(\d{2}))?))?)?$/.exec(src)!;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) return new PyDate(y, mo, d);
  const micro = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  let ms = Date.UTC(y, mo - 1, d, Number(m[4]), Number(m[5]), Number(m[6]));
  if (m[9]) ms -= (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0)) * 60_000;
  const t = new Date(ms);
  return new PyDatetime(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), micro);
}

const SCALARS: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: /^(?:~|null|Null|NULL)?$/, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL, resolve: (s) => /^(?:yes|true|on)$/i.test(s) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT, resolve: constructInt },
  { tag: 'tag:yaml.org,2002:float', default: true, test: FLOAT, resolve: constructFloat },
  { tag: 'tag:yaml.org,2002:timestamp', default: true, test: TIMESTAMP, resolve: constructTimestamp },
];

function customTags(tags: Tags): Tags {
  const kept = tags.filter((t) => !SCALARS.some((s) => s.tag === (t as ScalarTag).tag));
  return [...SCALARS, ...kept];
}

const OPTIONS = { version: '1.1' as const, schema: 'yaml-1.1', customTags, merge: true, uniqueKeys: false, maxAliasCount: 1000 };

function toValue(doc: Document): unknown {
  if (doc.errors.length > 0) throw filterError(doc.errors[0]!.message);
  return normalize(doc.toJS({ maxAliasCount: 1000, mapAsMap: true }));
}

/** Rebuilds dicts without prototype setters and turns `yaml` package leftovers into model values. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof PyFloat || v instanceof PyDate || v === null || typeof v !== 'object') return v;
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) setKey(out, dictKey(normalize(k)), normalize(x));
    return out;
  }
  if (v instanceof Set) return [...v].map(normalize);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setKey(out, k, normalize(v[k]));
    return out;
  }
  return String(v);
}

export function loadYaml(text: string): unknown {
  const docs = parseAllDocuments(text, OPTIONS as never) as Document[] | { errors: { message: string }[] };
  if (!Array.isArray(docs)) throw filterError(docs.errors[0]?.message ?? 'invalid YAML');
  if (docs.length > 1) throw filterError('expected a single document in the stream\n  but found another document');
  return docs.length === 0 ? null : toValue(docs[0]!);
}

export function loadYamlAll(text: string): unknown[] {
  const docs = parseAllDocuments(text, OPTIONS as never) as Document[] | { errors: { message: string }[] };
  if (!Array.isArray(docs)) throw filterError(docs.errors[0]?.message ?? 'invalid YAML');
  return docs.map(toValue);
}
