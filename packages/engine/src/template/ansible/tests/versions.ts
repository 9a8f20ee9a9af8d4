/**
 * Version classes as ansible-core compares them: LooseVersion and StrictVersion
 * (module_utils/compat/version.py), SemanticVersion (utils/version.py) and a PEP 440 subset.
 */
import { filterError } from '../util.js';

/** A comparable component list; `cmp` may throw Python's TypeError text. */
export interface Version {
  cmp(other: Version): number;
  eq?(other: Version): boolean;
}

function cmpAtoms(a: number | string, b: number | string): number {
  if (typeof a !== typeof b) throw new TypeError(`'<' not supported between instances of '${typeof a === 'number' ? 'int' : 'str'}' and '${typeof b === 'number' ? 'int' : 'str'}'`);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python list/tuple ordering. */
function cmpLists(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    return cmpAtoms(a[i]!, b[i]!);
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

export class LooseVersion implements Version {
  readonly parts: (number | string)[];
  constructor(v: string) {
    this.parts = v
      .split(/(\d+|[a-z]+|\.)/)
      .filter((x) => x && x !== '.')
      .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  }
  eq(other: Version): boolean {
    const o = (other as LooseVersion).parts;
    return o.length === this.parts.length && o.every((x, i) => x === this.parts[i]);
  }
  cmp(other: Version): number {
    if (this.eq(other)) return 0;
    return cmpLists(this.parts, (other as LooseVersion).parts);
  }
}

export class StrictVersion implements Version {
  readonly version: number[];
  readonly pre: [string, number] | null;
  constructor(v: string) {
    const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(v);
    if (!m) throw new RangeError(`invalid version number '${v}'`);
    this.version = [Number(m[1]), Number(m[2]), m[4] ? Number(m[4]) : 0];
    this.pre = m[5] ? [m[5][0]!, Number(m[6])] : null;
  }
  cmp(other: Version): number {
    const o = other as StrictVersion;
    const c = cmpLists(this.version, o.version);
    if (c !== 0) return c;
    if (!this.pre && !o.pre) return 0;
    if (this.pre && !o.pre) return -1;
    if (!this.pre && o.pre) return 1;
    return cmpLists(this.pre!, o.pre!);
  }
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export class SemanticVersion implements Version {
  readonly core: number[];
  readonly pre: (number | string)[];
  constructor(v: string) {
    const m = SEMVER.exec(v);
    if (!m) throw new RangeError(`invalid semantic version '${v}'`);
    this.core = [Number(m[1]), Number(m[2]), Number(m[3])];
    this.pre = m[4] ? m[4].split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : [];
  }
  cmp(other: Version): number {
    const o = other as SemanticVersion;
    const c = cmpLists(this.core, o.core);
    if (c !== 0) return c;
    if (!this.pre.length && !o.pre.length) return 0;
    if (this.pre.length && !o.pre.length) return -1;
    if (!this.pre.length && o.pre.length) return 1;
    // _Numeric sorts before _Alpha, so mixed components never raise here.
    for (let i = 0; i < Math.min(this.pre.length, o.pre.length); i++) {
      const [a, b] = [this.pre[i]!, o.pre[i]!];
      if (a === b) continue;
      if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
      return a < b ? -1 : 1;
    }
    return Math.sign(this.pre.length - o.pre.length);
  }
}

const OPS: Record<string, string> = { '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne' };
const TYPES = ['loose', 'strict', 'semver', 'semantic', 'pep440'];

function make(type: string, v: string): Version {
  if (type === 'strict') return new StrictVersion(v);
  if (type === 'semver' || type === 'semantic') return new SemanticVersion(v);
  if (type === 'pep440') return new Pep440Version(v);
  return new LooseVersion(v);
}

export function versionCompare(value: string, version: string, operator: string, strict: unknown, versionType: string | null): boolean {
  if (strict !== null && strict !== undefined && versionType !== null) throw filterError("Cannot specify both 'strict' and 'version_type'");
  if (!value) throw filterError('Input version value cannot be empty');
  if (!version) throw filterError('Version parameter to compare against cannot be empty');
  let type = 'loose';
  if (strict) type = 'strict';
  else if (versionType) {
    if (!TYPES.includes(versionType)) throw filterError(`Invalid version type (${versionType}). Must be one of ${TYPES.map((t) => `'${t}'`).join(', ')}`);
    type = versionType;
  }
  const op = OPS[operator];
  if (!Object.hasOwn(OPS, operator) || !op) throw filterError(`Invalid operator type (${operator}). Must be one of ${Object.keys(OPS).map((o) => `'${o}'`).join(', ')}`);
  try {
    const a = make(type, value);
    const b = make(type, version);
    if ((op === 'eq' || op === 'ne') && a.eq) return a.eq(b) === (op === 'eq');
    const c = a.cmp(b);
    return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[op as 'eq']!;
  } catch (e) {
    throw filterError(`Version comparison failed: ${(e as Error).message}`);
  }
}

/** packaging.version.Version: epoch, release, pre, post, dev (local labels compared as text). */
export class Pep440Version implements Version {
  readonly key: (number | string)[][];
  constructor(v: string) {
    const m = /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i.exec(v);
    if (!m) throw new RangeError(`Invalid version: '${v}'`);
    const release = m[2]!.split('.').map(Number);
    while (release.length > 1 && release[release.length - 1] === 0) release.pop();
    const preLetter = m[3] ? ({ alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' } as Record<string, string>)[m[3].toLowerCase()] ?? m[3].toLowerCase() : null;
    const post = m[5] !== undefined ? Number(m[5]) : m[6] ? Number(m[7] ?? 0) : null;
    const dev = m[8] ? Number(m[9] ?? 0) : null;
    // packaging's _cmpkey: pre sorts dev-only releases first and final releases last.
    const pre = preLetter === null ? (post === null && dev !== null ? [-Infinity] : [Infinity]) : [['a', 'b', 'rc'].indexOf(preLetter), Number(m[4] ?? 0)];
    this.key = [[Number(m[1] ?? 0)], release, pre, post === null ? [-Infinity] : [post], dev === null ? [Infinity] : [dev], [m[10] ? m[10].toLowerCase() : '']];
  }
  cmp(other: Version): number {
    const o = (other as Pep440Version).key;
    for (let i = 0; i < this.key.length; i++) {
      const c = cmpLists(this.key[i]!, o[i]!);
      if (c !== 0) return c;
    }
    return 0;
  }
}
