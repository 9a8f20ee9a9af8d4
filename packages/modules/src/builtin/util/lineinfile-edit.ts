/**
 * lineinfile's text transformation, ported statement for statement from ansible-core 2.16's
 * present()/absent() (modules/lineinfile.py) so every quirk survives: lines are split as
 * readlines() does (after each "\n" only, so "\r\n" stays on the line), regexes are Python's
 * (bytes patterns: ASCII classes), an exact-line match of a CRLF line is "replaced" by an LF one,
 * backrefs without a match change nothing.
 */
import { pyCompile, type PyPattern, type PyReMatch } from '@pgplay/engine/module-api';

export interface LineinfileParams {
  regexp?: string | null;
  search_string?: string | null;
  line?: string | null;
  insertafter?: string | null;
  insertbefore?: string | null;
  backrefs?: boolean;
  firstmatch?: boolean;
}

export interface EditResult {
  lines: string[];
  changed: boolean;
  msg: string;
  found?: number;
}

const LINESEP = '\n';

/** file.readlines(): every line keeps its "\n"; the last may have none. */
export function readlines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

const stripEol = (s: string) => s.replace(/[\r\n]+$/, '');
// Python bytes patterns: \w \d \s \b and case folding are ASCII-only.
const compile = (p: string): PyPattern => pyCompile(p, { a: true });
const endsWithEol = (s: string) => s.endsWith('\n') || s.endsWith('\r');

/** Where the regexp/search_string matched (index 0) and where insertafter/before matched (index 1). */
function locate(lines: string[], p: LineinfileParams, ins: { after?: string | null; before?: string | null }) {
  const index = [-1, -1];
  let match: PyReMatch | boolean | null = null;
  let exact = false;
  const line = p.line!;
  if (p.regexp !== undefined && p.regexp !== null) {
    const re = compile(p.regexp);
    for (let i = 0; i < lines.length; i++) {
      const m = re.search(lines[i]!);
      if (m) {
        index[0] = i;
        match = m;
        if (p.firstmatch) break;
      }
    }
  }
  if (p.search_string !== undefined && p.search_string !== null) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.includes(p.search_string)) {
        index[0] = i;
        match = true;
        if (p.firstmatch) break;
      }
    }
  }
  const insRe = ins.after !== undefined && ins.after !== null && ins.after !== 'BOF' && ins.after !== 'EOF' ? compile(ins.after)
    : ins.before !== undefined && ins.before !== null && ins.before !== 'BOF' ? compile(ins.before) : null;
  if (!match) {
    for (let i = 0; i < lines.length; i++) {
      if (line === stripEol(lines[i]!)) {
        index[0] = i;
        exact = true;
      } else if (insRe && insRe.search(lines[i]!)) {
        if (ins.after) {
          index[1] = i + 1;
          if (p.firstmatch) break;
        }
        if (ins.before) {
          index[1] = i;
          if (p.firstmatch) break;
        }
      }
    }
  }
  return { index, match, exact };
}

/** present(): the new lines, whether they changed, and ansible's message. */
export function lineinfilePresent(original: string[], p: LineinfileParams): EditResult {
  const lines = [...original];
  const line = p.line!;
  // main() defaults insertafter to EOF when neither is given.
  const after = p.insertbefore == null && p.insertafter == null ? 'EOF' : p.insertafter;
  const before = p.insertbefore;
  const { index, match } = locate(lines, p, { after, before });
  let msg = '';
  let changed = false;
  const add = (at: number) => {
    lines.splice(at, 0, line + LINESEP);
    msg = 'line added';
    changed = true;
  };
  if (index[0] !== -1) {
    let newLine = p.backrefs && match && typeof match !== 'boolean' ? match.expand(line) : line;
    if (!newLine.endsWith(LINESEP)) newLine += LINESEP;
    // (ansible's branch for "no regexp, no search_string, no match and no exact line" cannot be
    // reached here: index[0] is only set by a match or an exact line.)
    if (lines[index[0]] !== newLine) {
      lines[index[0]] = newLine;
      msg = 'line replaced';
      changed = true;
    }
  } else if (p.backrefs) {
    // Nothing: the line cannot be generated without the match's groups.
  } else if (before === 'BOF' || after === 'BOF') {
    add(0);
  } else if (after === 'EOF' || index[1] === -1) {
    if (lines.length && !endsWithEol(lines[lines.length - 1]!)) lines.push(LINESEP);
    add(lines.length);
  } else if (after && index[1] !== -1) {
    if (lines.length === index[1]) {
      if (stripEol(lines[index[1] - 1]!) !== line) add(lines.length);
    } else if (line !== stripEol(lines[index[1]]!)) add(index[1]);
  } else {
    add(index[1]);
  }
  return { lines, changed, msg };
}

/** absent(): drops every matching line. */
export function lineinfileAbsent(original: string[], p: LineinfileParams): EditResult {
  const re = p.regexp !== undefined && p.regexp !== null ? compile(p.regexp) : null;
  const found: string[] = [];
  const lines = original.filter((l) => {
    const hit = re ? re.search(l) !== null : p.search_string != null ? l.includes(p.search_string) : p.line === stripEol(l);
    if (hit) found.push(l);
    return !hit;
  });
  const changed = found.length > 0;
  return { lines, changed, msg: changed ? `${found.length} line(s) removed` : '', found: found.length };
}
