/** Python's re.sub replacement templates: \1, \g<1>, \g<name>, \n-style escapes, octal. */
import { TemplateError } from '../../errors.js';
import { reError } from './translate.js';
import type { CompiledPattern } from './translate.js';

/** A parsed template: literal strings and group numbers. */
export type TemplatePart = string | number;

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

export function parseReplacement(repl: string, pat: CompiledPattern): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  let i = 0;
  const flush = (): void => {
    if (lit) parts.push(lit);
    lit = '';
  };
  while (i < repl.length) {
    const ch = repl[i]!;
    if (ch !== '\\') {
      lit += ch;
      i++;
      continue;
    }
    const c = repl[i + 1];
    if (c === undefined) throw reError('bad escape (end of pattern)', repl, i);
    if (c === 'g') {
      const [group, next] = namedGroup(repl, i, pat);
      flush();
      parts.push(group);
      i = next;
    } else if (c === '0') {
      const m = /^0[0-7]{0,2}/.exec(repl.slice(i + 1))![0];
      lit += String.fromCharCode(parseInt(m, 8));
      i += 1 + m.length;
    } else if (/[1-9]/.test(c)) {
      const oct = /^[0-7]{3}/.exec(repl.slice(i + 1));
      if (oct) {
        const v = parseInt(oct[0], 8);
        if (v > 0o377) throw reError(`octal escape value \\${oct[0]} outside of range 0-0o377`, repl, i);
        lit += String.fromCharCode(v);
        i += 4;
        continue;
      }
      const digits = /^[0-9]{1,2}/.exec(repl.slice(i + 1))![0];
      const n = Number(digits);
      if (n > pat.groups) throw reError(`invalid group reference ${n}`, repl, i + 1);
      flush();
      parts.push(n);
      i += 1 + digits.length;
    } else if (c in ESCAPES) {
      lit += ESCAPES[c];
      i += 2;
    } else if (/[A-Za-z]/.test(c)) {
      throw reError(`bad escape \\${c}`, repl, i);
    } else {
      lit += '\\' + c;
      i += 2;
    }
  }
  flush();
  return parts;
}

function namedGroup(repl: string, i: number, pat: CompiledPattern): [number, number] {
  if (repl[i + 2] !== '<') throw reError('missing <', repl, i + 2);
  const end = repl.indexOf('>', i + 3);
  if (end < 0) throw reError('missing >, unterminated name', repl, i + 3);
  const name = repl.slice(i + 3, end);
  if (name === '') throw reError('missing group name', repl, i + 3);
  if (/^[0-9]+$/.test(name)) {
    const n = Number(name);
    if (n > pat.groups) throw reError(`invalid group reference ${n}`, repl, i + 3);
    return [n, end + 1];
  }
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw reError(`bad character in group name '${name}'`, repl, i + 3);
  const n = pat.groupNames.get(name);
  // Python raises IndexError here, not re.error; the message is the same.
  if (n === undefined) throw new TemplateError('template-runtime', `unknown group name '${name}'`);
  return [n, end + 1];
}


export function expandReplacement(parts: TemplatePart[], m: RegExpExecArray): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : (m[p] ?? '');
  return out;
}
