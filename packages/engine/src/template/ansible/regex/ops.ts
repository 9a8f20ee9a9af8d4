/** re.search / re.match / re.sub / re.findall on translated patterns, with Python's results. */
import { PyTuple } from '../../../values/py.js';
import { compilePython, type CompiledPattern, type PyFlags } from './translate.js';
import { expandReplacement, parseReplacement } from './template.js';
import { matchAllGuarded } from './run-guarded.js';

export interface PyMatch {
  m: RegExpExecArray;
  pat: CompiledPattern;
}

/** re.search: the first match anywhere. */
export function reSearch(pattern: string, text: string, flags: Partial<PyFlags> = {}): PyMatch | null {
  const pat = compilePython(pattern, flags);
  const m = matchAllGuarded(pat, text, 1)[0];
  return m ? { m, pat } : null;
}

const anchoredCache = new WeakMap<CompiledPattern, { start: CompiledPattern; both: CompiledPattern }>();

/** The pattern anchored at the start (re.match) or at both ends (re.fullmatch), without changing `^`/`$`. */
function anchored(pat: CompiledPattern, both: boolean): CompiledPattern {
  let a = anchoredCache.get(pat);
  if (!a) {
    const src = `(?<![\\s\\S])(?:${pat.regex.source})`;
    a = { start: { ...pat, regex: new RegExp(src, pat.regex.flags) }, both: { ...pat, regex: new RegExp(`${src}(?![\\s\\S])`, pat.regex.flags) } };
    anchoredCache.set(pat, a);
  }
  return both ? a.both : a.start;
}

/** re.match: a match that starts at position 0. */
export function reMatch(pattern: string, text: string, flags: Partial<PyFlags> = {}): PyMatch | null {
  const pat = compilePython(pattern, flags);
  const m = matchAllGuarded(anchored(pat, false), text, 1)[0];
  return m ? { m, pat } : null;
}

/** re.fullmatch: a match of the whole text. */
export function reFullmatch(pattern: string, text: string, flags: Partial<PyFlags> = {}): PyMatch | null {
  const pat = compilePython(pattern, flags);
  const m = matchAllGuarded(anchored(pat, true), text, 1)[0];
  return m ? { m, pat } : null;
}

/** Python's match.group(g) for a number or a group name; undefined groups are None. */
export function matchGroup(pm: PyMatch, g: number | string): string | null {
  const idx = typeof g === 'number' ? g : pm.pat.groupNames.get(g);
  if (idx === undefined || idx > pm.pat.groups || idx < 0) throw new Error('no such group');
  return pm.m[idx] ?? null;
}

/** re.sub with Python template semantics; count 0 means all. */
export function reSub(pattern: string, repl: string, text: string, count = 0, flags: Partial<PyFlags> = {}): string {
  const pat = compilePython(pattern, flags);
  const parts = parseReplacement(repl, pat);
  let out = '';
  let last = 0;
  for (const m of matchAllGuarded(pat, text, count > 0 ? count : Infinity)) {
    out += text.slice(last, m.index) + expandReplacement(parts, m);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** re.findall: whole matches, the only group, or tuples of all groups (None becomes ''). */
export function reFindall(pattern: string, text: string, flags: Partial<PyFlags> = {}): unknown[] {
  const pat = compilePython(pattern, flags);
  const out: unknown[] = [];
  for (const m of matchAllGuarded(pat, text)) {
    if (pat.groups === 0) out.push(m[0]);
    else if (pat.groups === 1) out.push(m[1] ?? '');
    else out.push(PyTuple.of_(m.slice(1, pat.groups + 1).map((g) => g ?? '')));
  }
  return out;
}

/** re.escape (Python 3.7+): escapes every character that is special in a pattern. */
export function reEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => '\\' + c);
}
