/** Python groups: capturing, named, non-capturing, lookarounds; the group constructs JS lacks are rejected. */
import { TemplateError, pyRuntimeError } from '../../errors.js';
import { reError, translateSeq, unsupported, type State } from './translate.js';
import { canMatchEmpty, lookbehindWidth } from './width.js';

export function group(st: State): string {
  const start = st.pos;
  const special = specialGroup(st);
  if (special !== null) return special;
  const open = groupOpen(st);
  st.repeatable = false;
  const before = st.variable;
  const firstInside = open === '(' || open.startsWith('(?<') && !open.startsWith('(?<=') && !open.startsWith('(?<!') ? st.groupCount : st.groupCount + 1;
  const inner = translateSeq(st, start);
  st.pos++; // the `)`
  st.lastGroupVariable = st.variable > before;
  st.lastGroupRange = [firstInside, st.groupCount];
  // After a negative lookaround its groups are always unset (Python fails references to them).
  if (open === '(?!' || open === '(?<!') for (let g = firstInside; g <= st.groupCount; g++) st.optional.add(g);
  const body = st.src.slice(start + 1, st.pos - 1);
  const nullable = canMatchEmpty(body.replace(/^\?(:|P<[^>]*>|=|!|<=|<!)/, ''), st.flags.x);
  // Ambiguous: alternatives or laziness, or captures whose value depends on an empty last iteration.
  st.lastGroupAmbiguous = nullable && (/\||[*+?}]\?/.test(body) || st.lastGroupRange[0] <= st.lastGroupRange[1]);
  st.repeatable = true;
  const lookbehind = open === '(?<=' || open === '(?<!';
  if (lookbehind && lookbehindWidth(st.src.slice(start + open.length, st.pos - 1), st.flags.x) === null) {
    throw pyRuntimeError('re.error', 'look-behind requires fixed-width pattern');
  }
  // Python lets a lookaround be repeated; a JS `u` regex only lets a group around it be.
  return lookbehind || open === '(?=' || open === '(?!' ? `(?:${open}${inner}))` : `${open}${inner})`;
}

/** Groups that are not containers: (?P=name), (?#...), and the constructs we reject. */
function specialGroup(st: State): string | null {
  const rest = st.src.slice(st.pos);
  if (rest.startsWith('(?P=')) {
    const m = /^\(\?P=([^)]*)\)/.exec(rest);
    if (!m) throw reError('missing ), unterminated name', st.src, st.pos + 4);
    if (!st.names.has(m[1]!)) throw reError(`unknown group name '${m[1]}'`, st.src, st.pos + 4);
    st.pos += m[0].length;
    st.repeatable = true;
    return `(?:\\k<${m[1]}>)`;
  }
  if (rest.startsWith('(?#')) {
    const end = st.src.indexOf(')', st.pos);
    if (end < 0) throw reError('missing ), unterminated comment', st.src, st.pos);
    st.pos = end + 1;
    return '';
  }
  if (rest.startsWith('(?>')) throw unsupported('atomic group (?>...)', st.src);
  if (rest.startsWith('(?(')) throw unsupported('conditional group (?(id)yes|no)', st.src);
  const scoped = /^\(\?[-aiLmsux]+:/.exec(rest);
  if (scoped) throw unsupported(`scoped inline flags ${scoped[0]}...)`, st.src);
  if (/^\(\?[aiLmsux]+\)/.test(rest)) throw reError('global flags not at the start of the expression', st.src, st.pos);
  return null;
}

/** Consumes a group's opening and returns its JS spelling. */
function groupOpen(st: State): string {
  const rest = st.src.slice(st.pos);
  if (rest.startsWith('(?P<')) {
    const m = /^\(\?P<([^>]*)>/.exec(rest);
    if (!m) throw reError('missing >, unterminated name', st.src, st.pos + 4);
    const name = m[1]!;
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw reError(`bad character in group name '${name}'`, st.src, st.pos + 4);
    if (st.names.has(name)) throw reError(`redefinition of group name '${name}' as group ${st.groupCount + 1}; was group ${st.names.get(name)}`, st.src, st.pos + 4);
    st.groupCount++;
    st.names.set(name, st.groupCount);
    st.pos += m[0].length;
    return `(?<${name}>`;
  }
  const ext = /^\(\?(:|=|!|<=|<!)/.exec(rest);
  if (ext) {
    st.pos += ext[0].length;
    return ext[0];
  }
  if (rest.startsWith('(?')) throw reError(`unknown extension ${rest.slice(0, 3)}`, st.src, st.pos + 1);
  st.groupCount++;
  st.pos++;
  return '(';
}
