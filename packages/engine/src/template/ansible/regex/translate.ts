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

export type { PyFlags } from './flags.js';

export interface CompiledPattern {
  regex: RegExp;
  /** Number of capturing groups and their names (Python's groups / groupindex). */
  groups: number;
  groupNames: Map<string, number>;
}

const cache = new Map<string, CompiledPattern>();
const CACHE_LIMIT = 500;

function unsupported(construct: string, pattern: string): TemplateError {
  return new TemplateError('unsupported-regex', `unsupported regular expression construct ${construct} in ${JSON.stringify(pattern)}: JavaScript cannot express it faithfully`);
}

export function reError(msg: string, pattern: string, pos: number): TemplateError {
  return new TemplateError('template-runtime', `${msg} at position ${pos}`, { template: pattern });
}

/** Compiles a Python pattern with Python flags (i, m, s, x, a) into a cached JS RegExp. */
export function compilePython(pattern: string, flags: Partial<PyFlags> = {}): CompiledPattern {
  const key = `${flags.i ? 'i' : ''}${flags.m ? 'm' : ''}${flags.s ? 's' : ''}${flags.x ? 'x' : ''}${flags.a ? 'a' : ''}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const state = newState(pattern, flags);
  const source = translateSeq(state, false);
  let regex: RegExp;
  try {
    regex = new RegExp(source, state.flags.i ? 'gui' : 'gu');
  } catch (e) {
    throw new TemplateError('template-runtime', `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const out: CompiledPattern = { regex, groups: state.groupCount, groupNames: state.names };
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
}

function newState(pattern: string, given: Partial<PyFlags>): State {
  const st: State = { src: pattern, pos: 0, flags: { i: false, m: false, s: false, x: false, a: false, ...given }, groupCount: 0, names: new Map(), repeatable: false };
  parseGlobalFlags(st, unsupported);
  return st;
}

/** Translates a sequence of alternatives until end of input or, inside a group, `)`. */
function translateSeq(st: State, inGroup: boolean): string {
  let out = '';
  while (st.pos < st.src.length) {
    const ch = st.src[st.pos]!;
    if (ch === ')') {
      if (inGroup) return out;
      throw reError('unbalanced parenthesis', st.src, st.pos);
    }
    if (st.flags.x && skipVerbose(st)) continue;
    out += translateAtomOrQuantifier(st);
  }
  if (inGroup) throw reError('missing ), unterminated subpattern', st.src, st.src.length);
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
  return ch + suffix(st);
}

/** After a quantifier: `?` makes it lazy; `+` (possessive, Python 3.11) has no JS equivalent. */
function suffix(st: State): string {
  st.repeatable = false;
  const next = st.src[st.pos];
  if (next === '?') {
    st.pos++;
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
  return body + suffix(st);
}

function group(st: State): string {
  const rest = st.src.slice(st.pos);
  let open: string;
  if (rest.startsWith('(?P<')) {
    const m = /^\(\?P<([^>]*)>/.exec(rest);
    if (!m) throw reError('missing >, unterminated name', st.src, st.pos + 4);
    const name = m[1]!;
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw reError(`bad character in group name '${name}'`, st.src, st.pos + 4);
    if (st.names.has(name)) throw reError(`redefinition of group name '${name}' as group ${st.groupCount + 1}; was group ${st.names.get(name)}`, st.src, st.pos + 4);
    st.groupCount++;
    st.names.set(name, st.groupCount);
    open = `(?<${name}>`;
    st.pos += m[0].length;
  } else if (rest.startsWith('(?P=')) {
    const m = /^\(\?P=([^)]*)\)/.exec(rest);
    if (!m) throw reError('missing ), unterminated name', st.src, st.pos + 4);
    if (!st.names.has(m[1]!)) throw reError(`unknown group name '${m[1]}'`, st.src, st.pos + 4);
    st.pos += m[0].length;
    st.repeatable = true;
    return `(?:\\k<${m[1]}>)`;
  } else if (rest.startsWith('(?#')) {
    const end = st.src.indexOf(')', st.pos);
    if (end < 0) throw reError('missing ), unterminated comment', st.src, st.pos);
    st.pos = end + 1;
    return '';
  } else if (/^\(\?(:|=|!|<=|<!)/.test(rest)) {
    open = /^\(\?(:|=|!|<=|<!)/.exec(rest)![0];
    st.pos += open.length;
  } else if (rest.startsWith('(?>')) {
    throw unsupported('atomic group (?>...)', st.src);
  } else if (rest.startsWith('(?(')) {
    throw unsupported('conditional group (?(id)yes|no)', st.src);
  } else if (/^\(\?[-aiLmsux]+:/.test(rest)) {
    throw unsupported(`scoped inline flags ${/^\(\?[-aiLmsux]+:/.exec(rest)![0]}...)`, st.src);
  } else if (/^\(\?[aiLmsux]+\)/.test(rest)) {
    throw reError('global flags not at the start of the expression', st.src, st.pos);
  } else if (rest.startsWith('(?')) {
    throw reError(`unknown extension ${rest.slice(0, 3)}`, st.src, st.pos + 1);
  } else {
    st.groupCount++;
    open = '(';
    st.pos++;
  }
  st.repeatable = false;
  const inner = translateSeq(st, true);
  st.pos++; // the `)`
  st.repeatable = !open.startsWith('(?=') && !open.startsWith('(?!') && !open.startsWith('(?<=') && !open.startsWith('(?<!');
  return `${open}${inner})`;
}
