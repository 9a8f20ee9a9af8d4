/**
 * Python's `shlex.split(s, comments=True)` (posix mode), which the INI plug-in uses on host lines:
 * quotes group, `\` escapes outside single quotes, `#` starts a comment even inside a word.
 */
export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';

export function shlexSplit(line: string, comments = true): string[] {
  const tokens: string[] = [];
  let token = '';
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (WHITESPACE.includes(c)) {
      if (inToken) tokens.push(token);
      token = '';
      inToken = false;
    } else if (comments && c === '#') {
      // shlex checks commenters before word characters, so "a=b#c" ends at the '#'.
      break;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      token += line[++i];
      inToken = true;
    } else if (c === "'" || c === '"') {
      const r = c === "'" ? singleQuoted(line, i) : doubleQuoted(line, i);
      token += r.text;
      i = r.end;
      inToken = true; // an empty "" is still a token
    } else {
      token += c;
      inToken = true;
    }
  }
  if (inToken) tokens.push(token);
  return tokens;
}

function singleQuoted(line: string, start: number): { text: string; end: number } {
  const close = line.indexOf("'", start + 1);
  if (close < 0) throw new ShlexError('No closing quotation');
  return { text: line.slice(start + 1, close), end: close };
}

/** Inside double quotes a backslash escapes only `"` and `\`; before anything else it stays. */
function doubleQuoted(line: string, start: number): { text: string; end: number } {
  let text = '';
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return { text, end: i };
    if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      const n = line[++i]!;
      text += n === '"' || n === '\\' ? n : c + n;
    } else text += c;
  }
  throw new ShlexError('No closing quotation');
}
