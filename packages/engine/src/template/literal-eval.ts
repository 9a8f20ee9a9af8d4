/**
 * Python's ast.literal_eval over Ansible's Json2Python (true/false/null also accepted), for the
 * typing of templated strings that look like lists, dicts or booleans. Returns NOT_LITERAL when
 * Python would raise, so callers keep the string.
 */
import { PyFloat, PyTuple, pyStr, setItem } from '../values/py.js';
import { decodePyEscapes } from './py/escapes.js';

export const NOT_LITERAL: unique symbol = Symbol('not-literal');

class Fail extends Error {}

const NAMES: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };

class LiteralParser {
  i = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    for (;;) {
      const m = /^(?:[ \t\f\r\n]+|\\\n|#[^\n]*)/.exec(this.s.slice(this.i));
      if (!m) return;
      this.i += m[0].length;
    }
  }

  peek(): string {
    this.ws();
    return this.s[this.i] ?? '';
  }

  eat(ch: string): boolean {
    if (this.peek() !== ch) return false;
    this.i++;
    return true;
  }

  value(): unknown {
    const c = this.peek();
    if (c === '[') return this.seq('[', ']', false);
    if (c === '(') return this.seq('(', ')', true);
    if (c === '{') return this.dict();
    if (c === '-' || c === '+') {
      this.i++;
      const v = this.value();
      if (typeof v === 'number') return c === '-' ? -v : v;
      if (v instanceof PyFloat) return new PyFloat(c === '-' ? -v.value : v.value);
      throw new Fail();
    }
    const rest = this.s.slice(this.i);
    const str = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(rest);
    if (str) return this.strings();
    const num = /^(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/.exec(rest);
    if (num && num[0]) {
      this.i += num[0].length;
      const t = num[0].replace(/_/g, '');
      if (/[jJ]$/.test(t)) throw new Fail();
      if (/^0[xob]/i.test(t)) return parseInt(t.slice(2), { x: 16, o: 8, b: 2 }[t[1]!.toLowerCase() as 'x']);
      if (/[.eE]/.test(t)) return new PyFloat(Number(t));
      if (/^0\d/.test(t) && /[1-9]/.test(t)) throw new Fail();
      return Number(t);
    }
    const name = /^[A-Za-z_]\w*/.exec(rest);
    if (name && Object.hasOwn(NAMES, name[0])) {
      this.i += name[0].length;
      return NAMES[name[0]];
    }
    throw new Fail();
  }

  strings(): string {
    let out = '';
    let any = false;
    for (;;) {
      this.ws();
      const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(this.s.slice(this.i));
      if (!m) break;
      if (/[bB]/.test(m[1]!)) throw new Fail();
      const q = m[2]!;
      let j = this.i + m[0].length;
      let body = '';
      for (;;) {
        if (j >= this.s.length) throw new Fail();
        if (this.s.startsWith(q, j)) break;
        const ch = this.s[j]!;
        if (ch === '\n' && q.length === 1) throw new Fail();
        if (ch === '\\') {
          body += this.s.slice(j, j + 2);
          j += 2;
        } else {
          body += ch;
          j++;
        }
      }
      this.i = j + q.length;
      out += /[rR]/.test(m[1]!) ? body : decodePyEscapes(body);
      any = true;
    }
    if (!any) throw new Fail();
    return out;
  }

  seq(open: string, close: string, tuple: boolean): unknown {
    this.eat(open);
    const items: unknown[] = [];
    let sawComma = false;
    while (!this.eat(close)) {
      if (items.length && !sawComma) throw new Fail();
      items.push(this.value());
      sawComma = this.eat(',');
    }
    if (tuple) return items.length === 1 && !sawComma ? items[0] : PyTuple.of_(items);
    return items;
  }

  dict(): unknown {
    this.eat('{');
    const d: Record<string, unknown> = {};
    let n = 0;
    let sawComma = false;
    while (!this.eat('}')) {
      if (n && !sawComma) throw new Fail();
      const k = this.value();
      // A set literal: literal_eval builds a set, which the value model cannot hold.
      if (!this.eat(':')) throw new Fail();
      setItem(d, typeof k === 'string' ? k : pyStr(k), this.value());
      n++;
      sawComma = this.eat(',');
    }
    return d;
  }
}

export function literalEval(s: string): unknown {
  try {
    const p = new LiteralParser(s);
    const v = p.value();
    p.ws();
    if (p.i !== s.length) return NOT_LITERAL;
    return v;
  } catch (e) {
    if (e instanceof Fail || e instanceof Error) return NOT_LITERAL;
    throw e;
  }
}
