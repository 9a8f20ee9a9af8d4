/** A cursor over the lexer's tokens with Jinja2's `expect`/`skip_if` helpers and its error texts. */
import { describeToken, type Token, type TokenType } from './lexer.js';
import { syntaxError } from './errors.js';

export class TokenStream {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  get current(): Token {
    return this.tokens[this.i]!;
  }
  look(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== 'eof') this.i++;
    return t;
  }
  /** True when the current token is an operator `op`, or a name `name:x` written as `name:x`. */
  test(spec: string): boolean {
    return matches(this.current, spec);
  }
  skipIf(spec: string): boolean {
    if (!this.test(spec)) return false;
    this.next();
    return true;
  }
  expect(spec: string): Token {
    if (!this.test(spec)) {
      const cur = this.current;
      const want = spec.startsWith('name:') ? spec.slice(5) : describeSpec(spec);
      if (cur.type === 'eof') throw syntaxError(`unexpected end of template, expected '${want}'.`, cur.pos);
      throw syntaxError(`expected token '${want}', got '${describeToken(cur)}'`, cur.pos);
    }
    return this.next();
  }
}

const TYPE_NAMES: Record<string, string> = {
  var_end: 'end of print statement', block_end: 'end of statement block', name: 'name', string: 'string',
};

function describeSpec(spec: string): string {
  return TYPE_NAMES[spec] ?? spec;
}

export function matches(t: Token, spec: string): boolean {
  if (spec.startsWith('name:')) return t.type === 'name' && t.value === spec.slice(5);
  if (TYPES.has(spec)) return t.type === spec;
  return t.type === 'op' && t.value === spec;
}

const TYPES = new Set<TokenType | string>(['data', 'var_begin', 'var_end', 'block_begin', 'block_end', 'name', 'string',
  'integer', 'float', 'eof']);
