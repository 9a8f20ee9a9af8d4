/**
 * The slice of Python's tokenizer that literals need: numbers (with `_`, 0x/0o/0b, floats),
 * strings (every prefix, triple quotes, escapes), names, punctuation, comments. Text Python would
 * refuse to tokenize throws NotALiteral, which literal-eval turns into "keep the text".
 */
import { PyFloat } from './py.js';

/** Thrown for text that `ast.literal_eval` rejects (SyntaxError or ValueError alike). */
export class NotALiteral extends Error {}

/** One shared instance: most INI values are plain words, and building a stack trace each time costs. */
export const NOT_A_LITERAL = new NotALiteral('not a Python literal');

export interface PyToken {
  kind: 'number' | 'string' | 'name' | 'op' | 'end';
  value: string;
  num?: number | PyFloat;
  bytes?: boolean;
}

const NUMBER =
  /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/;
const NAME = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/u;
const STRING_START = /^([rRuUbBfF]{0,2})('''|"""|'|")/;

export function tokenizePython(src: string): PyToken[] {
  const out: PyToken[] = [];
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\f') i++;
    else if (c === '#') i = skipComment(src, i);
    else if (c === '\n' || c === '\r') {
      // A newline outside brackets ends the expression; only trailing blank lines may follow.
      if (depth === 0 && src.slice(i).trim() !== '' && !/^\s*#/.test(src.slice(i))) throw NOT_A_LITERAL;
      i++;
    } else if (STRING_START.test(rest) && validPrefix(STRING_START.exec(rest)![1]!)) {
      const r = readString(src, i);
      out.push(r.token);
      i = r.end;
    } else if (/^[0-9]/.test(rest) || /^\.[0-9]/.test(rest)) {
      const m = NUMBER.exec(rest)!;
      out.push(numberToken(m[0]));
      i += m[0].length;
      if (NAME.test(src.slice(i)) || /^[0-9]/.test(src.slice(i))) throw NOT_A_LITERAL; // "1abc": invalid literal
    } else if (NAME.test(rest)) {
      const m = NAME.exec(rest)!;
      out.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else {
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) depth--;
      out.push({ kind: 'op', value: c });
      i++;
    }
  }
  out.push({ kind: 'end', value: '' });
  return out;
}

function skipComment(src: string, i: number): number {
  while (i < src.length && src[i] !== '\n' && src[i] !== '\r') i++;
  return i;
}

function validPrefix(p: string): boolean {
  const l = p.toLowerCase();
  return ['', 'r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf'].includes(l);
}

function numberToken(text: string): PyToken {
  // Complex numbers are not representable (see literal-eval.ts).
  if (/[jJ]$/.test(text)) throw NOT_A_LITERAL;
  const t = text.replace(/_/g, '');
  if (/^0[xX]/.test(t)) return { kind: 'number', value: text, num: parseInt(t.slice(2), 16) };
  if (/^0[oO]/.test(t)) return { kind: 'number', value: text, num: parseInt(t.slice(2), 8) };
  if (/^0[bB]/.test(t)) return { kind: 'number', value: text, num: parseInt(t.slice(2), 2) };
  if (/[.eE]/.test(t)) return { kind: 'number', value: text, num: new PyFloat(Number(t)) };
  // Python 3 refuses leading zeros on decimal integers ("010"), except for zero itself.
  if (/^0+[1-9]/.test(t)) throw NOT_A_LITERAL;
  return { kind: 'number', value: text, num: Number(t) };
}

function readString(src: string, start: number): { token: PyToken; end: number } {
  const m = STRING_START.exec(src.slice(start))!;
  const prefix = m[1]!.toLowerCase();
  const quote = m[2]!;
  // f-strings parse to JoinedStr, which literal_eval rejects.
  if (prefix.includes('f')) throw NOT_A_LITERAL;
  const raw = prefix.includes('r');
  const bytes = prefix.includes('b');
  let i = start + m[0].length;
  let body = '';
  for (;;) {
    if (i >= src.length) throw NOT_A_LITERAL; // unterminated
    if (src.startsWith(quote, i)) break;
    const c = src[i]!;
    if (quote.length === 1 && (c === '\n' || c === '\r')) throw NOT_A_LITERAL;
    if (c === '\\' && i + 1 < src.length) {
      body += c + src[i + 1];
      i += 2;
      continue;
    }
    body += c;
    i++;
  }
  if (bytes && /[^\x00-\x7f]/.test(body)) throw NOT_A_LITERAL;
  const value = raw ? body : unescape(body, bytes);
  return { token: { kind: 'string', value: bytes ? decodeBytes(value) : value, bytes }, end: i + quote.length };
}

const SIMPLE: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function unescape(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (n === '\n') i++;
    else if (n in SIMPLE) (out += SIMPLE[n]), i++;
    else if (oct) (out += String.fromCodePoint(parseInt(oct[0], 8) & (bytes ? 0xff : 0x1ff))), (i += oct[0].length);
    else if (n === 'x') (out += String.fromCodePoint(hexEscape(body, i + 2, 2))), (i += 3);
    else if (!bytes && n === 'u') (out += String.fromCodePoint(hexEscape(body, i + 2, 4))), (i += 5);
    else if (!bytes && n === 'U') (out += String.fromCodePoint(hexEscape(body, i + 2, 8))), (i += 9);
    else if (!bytes && n === 'N') throw NOT_A_LITERAL; // \N{NAME} needs the Unicode name table
    else out += c; // unknown escapes stay as written (Python only warns)
  }
  return out;
}

function hexEscape(body: string, at: number, len: number): number {
  const h = body.slice(at, at + len);
  if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) throw NOT_A_LITERAL;
  const v = parseInt(h, 16);
  if (v > 0x10ffff) throw NOT_A_LITERAL;
  return v;
}

/** INI typing runs the result through to_text, which decodes bytes as UTF-8. */
function decodeBytes(latin: string): string {
  const buf = Uint8Array.from(latin, (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8').decode(buf);
}
