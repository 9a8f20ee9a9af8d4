/**
 * YAML as Ansible reads it (PyYAML, YAML 1.1): yes/no/on/off booleans, 0755 octal, `<<` merges,
 * `!unsafe` and `!vault` tags, duplicate keys warned (last one wins). Every map and list keeps
 * its source position, and the positions of its keys/items, for diagnostics.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isAlias, isPair } from 'yaml';
import type { Node as YNode, Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { PyFloat } from '../values/py.js';
import { UnsafeText } from '../values/unsafe.js';
import { VaultText } from '../values/vault-text.js';
import type { Diagnostic } from '../validate/diagnostic.js';

export interface Pos {
  file: string;
  line: number;
  column: number;
}

interface Positions {
  self: Pos;
  keys: Map<string | number, Pos>;
  values: Map<string | number, Pos>;
}

const positions = new WeakMap<object, Positions>();

/** Where a loaded map/list came from, or where one of its keys (or item) is. */
export function positionOf(obj: unknown, key?: string | number): Pos | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const p = positions.get(obj);
  if (!p) return undefined;
  if (key === undefined) return p.self;
  return p.keys.get(key) ?? p.values.get(key) ?? p.self;
}
/** Position of the value under `key` (the scalar itself, not its key). */
export function valuePositionOf(obj: unknown, key: string | number): Pos | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const p = positions.get(obj);
  return p?.values.get(key) ?? p?.keys.get(key) ?? p?.self;
}
/** Copies position info to a derived object (normalised task dicts keep the source's). */
export function copyPosition(from: object, to: object): void {
  const p = positions.get(from);
  if (p) positions.set(to, p);
}
export function setPosition(obj: object, pos: Pos): void {
  positions.set(obj, { self: pos, keys: new Map(), values: new Map() });
}

export interface YamlLoadResult {
  documents: unknown[];
  diagnostics: Diagnostic[];
}

class Converter {
  constructor(
    readonly file: string,
    readonly lc: LineCounter,
    readonly src: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  pos(offset: number | undefined): Pos {
    const { line, col } = this.lc.linePos(offset ?? 0);
    return { file: this.file, line, column: col };
  }

  node(n: YNode | null | undefined, doc: Document): unknown {
    if (n === null || n === undefined) return null;
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (target === undefined) {
        this.diagnostics.push({ code: 'yaml-syntax', severity: 'error', ...this.pos(n.range?.[0]), message: `found undefined alias '${n.source}'`, expected: 'an alias (*name) defined earlier with an anchor (&name)' });
        return null;
      }
      return this.node(target as YNode, doc);
    }
    if (isMap(n)) return this.map(n as YAMLMap, doc);
    if (isSeq(n)) return this.seq(n as YAMLSeq, doc);
    if (isScalar(n)) return this.scalar(n as Scalar);
    return null;
  }

  scalar(n: Scalar): unknown {
    const v = n.value;
    if (v instanceof UnsafeText) return v;
    if (n.tag === '!vault') {
      // Point at the tag, as PyYAML's node start mark does (the value starts after `!vault |`).
      const start = n.range?.[0];
      const tag = start === undefined ? -1 : this.src.lastIndexOf('!vault', start);
      const at = tag >= 0 && !this.src.slice(tag, start).includes('\n') ? tag : start;
      return new VaultText(String(v), this.pos(at));
    }
    if (v instanceof PyFloat) return v;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) {
      // Ansible gets a datetime; its str() is the source text for dates, which is what templates print.
      return n.range ? this.src.slice(n.range[0], n.range[1]).trim() : v.toISOString();
    }
    return v ?? null;
  }

  map(n: YAMLMap, doc: Document): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const p: Positions = { self: this.pos(n.range?.[0]), keys: new Map(), values: new Map() };
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YNode | null;
      if (isScalar(keyNode) && isMergeKey(keyNode)) {
        this.merge(out, p, this.node(pair.value as YNode, doc));
        continue;
      }
      const rawKey = this.node(keyNode, doc);
      const key = keyString(rawKey);
      const kpos = this.pos(keyNode?.range?.[0]);
      if (Object.hasOwn(out, key) && p.keys.has(key)) {
        this.diagnostics.push({
          code: 'yaml-duplicate-key', severity: 'warning', ...kpos,
          message: `found a duplicate dict key (${key}); using last defined value only`,
        });
        delete out[key]; // the later key takes the earlier one's place in Python's dict order
      }
      // defineProperty so that keys such as "__proto__" stay plain data.
      Object.defineProperty(out, key, { value: this.node(pair.value as YNode, doc), enumerable: true, writable: true, configurable: true });
      p.keys.set(key, kpos);
      p.values.set(key, this.pos((pair.value as YNode | null)?.range?.[0] ?? keyNode?.range?.[0]));
    }
    positions.set(out, p);
    return out;
  }

  merge(out: Record<string, unknown>, p: Positions, src: unknown): void {
    const sources = Array.isArray(src) ? src : [src];
    for (const s of sources) {
      if (s === null || typeof s !== 'object' || Array.isArray(s)) continue;
      for (const [k, v] of Object.entries(s)) if (!Object.hasOwn(out, k)) out[k] = v;
      const sp = positions.get(s);
      if (sp) for (const [k, v] of sp.values) if (!p.values.has(k)) p.values.set(k, v);
    }
  }

  seq(n: YAMLSeq, doc: Document): unknown[] {
    const p: Positions = { self: this.pos(n.range?.[0]), keys: new Map(), values: new Map() };
    const out = n.items.map((item, i) => {
      p.values.set(i, this.pos((item as YNode | null)?.range?.[0] ?? n.range?.[0]));
      return this.node(item as YNode, doc);
    });
    positions.set(out, p);
    return out;
  }
}

/** `<<` unquoted: yaml resolves it to a symbol when merge keys are on. */
function isMergeKey(k: Scalar): boolean {
  return typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN');
}

function keyString(k: unknown): string {
  if (k === null) return 'None';
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  return String(k);
}

/**
 * PyYAML's implicit resolvers (resolver.py), which differ from the yaml package's YAML 1.1
 * schema: `y`/`n` stay strings, a float needs a dot (`1e3` is a string), exponents need a sign.
 */
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;

function sexagesimal(s: string, parse: (x: string) => number): number {
  const sign = s.startsWith('-') ? -1 : 1;
  return sign * s.replace(/^[-+]/, '').split(':').reduce((acc, part) => acc * 60 + parse(part), 0);
}

function pyInt(str: string): number {
  const s = str.replace(/_/g, '');
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[-+]/, '');
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  if (body.startsWith('0')) return sign * parseInt(body.slice(1), 8);
  if (body.includes(':')) return sign * sexagesimal(body, (x) => parseInt(x, 10));
  return sign * parseInt(body, 10);
}

function pyFloatValue(str: string): PyFloat {
  const s = str.replace(/_/g, '').toLowerCase();
  if (s.endsWith('.inf')) return new PyFloat(s.startsWith('-') ? -Infinity : Infinity);
  if (s === '.nan') return new PyFloat(NaN);
  if (s.includes(':')) return new PyFloat(sexagesimal(s, (x) => parseFloat(x)));
  return new PyFloat(parseFloat(s));
}

const pyScalarTags = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: PY_NULL, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: PY_BOOL, resolve: (s: string) => /^(?:yes|true|on)$/i.test(s) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: PY_INT, resolve: pyInt },
  { tag: 'tag:yaml.org,2002:float', default: true, test: PY_FLOAT, resolve: pyFloatValue },
];
const REPLACED = new Set(pyScalarTags.map((t) => t.tag));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const customTags = (tags: any[]): any[] => [
  ...pyScalarTags,
  ...tags.filter((t) => !REPLACED.has(t.tag)),
  { tag: '!unsafe', resolve: (s: string) => new UnsafeText(s) },
  { tag: '!vault', resolve: (s: string) => s },
];

/** Parses every document of a YAML text. Syntax errors become diagnostics with positions. */
export function loadYaml(text: string, file: string): YamlLoadResult {
  const lc = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const docs = parseAllDocuments(text, {
    version: '1.1', merge: true, uniqueKeys: false, lineCounter: lc, customTags, prettyErrors: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  const conv = new Converter(file, lc, text, diagnostics);
  const documents: unknown[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const { line, col } = lc.linePos(e.pos[0]);
      diagnostics.push({
        code: 'yaml-syntax', severity: 'error', file, line, column: col,
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
        expected: 'valid YAML 1.1',
      });
    }
    if (doc.errors.length === 0) documents.push(conv.node(doc.contents as YNode, doc));
  }
  return { documents, diagnostics };
}

/** Parses a single-document YAML (playbooks, vars files). An empty file is null. */
export function loadYamlDocument(text: string, file: string): { value: unknown; diagnostics: Diagnostic[] } {
  const r = loadYaml(text, file);
  return { value: r.documents[0] ?? null, diagnostics: r.diagnostics };
}
