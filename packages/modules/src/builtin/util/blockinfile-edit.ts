/**
 * blockinfile's text transformation, ported from ansible-core 2.16 (modules/blockinfile.py):
 * lines split as bytes.splitlines(True) (at "\r\n", "\r" or "\n"), markers made with re.sub (so
 * marker_begin/marker_end are replacement templates), an existing block found by its exact marker
 * lines, insertafter/insertbefore regexes searched per line, or over the whole text when the
 * pattern turns on MULTILINE inline.
 */
import { pyCompile } from '@pgplay/engine/module-api';

export interface BlockParams {
  present: boolean;
  block: string;
  marker: string;
  marker_begin: string;
  marker_end: string;
  insertafter?: string | null;
  insertbefore?: string | null;
  append_newline?: boolean;
  prepend_newline?: boolean;
}

const LINESEP = '\n';

/** bytes.splitlines(keepends=True). */
export function splitlinesKeep(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

const countNewlines = (s: string, end: number) => s.slice(0, end).split('\n').length - 1;

/** Where the block goes when no complete block exists yet. */
function insertionPoint(lines: string[], original: string, p: BlockParams, after: string | null | undefined): number {
  const before = p.insertbefore;
  const pattern = after != null && after !== 'EOF' ? after : before != null && before !== 'BOF' ? before : null;
  if (pattern === null) return before != null ? 0 : lines.length;
  const re = pyCompile(pattern, { a: true }); // bytes patterns: ASCII classes
  let n0: number | null = null;
  if (re.flags.m) {
    const m = re.search(original);
    if (m) {
      if (after) n0 = countNewlines(original, m.end());
      else if (before) n0 = countNewlines(original, m.start());
    }
  } else {
    lines.forEach((line, i) => {
      if (re.search(line)) n0 = i;
    });
  }
  if (n0 === null) return lines.length;
  return after != null ? n0 + 1 : n0;
}

/** The new text (original null: the file does not exist). */
export function blockinfileEdit(original: string | null, p: BlockParams): { result: string; hasBlock: boolean } {
  const lines = original === null ? [] : splitlinesKeep(original);
  const after = p.insertbefore == null && p.insertafter == null ? 'EOF' : p.insertafter;
  const markRe = pyCompile('{mark}');
  const marker0 = markRe.subn(p.marker_begin, p.marker)[0] + LINESEP;
  const marker1 = markRe.subn(p.marker_end, p.marker)[0] + LINESEP;
  let blocklines: string[] = [];
  if (p.present && p.block) {
    const block = p.block.endsWith(LINESEP) ? p.block : p.block + LINESEP;
    blocklines = [marker0, ...splitlinesKeep(block), marker1];
  }
  let n0: number | null = null;
  let n1: number | null = null;
  lines.forEach((line, i) => {
    if (line === marker0) n0 = i;
    if (line === marker1) n1 = i;
  });
  let at: number;
  if (n0 === null || n1 === null) at = insertionPoint(lines, original ?? '', p, after);
  else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
    at = n0;
  } else {
    lines.splice(n1, n0 - n1 + 1);
    at = n1;
  }
  if (at > 0 && !lines[at - 1]!.endsWith(LINESEP)) lines[at - 1] += LINESEP;
  if (p.prepend_newline && p.present && at !== 0 && lines[at - 1] !== LINESEP) {
    lines.splice(at, 0, LINESEP);
    at += 1;
  }
  lines.splice(at, 0, ...blocklines);
  if (p.append_newline && p.present) {
    const next = at + blocklines.length;
    if (next < lines.length && lines[next] !== LINESEP) lines.splice(next, 0, LINESEP);
  }
  return { result: lines.join(''), hasBlock: blocklines.length > 0 };
}
