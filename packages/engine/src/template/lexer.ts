/**
 * Jinja2's lexer: template text to a flat token list, with whitespace control (`-`, `+`),
 * trim_blocks/lstrip_blocks, comments and raw blocks resolved here so the parser sees clean data.
 */
import type { JinjaEnvironment } from './types.js';
import { syntaxError } from './errors.js';
import { decodePyEscapes } from './py/escapes.js';

export type TokenType =
  | 'data' | 'var_begin' | 'var_end' | 'block_begin' | 'block_end'
  | 'name' | 'string' | 'integer' | 'float' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** Operator text, name, decoded string, number (integer/float), or data text. */
  value: string | number;
  /** Offset in the source, for line/column in errors. */
  pos: number;
}

const NAME_RE = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INT_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|(?:[1-9](?:_?\d)*|0(?:_?0)*)/y;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const OPS = ['**', '//', '==', '!=', '>=', '<=', '+', '-', '*', '/', '%', '~', '<', '>', '=', '.', ',', ':', '|',
  '(', ')', '[', ']', '{', '}', ';'];
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** What the parser calls each token kind in "expected …, got …" messages (Jinja2's wording). */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'name': case 'op': return String(t.value);
    case 'var_begin': return 'begin of print statement';
    case 'var_end': return 'end of print statement';
    case 'block_begin': return 'begin of statement block';
    case 'block_end': return 'end of statement block';
    case 'data': return 'template data / text';
    case 'eof': return 'end of template';
    default: return t.type;
  }
}

interface Delims { varS: string; varE: string; blkS: string; blkE: string; cmtS: string; cmtE: string }

class Lexer {
  readonly tokens: Token[] = [];
  private pos = 0;
  /** Set after a block/comment end: strip the next data's leading whitespace (`-`) or newline (trim). */
  private stripNext: 'none' | 'ws' | 'nl' = 'none';
  private readonly d: Delims;
  constructor(private readonly src: string, private readonly env: JinjaEnvironment) {
    this.d = { varS: env.variableStartString, varE: env.variableEndString, blkS: env.blockStartString,
      blkE: env.blockEndString, cmtS: env.commentStartString, cmtE: env.commentEndString };
  }

  run(): Token[] {
    const { src } = this;
    while (this.pos < src.length) {
      const next = this.nextTag();
      if (!next) {
        this.pushData(src.slice(this.pos), this.pos, false, false);
        this.pos = src.length;
        break;
      }
      const [at, kind] = next;
      const sigil = src[at + this.startLen(kind)];
      const lstripOk = kind !== 'var' && sigil !== '+' && this.env.lstripBlocks;
      this.pushData(src.slice(this.pos, at), this.pos, sigil === '-', lstripOk);
      if (kind === 'cmt') this.comment(at);
      else if (kind === 'blk' && this.isRaw(at)) this.raw(at);
      else this.tag(at, kind);
    }
    this.tokens.push({ type: 'eof', value: '', pos: src.length });
    return this.tokens;
  }

  private startLen(kind: 'var' | 'blk' | 'cmt'): number {
    return kind === 'var' ? this.d.varS.length : kind === 'blk' ? this.d.blkS.length : this.d.cmtS.length;
  }

  private nextTag(): [number, 'var' | 'blk' | 'cmt'] | undefined {
    let best: [number, 'var' | 'blk' | 'cmt'] | undefined;
    for (const [s, k] of [[this.d.varS, 'var'], [this.d.blkS, 'blk'], [this.d.cmtS, 'cmt']] as const) {
      const i = this.src.indexOf(s, this.pos);
      if (i >= 0 && (!best || i < best[0] || (i === best[0] && s.length > this.startLen(best[1])))) best = [i, k];
    }
    return best;
  }

  private pushData(text: string, pos: number, rstrip: boolean, lstripLine: boolean): void {
    if (this.stripNext === 'ws') {
      const m = /^\s*/.exec(text)![0].length;
      text = text.slice(m);
      pos += m;
    } else if (this.stripNext === 'nl') {
      const m = text.startsWith('\r\n') ? 2 : text.startsWith('\n') || text.startsWith('\r') ? 1 : 0;
      text = text.slice(m);
      pos += m;
    }
    this.stripNext = 'none';
    if (rstrip) text = text.replace(/\s+$/, '');
    else if (lstripLine) {
      // lstrip_blocks: drop spaces/tabs between the line start and the tag, only if nothing else is there.
      const m = /(^|\n)[ \t]*$/.exec(text);
      if (m && (m[1] === '\n' || this.atLineStart(pos))) text = text.slice(0, m.index + m[1]!.length);
    }
    // Jinja2's lexer normalises every newline of template data to newline_sequence.
    if (text) this.tokens.push({ type: 'data', value: text.replace(/\r\n|\r|\n/g, this.env.newlineSequence), pos });
  }

  private atLineStart(pos: number): boolean {
    return pos === 0 || this.src[pos - 1] === '\n';
  }

  private afterEnd(sigil: string | undefined): void {
    this.stripNext = sigil === '-' ? 'ws' : sigil === '+' || !this.env.trimBlocks ? 'none' : 'nl';
  }

  private comment(at: number): void {
    const end = this.src.indexOf(this.d.cmtE, at + this.d.cmtS.length);
    if (end < 0) throw syntaxError('Missing end of comment tag', at);
    const sigil = this.src[end - 1] === '-' && end - 1 >= at + this.d.cmtS.length + 1 ? '-' : this.src[end - 1] === '+' ? '+' : undefined;
    this.pos = end + this.d.cmtE.length;
    this.afterEnd(sigil);
  }

  private static readonly RAW_RE = /[-+]?\s*raw\s*[-+]?/y;
  private isRaw(at: number): boolean {
    const re = /[-+]?\s*raw\s*([-+]?)/y;
    re.lastIndex = at + this.d.blkS.length;
    const m = re.exec(this.src);
    return !!m && this.src.startsWith(this.d.blkE, re.lastIndex);
  }

  private raw(at: number): void {
    const { blkS, blkE } = this.d;
    const open = /[-+]?\s*raw\s*([-+]?)/y;
    open.lastIndex = at + blkS.length;
    const om = open.exec(this.src)!;
    const bodyStart = open.lastIndex + blkE.length;
    this.afterEnd(om[1] || undefined);
    const closeRe = new RegExp(`${esc(blkS)}(-?)\\s*endraw\\s*([-+]?)${esc(blkE)}`, 'g');
    closeRe.lastIndex = bodyStart;
    const cm = closeRe.exec(this.src);
    if (!cm) throw syntaxError('Missing end of raw directive', at);
    this.pos = bodyStart;
    this.pushData(this.src.slice(bodyStart, cm.index), bodyStart, cm[1] === '-', false);
    this.pos = closeRe.lastIndex;
    this.afterEnd(cm[2] || undefined);
  }

  private tag(at: number, kind: 'var' | 'blk'): void {
    const begin = kind === 'var' ? 'var_begin' : 'block_begin';
    const endType = kind === 'var' ? 'var_end' : 'block_end';
    const endStr = kind === 'var' ? this.d.varE : this.d.blkE;
    this.tokens.push({ type: begin, value: '', pos: at });
    let p = at + this.startLen(kind);
    if (this.src[p] === '-' || this.src[p] === '+') p++;
    const stack: string[] = [];
    const { src } = this;
    for (;;) {
      while (p < src.length && /\s/.test(src[p]!)) p++;
      if (p >= src.length) throw syntaxError(`unexpected end of template, expected '${kind === 'var' ? 'end of print statement' : 'end of statement block'}'.`, p);
      if (stack.length === 0) {
        const sigil = src[p] === '-' || src[p] === '+' ? src[p] : undefined;
        const endAt = sigil ? p + 1 : p;
        if (src.startsWith(endStr, endAt) && !(sigil === '+' && kind === 'var')) {
          this.tokens.push({ type: endType, value: '', pos: p });
          this.pos = endAt + endStr.length;
          if (kind === 'blk') this.afterEnd(sigil);
          else this.stripNext = sigil === '-' ? 'ws' : 'none';
          return;
        }
      }
      p = this.exprToken(p, stack);
    }
  }

  private exprToken(p: number, stack: string[]): number {
    const { src } = this;
    for (const [re, type] of [[NAME_RE, 'name'], [FLOAT_RE, 'float'], [INT_RE, 'integer']] as const) {
      re.lastIndex = p;
      const m = re.exec(src);
      if (!m) continue;
      if (type === 'float' && src[p - 1] === '.') continue;
      const text = m[0];
      const value = type === 'name' ? text : type === 'float' ? Number(text.replace(/_/g, '')) : parseInt_(text);
      this.tokens.push({ type, value, pos: p });
      return re.lastIndex;
    }
    STRING_RE.lastIndex = p;
    const sm = STRING_RE.exec(src);
    if (sm) {
      const body = sm[1] ?? sm[2] ?? '';
      this.tokens.push({ type: 'string', value: decodePyEscapes(body.replace(/\r\n|\r/g, '\n')), pos: p });
      return STRING_RE.lastIndex;
    }
    for (const op of OPS) {
      if (!src.startsWith(op, p)) continue;
      if (op === '(' || op === '[' || op === '{') stack.push(op);
      else if (CLOSERS[op]) {
        const want = CLOSERS[op];
        if (!stack.length) throw syntaxError(`unexpected '${op}'`, p);
        const got = stack.pop()!;
        if (got !== want) throw syntaxError(`unexpected '${op}', expected '${{ '(': ')', '[': ']', '{': '}' }[got]}'`, p);
      }
      this.tokens.push({ type: 'op', value: op, pos: p });
      return p + op.length;
    }
    throw syntaxError(`unexpected char ${reprChar(src[p]!)} at ${p}`, p);
  }
}

function reprChar(c: string): string {
  return c === "'" ? `"'"` : `'${c}'`;
}

function parseInt_(text: string): number {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
  return parseInt(t, 10);
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function tokenize(src: string, env: JinjaEnvironment): Token[] {
  return new Lexer(src, env).run();
}

/**
 * Ansible's `_escape_backslashes`: inside `{{ … }}` only, string literals get their backslashes
 * doubled before parsing, so YAML authors write `'\\1'` once. Returns the rewritten source.
 */
export function escapeBackslashes(src: string, env: JinjaEnvironment): string {
  if (!src.includes('\\') || !src.includes(env.variableStartString)) return src;
  const tokens = tokenizeRaw(src, env);
  let out = '';
  let last = 0;
  for (const [start, end] of tokens) {
    out += src.slice(last, start) + src.slice(start, end).replace(/\\/g, '\\\\');
    last = end;
  }
  return out + src.slice(last);
}

/** Source ranges of string literals inside variable tags. */
function tokenizeRaw(src: string, env: JinjaEnvironment): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let toks: Token[];
  try {
    toks = tokenize(src, env);
  } catch {
    return ranges;
  }
  let inVar = false;
  for (const t of toks) {
    if (t.type === 'var_begin') inVar = true;
    else if (t.type === 'var_end') inVar = false;
    else if (inVar && t.type === 'string') {
      STRING_RE.lastIndex = t.pos;
      STRING_RE.exec(src);
      ranges.push([t.pos, STRING_RE.lastIndex]);
    }
  }
  return ranges;
}
