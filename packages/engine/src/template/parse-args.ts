/** Jinja2's call arguments, filters, tests and assignment targets (jinja2/parser.py). */
import type { Args, Expr, FilterNode, Target } from './ast.js';
import { ExprCore } from './parse-expr.js';
import { syntaxError } from './errors.js';

const TEST_ARG_START = new Set(['name', 'string', 'integer', 'float']);

export class ExprParser extends ExprCore {
  protected parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.s.test('|')) node = this.parseFilter(node);
      else if (this.s.test('name:is')) node = this.parseTest(node);
      else if (this.s.test('(')) node = this.parseCall(node);
      else return node;
    }
  }

  parseCallArgs(): Args {
    this.s.expect('(');
    const a: Args = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    let first = true;
    while (!this.s.test(')')) {
      if (!first) {
        this.s.expect(',');
        if (this.s.test(')')) break;
      }
      first = false;
      if (this.s.test('*')) {
        this.s.next();
        a.dynArgs = this.parseExpression();
      } else if (this.s.test('**')) {
        this.s.next();
        a.dynKwargs = this.parseExpression();
      } else if (this.s.current.type === 'name' && this.s.look().type === 'op' && this.s.look().value === '=') {
        const key = this.s.next().value as string;
        this.s.next();
        a.kwargs.push([key, this.parseExpression()]);
      } else {
        if (a.kwargs.length || a.dynArgs || a.dynKwargs) throw syntaxError('invalid syntax for function call expression', this.s.current.pos);
        a.args.push(this.parseExpression());
      }
    }
    this.s.expect(')');
    return a;
  }

  protected parseCall(fn: Expr): Expr {
    const pos = this.s.current.pos;
    return { t: 'call', fn, pos, ...this.parseCallArgs() };
  }

  private dottedName(): string {
    let name = this.s.expect('name').value as string;
    while (this.s.test('.')) {
      this.s.next();
      name += '.' + (this.s.expect('name').value as string);
    }
    return name;
  }

  parseFilter(node: Expr | null, startInline = false): FilterNode {
    const pos = this.s.current.pos;
    if (!startInline) this.s.next();
    const name = this.dottedName();
    const args = this.s.test('(') ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    return { t: 'filter', node, name, pos, ...args };
  }

  private parseTest(node: Expr): Expr {
    const pos = this.s.next().pos;
    const negated = this.s.skipIf('name:not');
    const name = this.dottedName();
    let args: Args = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const cur = this.s.current;
    if (this.s.test('(')) args = this.parseCallArgs();
    else if ((TEST_ARG_START.has(cur.type) || this.s.test('[') || this.s.test('{'))
      && !['name:else', 'name:or', 'name:and'].some((x) => this.s.test(x))) {
      if (this.s.test('name:is')) throw syntaxError('You cannot chain multiple tests with is', cur.pos);
      args.args.push(this.parsePostfix(this.parsePrimary()));
    }
    const test: Expr = { t: 'test', node, name, pos, ...args };
    return negated ? { t: 'unary', op: 'not', x: test, pos } : test;
  }

  /** Assignment target of for/set/with: names, `ns.attr` (set only) or tuples of names. */
  parseAssignTarget(withTuple = true, nameOnly = false, extraEnd: string[] = [], withNamespace = false): Target {
    const tok = this.s.current;
    if (withNamespace && tok.type === 'name' && this.s.look().value === '.' && this.s.look().type === 'op') {
      this.s.next();
      this.s.next();
      const attr = this.s.expect('name');
      return { t: 'nsattr', n: tok.value as string, attr: attr.value as string, pos: tok.pos };
    }
    if (nameOnly) {
      const n = this.s.expect('name');
      return { t: 'name', n: n.value as string, pos: n.pos };
    }
    const e = withTuple ? this.parseTuple(true, true, extraEnd) : this.parsePrimary();
    return toTarget(e);
  }}


function toTarget(e: Expr): Target {
  if (e.t === 'name') {
    if (['true', 'false', 'none', 'True', 'False', 'None'].includes(e.n)) throw syntaxError(`can't assign to '${e.n}'`, e.pos);
    return { t: 'name', n: e.n, pos: e.pos };
  }
  if (e.t === 'tuple') return { t: 'tuple', items: e.items.map(toTarget), pos: e.pos };
  throw syntaxError(`can't assign to '${e.t === 'const' ? 'const' : e.t}'`, e.pos);
}
