/** Jinja2's expression grammar (jinja2/parser.py parse_expression and below), same precedence. */
import type { BinOp, CmpOp, Expr } from './ast.js';
import { describeToken } from './lexer.js';
import { syntaxError } from './errors.js';
import type { TokenStream } from './token-stream.js';
import { PyFloat } from '../values/py.js';

const CMP: Record<string, CmpOp> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lteq', '>': 'gt', '>=': 'gteq' };

/** Operators, literals and subscripts; calls, filters and tests come from the subclass (parse-args.ts). */
export abstract class ExprCore {
  constructor(protected readonly s: TokenStream) {}

  protected abstract parseFilterExpr(node: Expr): Expr;
  protected abstract parseCall(fn: Expr): Expr;

  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const pos = this.s.current.pos;
    let a = this.parseOr();
    while (this.s.skipIf('name:if')) {
      const test = this.parseOr();
      const b = this.s.skipIf('name:else') ? this.parseCondexpr() : null;
      a = { t: 'cond', test, a, b, pos };
    }
    return a;
  }

  private parseOr(): Expr {
    let l = this.parseAnd();
    while (this.s.test('name:or')) {
      const pos = this.s.next().pos;
      l = { t: 'or', l, r: this.parseAnd(), pos };
    }
    return l;
  }

  private parseAnd(): Expr {
    let l = this.parseNot();
    while (this.s.test('name:and')) {
      const pos = this.s.next().pos;
      l = { t: 'and', l, r: this.parseNot(), pos };
    }
    return l;
  }

  private parseNot(): Expr {
    if (this.s.test('name:not')) {
      const pos = this.s.next().pos;
      return { t: 'unary', op: 'not', x: this.parseNot(), pos };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const pos = this.s.current.pos;
    const x = this.parseMath1();
    const ops: Array<[CmpOp, Expr]> = [];
    for (;;) {
      const cur = this.s.current;
      if (cur.type === 'op' && CMP[cur.value as string]) {
        this.s.next();
        ops.push([CMP[cur.value as string]!, this.parseMath1()]);
      } else if (this.s.skipIf('name:in')) {
        ops.push(['in', this.parseMath1()]);
      } else if (this.s.test('name:not') && this.s.look().type === 'name' && this.s.look().value === 'in') {
        this.s.next();
        this.s.next();
        ops.push(['notin', this.parseMath1()]);
      } else break;
    }
    return ops.length ? { t: 'compare', x, ops, pos } : x;
  }

  private binLoop(next: () => Expr, ops: string[]): Expr {
    let l = next();
    while (this.s.current.type === 'op' && ops.includes(this.s.current.value as string)) {
      const tok = this.s.next();
      l = { t: 'bin', op: tok.value as BinOp, l, r: next(), pos: tok.pos };
    }
    return l;
  }

  private parseMath1(): Expr {
    return this.binLoop(() => this.parseConcat(), ['+', '-']);
  }
  private parseConcat(): Expr {
    return this.binLoop(() => this.parseMath2(), ['~']);
  }
  private parseMath2(): Expr {
    return this.binLoop(() => this.parsePow(), ['*', '/', '//', '%']);
  }
  private parsePow(): Expr {
    return this.binLoop(() => this.parseUnary(), ['**']);
  }

  parseUnary(withFilter = true): Expr {
    const cur = this.s.current;
    let node: Expr;
    if (cur.type === 'op' && (cur.value === '-' || cur.value === '+')) {
      this.s.next();
      node = { t: 'unary', op: cur.value === '-' ? 'neg' : 'pos', x: this.parseUnary(false), pos: cur.pos };
    } else node = this.parsePrimary();
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  parsePrimary(): Expr {
    const tok = this.s.current;
    if (tok.type === 'name') {
      this.s.next();
      const v = tok.value as string;
      if (v === 'true' || v === 'True') return { t: 'const', v: true, pos: tok.pos };
      if (v === 'false' || v === 'False') return { t: 'const', v: false, pos: tok.pos };
      if (v === 'none' || v === 'None') return { t: 'const', v: null, pos: tok.pos };
      return { t: 'name', n: v, pos: tok.pos };
    }
    if (tok.type === 'string') {
      let v = '';
      while (this.s.current.type === 'string') v += this.s.next().value as string;
      return { t: 'const', v, pos: tok.pos };
    }
    if (tok.type === 'integer') return this.s.next(), { t: 'const', v: tok.value, pos: tok.pos };
    if (tok.type === 'float') return this.s.next(), { t: 'const', v: new PyFloat(tok.value as number), pos: tok.pos };
    if (this.s.test('(')) {
      this.s.next();
      const node = this.parseTuple(false, true, [], true);
      this.s.expect(')');
      return node;
    }
    if (this.s.test('[')) return this.parseList();
    if (this.s.test('{')) return this.parseDict();
    if (tok.type === 'eof') throw syntaxError('unexpected end of template', tok.pos);
    throw syntaxError(`unexpected '${describeToken(tok)}'`, tok.pos);
  }

  /** Comma-separated expressions: a tuple when there is a comma (or parentheses made it empty). */
  parseTuple(simplified = false, withCondexpr = true, extraEnd: string[] = [], explicitParens = false): Expr {
    const pos = this.s.current.pos;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.s.expect(',');
      if (this.isTupleEnd(extraEnd)) break;
      items.push(simplified ? this.parsePrimary() : this.parseExpression(withCondexpr));
      if (this.s.test(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0]!;
      if (!explicitParens) throw syntaxError(`Expected an expression, got '${describeToken(this.s.current)}'`, pos);
    }
    return { t: 'tuple', items, pos };
  }

  private isTupleEnd(extraEnd: string[]): boolean {
    const c = this.s.current;
    if (c.type === 'var_end' || c.type === 'block_end' || c.type === 'eof') return true;
    if (c.type === 'op' && c.value === ')') return true;
    return extraEnd.some((e) => this.s.test(e));
  }

  private parseList(): Expr {
    const pos = this.s.expect('[').pos;
    const items: Expr[] = [];
    while (!this.s.test(']')) {
      if (items.length) this.s.expect(',');
      if (this.s.test(']')) break;
      items.push(this.parseExpression());
    }
    this.s.expect(']');
    return { t: 'list', items, pos };
  }

  private parseDict(): Expr {
    const pos = this.s.expect('{').pos;
    const pairs: Array<[Expr, Expr]> = [];
    while (!this.s.test('}')) {
      if (pairs.length) this.s.expect(',');
      if (this.s.test('}')) break;
      const k = this.parseExpression();
      this.s.expect(':');
      pairs.push([k, this.parseExpression()]);
    }
    this.s.expect('}');
    return { t: 'dict', pairs, pos };
  }

  parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.s.test('.') || this.s.test('[')) node = this.parseSubscript(node);
      else if (this.s.test('(')) node = this.parseCall(node);
      else return node;
    }
  }

  protected parseSubscript(node: Expr): Expr {
    const tok = this.s.next();
    if (tok.value === '.') {
      const attr = this.s.next();
      if (attr.type === 'name') return { t: 'getattr', obj: node, attr: attr.value as string, pos: tok.pos };
      if (attr.type !== 'integer') throw syntaxError('expected name or number', attr.pos);
      return { t: 'getitem', obj: node, arg: { t: 'const', v: attr.value, pos: attr.pos }, pos: tok.pos };
    }
    const args: Expr[] = [];
    while (!this.s.test(']')) {
      if (args.length) {
        this.s.expect(',');
        if (this.s.test(']')) break;
      }
      args.push(this.parseSubscribed());
    }
    this.s.expect(']');
    const arg: Expr = args.length === 1 ? args[0]! : { t: 'tuple', items: args, pos: tok.pos };
    return { t: 'getitem', obj: node, arg, pos: tok.pos };
  }

  protected parseSubscribed(): Expr {
    const pos = this.s.current.pos;
    const parts: Array<Expr | null> = [];
    if (this.s.test(':')) {
      this.s.next();
      parts.push(null);
    } else {
      const e = this.parseExpression();
      if (!this.s.test(':')) return e;
      this.s.next();
      parts.push(e);
    }
    parts.push(this.s.test(':') || this.s.test(']') || this.s.test(',') ? null : this.parseExpression());
    if (this.s.skipIf(':')) parts.push(this.s.test(']') || this.s.test(',') ? null : this.parseExpression());
    else parts.push(null);
    return { t: 'slice', start: parts[0]!, stop: parts[1]!, step: parts[2]!, pos };
  }

}
