/** Scalar analysis, style choice and the plain / single-quoted / double-quoted writers of PyYAML. */
import type { Writer } from './writer.js';

export interface Analysis {
  empty: boolean;
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
}

const BREAKS = '\n\x85\u2028\u2029';
const WS_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029';
void 0;

/** libyaml's IS_PRINTABLE: note that characters above U+FFFF are not printable for libyaml. */
function isPrintable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

/** Characters by code point; a string without surrogates indexes as it is (no array needed). */
export function codePoints(s: string): ArrayLike<string> {
  return /[\uD800-\uDFFF]/.test(s) ? [...s] : s;
}

export function analyzeScalar(scalar: string): Analysis {
  if (!scalar) return { empty: true, multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true };
  const chars = codePoints(scalar);
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (scalar.startsWith('---') || scalar.startsWith('...')) blockInd = flowInd = true;
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WS_OR_BREAK.includes(chars[1]!);
  let prevSpace = false;
  let prevBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowInd = blockInd = true;
      if ('?:'.includes(ch)) {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '-' && followedByWs) flowInd = blockInd = true;
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '#' && precededByWs) flowInd = blockInd = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!isPrintable(ch)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else prevSpace = prevBreak = false;
    precededByWs = WS_OR_BREAK.includes(ch);
    followedByWs = i + 2 >= chars.length || WS_OR_BREAK.includes(chars[i + 2]!);
  }
  let flowPlain = true;
  let blockPlain = true;
  let singleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = singleQuoted = false;
  if (spaceBreak || special) flowPlain = blockPlain = singleQuoted = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { empty: false, multiline: lineBreaks, flowPlain, blockPlain, singleQuoted };
}

/** libyaml's yaml_emitter_select_scalar_style for untagged, unstyled scalars. */
export function chooseStyle(a: Analysis, plainImplicit: boolean, simpleKey: boolean, flowLevel: number): '' | "'" | '"' {
  let style: '' | "'" | '"' = '';
  if ((flowLevel > 0 && !a.flowPlain) || (flowLevel === 0 && !a.blockPlain)) style = "'";
  if (a.empty && (flowLevel > 0 || simpleKey)) style = "'";
  if (!plainImplicit) style = "'";
  if (style === "'" && !a.singleQuoted) style = '"';
  return style;
}


export function writePlain(w: Writer, text: string, split: boolean): void {
  if (!w.whitespace && (text || w.flowLevel > 0)) w.write(' ');
  if (!split || (!text.includes(' ') || w.column + text.length <= w.bestWidth)) {
    // No line can be folded here: write the text in one piece.
    w.write(text);
    w.whitespace = false;
    w.indention = false;
    return;
  }
  const chars = codePoints(text);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === ' ') {
      if (split && !spaces && w.column > w.bestWidth && chars[i + 1] !== ' ') w.writeIndent();
      else w.write(ch);
      spaces = true;
    } else {
      w.write(ch);
      w.indention = false;
      spaces = false;
    }
  }
  w.whitespace = false;
  w.indention = false;
}

export function writeSingleQuoted(w: Writer, text: string, split: boolean): void {
  w.writeIndicator("'", true);
  const chars = codePoints(text);
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === ' ') {
      if (split && !spaces && w.column > w.bestWidth && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ') w.writeIndent();
      else w.write(ch);
      spaces = true;
    } else if (BREAKS.includes(ch) || ch === '\r') {
      if (!breaks && ch === '\n') w.writeLineBreak();
      w.writeLineBreak(ch === '\r' || ch === '\n' ? '\n' : ch);
      w.indention = true;
      breaks = true;
    } else {
      if (breaks) w.writeIndent();
      w.write(ch === "'" ? "''" : ch);
      w.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  if (breaks) w.writeIndent();
  w.writeIndicator("'", false);
}

const ESCAPES: Record<string, string> = { '\0': '0', '\x07': 'a', '\x08': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\x0c': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P' };

function escape(ch: string): string {
  if (ESCAPES[ch] !== undefined) return '\\' + ESCAPES[ch];
  const c = ch.codePointAt(0)!;
  const hex = c.toString(16).toUpperCase();
  return c <= 0xff ? '\\x' + hex.padStart(2, '0') : c <= 0xffff ? '\\u' + hex.padStart(4, '0') : '\\U' + hex.padStart(8, '0');
}

export function writeDoubleQuoted(w: Writer, text: string, split: boolean): void {
  w.writeIndicator('"', true);
  const chars = codePoints(text);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (!isPrintable(ch) || BREAKS.includes(ch) || ch === '"' || ch === '\\') {
      w.write(escape(ch));
      spaces = false;
    } else if (ch === ' ') {
      if (split && !spaces && w.column > w.bestWidth && i !== 0 && i !== chars.length - 1) {
        w.writeIndent();
        if (chars[i + 1] === ' ') w.write('\\');
      } else w.write(ch);
      spaces = true;
    } else {
      w.write(ch);
      spaces = false;
    }
  }
  w.writeIndicator('"', false);
}
