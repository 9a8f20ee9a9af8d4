/**
 * Python's `re` as modules need it (lineinfile, blockinfile, replace, ini_file): a compiled
 * pattern with search/match/subn and match objects with start/end/group/expand, on top of the
 * same translator the template filters use, so a regex means the same thing everywhere.
 * Every failure (bad pattern, unsupported construct, time limit) is a PyRegexError whose message
 * is the translator's.
 */
import { compilePython, type CompiledPattern, type PyFlags } from './translate.js';
import { matchAllGuarded } from './run-guarded.js';
import { expandReplacement, parseReplacement } from './template.js';
import { reEscape } from './ops.js';

export type { PyFlags } from './translate.js';

export class PyRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyRegexError';
  }
}

/** A match as Python's re.Match: offsets are indices into the searched string. */
export interface PyReMatch {
  start(group?: number | string): number;
  end(group?: number | string): number;
  group(group?: number | string): string | null;
  /** match.expand(template): `\1`, `\g<name>`, `\n`… as re.sub replacement templates. */
  expand(template: string): string;
}

export interface PyPattern {
  readonly pattern: string;
  /** Python's pattern.flags for the letters imsxa (given flags plus leading inline ones). */
  readonly flags: Readonly<PyFlags>;
  search(text: string): PyReMatch | null;
  /** re.match: only at position 0. */
  match(text: string): PyReMatch | null;
  /** re.subn: the new text and the number of replacements; count 0 means all. */
  subn(repl: string, text: string, count?: number): [string, number];
}

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyRegexError) throw e;
    throw new PyRegexError((e as Error).message);
  }
}

function groupIndex(pat: CompiledPattern, g: number | string): number {
  const idx = typeof g === 'number' ? g : pat.groupNames.get(g);
  if (idx === undefined || idx < 0 || idx > pat.groups) throw new PyRegexError('no such group');
  return idx;
}

/** Offsets of group `idx`: JS gives only the whole match's index, so a group's start is found by
 * matching again with the `d` flag (indices), only when a caller asks for a group's offset. */
function makeMatch(pat: CompiledPattern, m: RegExpExecArray, text: string): PyReMatch {
  let indices: ([number, number] | undefined)[] | undefined;
  const span = (g: number | string = 0): [number, number] => {
    const idx = groupIndex(pat, g);
    if (idx === 0) return [m.index, m.index + m[0].length];
    if (!indices) {
      const rx = new RegExp(pat.regex.source, pat.regex.flags.replace('g', '') + 'dy');
      rx.lastIndex = m.index;
      indices = (rx.exec(text)?.indices ?? []) as ([number, number] | undefined)[];
    }
    return indices[idx] ?? [-1, -1];
  };
  return {
    start: (g) => span(g)[0],
    end: (g) => span(g)[1],
    group: (g = 0) => m[groupIndex(pat, g)] ?? null,
    expand: (template) => guard(() => expandReplacement(parseReplacement(template, pat), m)),
  };
}

const anchoredCache = new WeakMap<CompiledPattern, CompiledPattern>();

function anchoredAtStart(pat: CompiledPattern): CompiledPattern {
  let a = anchoredCache.get(pat);
  if (!a) {
    a = { ...pat, regex: new RegExp(`(?<![\\s\\S])(?:${pat.regex.source})`, pat.regex.flags) };
    anchoredCache.set(pat, a);
  }
  return a;
}

/** re.compile(pattern, flags). */
export function pyCompile(pattern: string, flags: Partial<PyFlags> = {}): PyPattern {
  const pat = guard(() => compilePython(pattern, flags));
  return {
    pattern,
    flags: pat.flags,
    search: (text) => guard(() => {
      const m = matchAllGuarded(pat, text, 1)[0];
      return m ? makeMatch(pat, m, text) : null;
    }),
    match: (text) => guard(() => {
      const m = matchAllGuarded(anchoredAtStart(pat), text, 1)[0];
      return m ? makeMatch(pat, m, text) : null;
    }),
    subn: (repl, text, count = 0) => guard(() => {
      const parts = parseReplacement(repl, pat);
      let out = '';
      let last = 0;
      let n = 0;
      for (const m of matchAllGuarded(pat, text, count > 0 ? count : Infinity)) {
        out += text.slice(last, m.index) + expandReplacement(parts, m);
        last = m.index + m[0].length;
        n++;
      }
      return [out + text.slice(last), n];
    }),
  };
}

/** re.escape (Python 3.7+). */
export function pyEscape(s: string): string {
  return reEscape(s);
}
