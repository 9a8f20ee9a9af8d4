/**
 * Python `re` pattern syntax translated to a JS RegExp (always with the `u` flag, never `m`/`s`).
 * Python and JS disagree on `^ $ . \b \d \w \s`, on `{,n}`, on `]` first in a class and on
 * identity escapes, so every one of those is rewritten explicitly instead of trusting JS flags.
 * Constructs JS cannot express are rejected with TemplateError('unsupported-regex').
 */
import { TemplateError } from '../../errors.js';
import { translateClass } from './translate-class.js';
import { parseGlobalFlags, type PyFlags } from './flags.js';
import { translateEscape } from './translate-escape.js';
import { group } from './translate-group.js';

export type { PyFlags } from './flags.js';

export interface CompiledPattern {
  /** The Python pattern, for messages. */
  pattern: string;
  regex: RegExp;
  /** Number of capturing groups and their names (Python's groups / groupindex). */
  groups: number;
  groupNames: Map<string, number>;
  /** Nested repetition (like `(a+)+`): matching runs under a time limit (see run-guarded.ts). */
  risky: boolean;
  /** May prefer an empty match where a non-empty one exists (see py-iterate.ts). */
  emptyFirst: boolean;
  /** The flags in force: those given plus the pattern's leading inline `(?imsxa)` (Python's pattern.flags). */
  flags: PyFlags;
}

const cache = new Map<string, CompiledPattern>();
const CACHE_LIMIT = 500;

export function unsupported(construct: string, pattern: string): TemplateError {
  return new TemplateError('unsupported-regex', `unsupported regular expression construct ${construct} in ${JSON.stringify(pattern)}: JavaScript cannot express it faithfully`);
}

export function reError(msg: string, pattern: string, pos: number): TemplateError {
  const e = new TemplateError('template-runtime', `${msg} at position ${pos}`, { template: pattern });
  e.pyClass = 're.error';
  return e;
}

/** Compiles a Python pattern with Python flags (i, m, s, x, a) into a cached JS RegExp. */
export function compilePython(pattern: string, flags: Partial<PyFlags> = {}): CompiledPattern {
  const key = `${flags.i ? 'i' : ''}${flags.m ? 'm' : ''}${flags.s ? 's' : ''}${flags.x ? 'x' : ''}${flags.a ? 'a' : ''}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const state = newState(pattern, flags);
  const source = translateSeq(state, null);
  let regex: RegExp;
  try {
    regex = new RegExp(source, state.flags.i ? 'gui' : 'gu');
  } catch (e) {
    throw new TemplateError('template-runtime', `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const out: CompiledPattern = { pattern, regex, groups: state.groupCount, groupNames: state.names, risky: state.risky, emptyFirst: state.emptyFirst, flags: { ...state.flags } };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, out);
  return out;
}

export interface State {
  src: string;
  pos: number;
  flags: PyFlags;
  groupCount: number;
  names: Map<string, number>;
  /** Whether the last emitted item can take a quantifier (Python: "nothing to repeat"). */
  repeatable: boolean;
  /** Count of variable-length constructs (unbounded quantifiers, alternation) seen so far. */
  variable: number;
  /** The last atom was a group with variable-length content. */
  lastGroupVariable: boolean;
  /** A variable-length group is itself repeated: backtracking can be exponential. */
  risky: boolean;
  /** Lazy quantifiers or alternation: an empty match may hide a non-empty one at the same place. */
  emptyFirst: boolean;
  /** The last atom was a group that can match empty through alternation or laziness. */
  lastGroupAmbiguous: boolean;
  /** Groups created inside the last closed group: [first, last] numbers. */
  lastGroupRange: [number, number];
  /** Groups that may not take part in a match (optional, or in an alternative). */
  optional: Set<number>;
}

function newState(pattern: string, given: Partial<PyFlags>): State {
  const st: State = { src: pattern, pos: 0, flags: { i: false, m: false, s: false, x: false, a: false, ...given }, groupCount: 0, names: new Map(), repeatable: false, variable: 0, lastGroupVariable: false, risky: false, emptyFirst: false, lastGroupAmbiguous: false, lastGroupRange: [1, 0], optional: new Set() };
  parseGlobalFlags(st, unsupported);
  return st;
}

/** Translates a sequence of alternatives until end of input or, inside a group, `)`. */
export function translateSeq(st: State, groupStart: number | null): string {
  const inGroup = groupStart !== null;
  const firstGroup = st.groupCount + 1;
  let out = '';
  while (st.pos < st.src.length) {
    const ch = st.src[st.pos]!;
    if (ch === ')') {
      if (inGroup) return markAlternatives(st, out, firstGroup);
      throw reError('unbalanced parenthesis', st.src, st.pos);
    }
    if (st.flags.x && skipVerbose(st)) continue;
    out += translateAtomOrQuantifier(st);
  }
  if (inGroup) throw reError('missing ), unterminated subpattern', st.src, groupStart);
  return markAlternatives(st, out, firstGroup);
}

/** Groups inside a sequence with alternatives may stay unset (Python then fails a back-reference to them). */
function markAlternatives(st: State, out: string, firstGroup: number): string {
  if (/(^|[^\\])\|/.test(out.replace(/\\\\/g, ''))) for (let g = firstGroup; g <= st.groupCount; g++) st.optional.add(g);
  return out;
}

/** In verbose mode, whitespace and `#` comments outside classes are not part of the pattern. */
function skipVerbose(st: State): boolean {
  const ch = st.src[st.pos]!;
  if (/\s/.test(ch)) {
    st.pos++;
    return true;
  }
  if (ch === '#') {
    while (st.pos < st.src.length && st.src[st.pos] !== '\n') st.pos++;
    return true;
  }
  return false;
}

/** Python 3 str patterns: \\w is str.isalnum() plus `_`; the ASCII flag narrows it. */
export function wordClass(st: State): string {
  return st.flags.a ? '[A-Za-z0-9_]' : '[\\p{L}\\p{N}_]';
}

function translateAtomOrQuantifier(st: State): string {
  const ch = st.src[st.pos]!;
  if (!'*+?{'.includes(ch)) st.lastGroupVariable = st.lastGroupAmbiguous = false;
  switch (ch) {
    case '*':
    case '+':
    case '?':
      return quantifier(st, ch);
    case '{': {
      const q = braceQuantifier(st);
      if (q !== null) return q;
      st.pos++;
      st.repeatable = true;
      return '\\{';
    }
    case '(':
      return group(st);
    case '[':
      st.repeatable = true;
      return translateClass(st);
    case '\\':
      return translateEscape(st);
    case '.':
      st.pos++;
      st.repeatable = true;
      return st.flags.s ? '[\\s\\S]' : '[^\\n]';
    case '^':
      st.pos++;
      st.repeatable = false;
      return st.flags.m ? '(?<![^\\n])' : '(?<![\\s\\S])';
    case '$':
      st.pos++;
      st.repeatable = false;
      // Python's `$` also matches before a newline that ends the string.
      return st.flags.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    case '|':
      st.pos++;
      st.repeatable = false;
      st.variable++;
      st.emptyFirst = true;
      return '|';
    default: {
      st.pos++;
      st.repeatable = true;
      const cp = st.src.codePointAt(st.pos - 1)!;
      if (cp > 0xffff) st.pos++;
      return literal(cp);
    }
  }
}

/** A literal code point, escaped so it means itself in a `u` RegExp outside a class. */
export function literal(cp: number): string {
  const c = String.fromCodePoint(cp);
  if ('^$\\.*+?()[]{}|/'.includes(c)) return '\\' + c;
  if (cp < 0x20 || cp === 0x7f || c === '-') return `\\u{${cp.toString(16)}}`;
  return c;
}

function quantifier(st: State, ch: string): string {
  if (!st.repeatable) throw reError(st.src[st.pos - 1] && '*+?'.includes(st.src[st.pos - 1]!) ? 'multiple repeat' : 'nothing to repeat', st.src, st.pos);
  st.pos++;
  checkRepeatedGroup(st, ch !== '+');
  if (ch !== '?') repeated(st, true);
  return ch + suffix(st);
}

/**
 * A repeated group that can match empty: Python accepts an empty iteration where JavaScript rejects
 * it and backtracks, so the match (through alternatives or laziness) or the captured values differ.
 * Groups under a quantifier that allows zero iterations may stay unset.
 */
function checkRepeatedGroup(st: State, minZero: boolean): void {
  if (st.lastGroupAmbiguous) throw unsupported('repeated group that can match the empty string (with alternatives, lazy quantifiers or captures inside)', st.src);
  if (minZero) for (let g = st.lastGroupRange[0]; g <= st.lastGroupRange[1]; g++) st.optional.add(g);
}

/** Notes an unbounded (or large) repetition, and whether it repeats variable-length content. */
function repeated(st: State, unbounded: boolean): void {
  if (!unbounded) return;
  if (st.lastGroupVariable) st.risky = true;
  st.variable++;
}

/** After a quantifier: `?` makes it lazy; `+` (possessive, Python 3.11) has no JS equivalent. */
function suffix(st: State): string {
  st.repeatable = false;
  const next = st.src[st.pos];
  if (next === '?') {
    st.pos++;
    st.emptyFirst = true;
    return '?';
  }
  if (next === '+') throw unsupported('possessive quantifier', st.src);
  return '';
}

/** `{m}`, `{m,}`, `{,n}`, `{m,n}`; anything else is a literal `{` in Python. */
function braceQuantifier(st: State): string | null {
  const m = /^\{(\d*)(,?)(\d*)\}/.exec(st.src.slice(st.pos));
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (!st.repeatable) throw reError('nothing to repeat', st.src, st.pos);
  const lo = m[1] === '' ? 0 : Number(m[1]);
  const hi = m[3] === '' ? (m[2] ? Infinity : lo) : Number(m[3]);
  if (hi < lo) throw reError('min repeat greater than max repeat', st.src, st.pos + 1);
  if (lo > 4294967295 || (hi !== Infinity && hi > 4294967295)) throw reError('the repetition number is too large', st.src, st.pos + 1);
  st.pos += m[0].length;
  const body = hi === Infinity ? `{${lo},}` : hi === lo && !m[2] ? `{${lo}}` : `{${lo},${hi}}`;
  if (lo !== hi) checkRepeatedGroup(st, lo === 0);
  repeated(st, hi > 10);
  return body + suffix(st);
}
