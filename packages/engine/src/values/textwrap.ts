/**
 * Python's textwrap.TextWrapper.wrap (3.11), for what ansible and Jinja2 wrap with it: ansible's
 * `[WARNING]:` lines (Display.warning wraps at 79 columns) and Jinja2's `wordwrap` filter. Ported
 * step by step: expand tabs, turn each whitespace character into a space, split into chunks with
 * wordsep_re (words may break after a hyphen inside them), then fill lines chunk by chunk, breaking
 * words longer than a line.
 */

export interface WrapOptions {
  width: number;
  expandTabs?: boolean;
  replaceWhitespace?: boolean;
  breakLongWords?: boolean;
  breakOnHyphens?: boolean;
  dropWhitespace?: boolean;
  tabsize?: number;
}

// textwrap's character classes; Python's str patterns are Unicode-aware, hence \p{…} and the u flag.
const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = `(?:${WORD}|[!"'&.,?])`;
const LETTER = '[\\p{L}_]';
/** TextWrapper.wordsep_re. */
const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
    `|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
/** TextWrapper.wordsep_simple_re. */
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u');

/** str.expandtabs: each tab to the next multiple of `size` columns, columns counted from each line start. */
function expandTabs(text: string, size: number): string {
  let out = '';
  let col = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const n = size > 0 ? size - (col % size) : 0;
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

/** Python's len(): code points, not UTF-16 units. */
const len = (s: string): number => [...s].length;
const slice = (s: string, a: number, b?: number): string => [...s].slice(a, b).join('');

export function wrap(text: string, o: WrapOptions): string[] {
  if (o.width <= 0) throw new RangeError(`invalid width ${o.width} (must be > 0)`);
  let t = o.expandTabs === false ? text : expandTabs(text, o.tabsize ?? 8);
  if (o.replaceWhitespace !== false) t = t.replace(/[\t\n\x0b\x0c\r]/g, ' ');
  const chunks = t.split(o.breakOnHyphens === false ? WORDSEP_SIMPLE : WORDSEP).filter((c) => c !== '' && c !== undefined);
  return wrapChunks(chunks, o);
}

function wrapChunks(chunks: string[], o: WrapOptions): string[] {
  const drop = o.dropWhitespace !== false;
  const lines: string[] = [];
  const rev = [...chunks].reverse();
  const last = () => rev[rev.length - 1]!;
  while (rev.length) {
    const cur: string[] = [];
    let curLen = 0;
    const width = o.width;
    if (drop && last().trim() === '' && lines.length) rev.pop();
    while (rev.length) {
      const l = len(last());
      if (curLen + l <= width) {
        cur.push(rev.pop()!);
        curLen += l;
      } else break;
    }
    if (rev.length && len(last()) > width) {
      handleLongWord(rev, cur, curLen, width, o);
      curLen = cur.reduce((n, c) => n + len(c), 0);
    }
    if (drop && cur.length && cur[cur.length - 1]!.trim() === '') {
      curLen -= len(cur[cur.length - 1]!);
      cur.pop();
    }
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}

/** TextWrapper._handle_long_word. */
function handleLongWord(rev: string[], cur: string[], curLen: number, width: number, o: WrapOptions): void {
  const spaceLeft = width < 1 ? 1 : width - curLen;
  if (o.breakLongWords !== false) {
    let end = spaceLeft;
    const chunk = rev[rev.length - 1]!;
    if (o.breakOnHyphens !== false && len(chunk) > spaceLeft) {
      const hyphen = [...chunk].slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && [...chunk].slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    cur.push(slice(chunk, 0, end));
    rev[rev.length - 1] = slice(chunk, end);
  } else if (!cur.length) cur.push(rev.pop()!);
}
