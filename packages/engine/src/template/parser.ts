/** Jinja2's statement parser (jinja2/parser.py): tags to Stmt nodes. Expressions: parse-expr.ts. */
import type { Expr, MacroSig, Stmt, Target, TemplateAst } from './ast.js';
import { ExprParser } from './parse-args.js';
import { syntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import { TokenStream } from './token-stream.js';
import type { JinjaEnvironment } from './types.js';

type StmtParser = (p: Parser, pos: number) => Stmt;

class Parser extends ExprParser {
  /** Open tags and the end tags they wait for, for Jinja2's "looking for" messages. */
  private readonly endStack: string[][] = [];
  private readonly tagStack: string[] = [];
  readonly blocks = new Map<string, Stmt & { t: 'block' }>();
  hasExtends = false;

  constructor(stream: TokenStream) {
    super(stream);
  }

  subparse(endTokens: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    if (endTokens) this.endStack.push(endTokens);
    try {
      for (;;) {
        const tok = this.s.current;
        if (tok.type === 'eof') return body;
        if (tok.type === 'data') {
          this.s.next();
          body.push({ t: 'data', text: tok.value as string, pos: tok.pos });
        } else if (tok.type === 'var_begin') {
          this.s.next();
          body.push({ t: 'print', expr: this.parseTuple(), pos: tok.pos });
          this.s.expect('var_end');
        } else if (tok.type === 'block_begin') {
          this.s.next();
          if (endTokens && endTokens.some((e) => this.s.test(e))) return body;
          body.push(this.parseStatement());
          this.s.expect('block_end');
        } else throw syntaxError('internal parsing error', tok.pos);
      }
    } finally {
      if (endTokens) this.endStack.pop();
    }
  }

  private parseStatement(): Stmt {
    const tok = this.s.current;
    if (tok.type !== 'name') throw syntaxError('tag name expected', tok.pos);
    const fn = STATEMENTS[tok.value as string];
    if (!fn) throw this.unknownTag(tok.value as string, tok.pos);
    this.tagStack.push(tok.value as string);
    try {
      this.s.next();
      return fn(this, tok.pos);
    } finally {
      this.tagStack.pop();
    }
  }

  private unknownTag(name: string | null, pos: number): Error {
    const bare = (e: string): string => e.replace(/^name:/, '');
    const expected = new Set(this.endStack.flat().map(bare));
    const innermost = this.endStack[this.endStack.length - 1];
    const looking = innermost ? innermost.map((e) => `'${bare(e)}'`).join(' or ') : '';
    const open = this.tagStack[this.tagStack.length - 1];
    let msg = name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`;
    if (looking) {
      msg += name !== null && expected.has(name)
        ? ` You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`
        : ` Jinja was looking for the following tags: ${looking}.`;
    }
    if (open) msg += ` The innermost block that needs to be closed is '${open}'.`;
    return syntaxError(msg, pos);
  }

  statements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.s.skipIf(':');
    this.s.expect('block_end');
    const body = this.subparse(endTokens);
    if (this.s.current.type === 'eof') {
      this.endStack.push(endTokens);
      try {
        throw this.unknownTag(null, this.s.current.pos);
      } finally {
        this.endStack.pop();
      }
    }
    if (dropNeedle) this.s.next();
    return body;
  }

  signature(): MacroSig {
    const sig: MacroSig = { args: [], defaults: [] };
    this.s.expect('(');
    while (!this.s.test(')')) {
      if (sig.args.length) this.s.expect(',');
      const arg = this.parseAssignTarget(true, true);
      if (this.s.skipIf('=')) sig.defaults.push(this.parseExpression());
      else if (sig.defaults.length) throw syntaxError('non-default argument follows default argument', arg.pos);
      sig.args.push((arg as { n: string }).n);
    }
    this.s.expect(')');
    return sig;
  }

  importContext(dflt: boolean): boolean {
    if ((this.s.test('name:with') || this.s.test('name:without')) && this.s.look().value === 'context') {
      const w = this.s.next().value === 'with';
      this.s.next();
      return w;
    }
    return dflt;
  }

  get stream(): TokenStream {
    return this.s;
  }
}

function parseFor(p: Parser, pos: number): Stmt {
  const target = p.parseAssignTarget(true, false, ['name:in']);
  p.stream.expect('name:in');
  const iter = p.parseTuple(false, false, ['name:recursive']);
  const test = p.stream.skipIf('name:if') ? p.parseExpression() : null;
  const recursive = p.stream.skipIf('name:recursive');
  const body = p.statements(['name:endfor', 'name:else']);
  const else_ = p.stream.next().value === 'endfor' ? [] : p.statements(['name:endfor'], true);
  return { t: 'for', target, iter, body, else_, test, recursive, pos };
}

function parseIf(p: Parser, pos: number): Stmt {
  const test = p.parseTuple(false, false);
  const body = p.statements(['name:elif', 'name:else', 'name:endif']);
  const tok = p.stream.next();
  if (tok.value === 'elif') return { t: 'if', test, body, else_: [parseIf(p, tok.pos)], pos };
  if (tok.value === 'else') return { t: 'if', test, body, else_: p.statements(['name:endif'], true), pos };
  return { t: 'if', test, body, else_: [], pos };
}

function parseSet(p: Parser, pos: number): Stmt {
  const target = p.parseAssignTarget(true, false, [], true);
  if (p.stream.skipIf('=')) return { t: 'set', target, expr: p.parseTuple(), pos };
  const filter = p.stream.test('|') ? p.parseFilter(null) : null;
  return { t: 'setblock', target, body: p.statements(['name:endset'], true), filter, pos };
}

function parseBlock(p: Parser, pos: number): Stmt {
  const name = p.stream.expect('name').value as string;
  const scoped = p.stream.skipIf('name:scoped');
  const required = p.stream.skipIf('name:required');
  if (p.stream.test('-')) throw syntaxError('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.', pos);
  const body = p.statements(['name:endblock'], true);
  p.stream.skipIf(`name:${name}`);
  if (p.blocks.has(name)) throw syntaxError(`block '${name}' defined twice`, pos);
  const node = { t: 'block' as const, name, body, scoped, required, pos };
  p.blocks.set(name, node);
  return node;
}

function parseInclude(p: Parser, pos: number): Stmt {
  const template = p.parseExpression();
  let ignoreMissing = false;
  if (p.stream.test('name:ignore') && p.stream.look().value === 'missing') {
    p.stream.next();
    p.stream.next();
    ignoreMissing = true;
  }
  return { t: 'include', template, ignoreMissing, withContext: p.importContext(true), pos };
}

function parseImport(p: Parser, pos: number): Stmt {
  const template = p.parseExpression();
  p.stream.expect('name:as');
  const target = (p.parseAssignTarget(true, true) as { n: string }).n;
  return { t: 'import', template, target, withContext: p.importContext(false), pos };
}

function parseFrom(p: Parser, pos: number): Stmt {
  const template = p.parseExpression();
  p.stream.expect('name:import');
  const names: Array<[string, string]> = [];
  let withContext: boolean | undefined;
  const ctx = (): boolean => {
    if ((p.stream.test('name:with') || p.stream.test('name:without')) && p.stream.look().value === 'context') {
      withContext = p.stream.next().value === 'with';
      p.stream.next();
      return true;
    }
    return false;
  };
  for (;;) {
    if (names.length) p.stream.expect(',');
    if (p.stream.current.type !== 'name') {
      p.stream.expect('name');
      break;
    }
    if (ctx()) break;
    const target = p.parseAssignTarget(true, true) as { n: string; pos: number };
    if (target.n.startsWith('_')) throw syntaxError('names starting with an underline can not be imported', target.pos);
    const alias = p.stream.skipIf('name:as') ? (p.parseAssignTarget(true, true) as { n: string }).n : target.n;
    names.push([target.n, alias]);
    if (ctx() || !p.stream.test(',')) break;
  }
  return { t: 'fromimport', template, names, withContext: withContext ?? false, pos };
}

function parseMacro(p: Parser, pos: number): Stmt {
  const name = (p.parseAssignTarget(true, true) as { n: string }).n;
  const sig = p.signature();
  return { t: 'macro', name, ...sig, body: p.statements(['name:endmacro'], true), pos };
}

function parseCallBlock(p: Parser, pos: number): Stmt {
  const sig = p.stream.test('(') ? p.signature() : { args: [], defaults: [] };
  const call = p.parseExpression();
  if (call.t !== 'call') throw syntaxError('expected call', call.pos);
  return { t: 'callblock', call, ...sig, body: p.statements(['name:endcall'], true), pos };
}

function parseWith(p: Parser, pos: number): Stmt {
  const targets: Target[] = [];
  const values: Expr[] = [];
  while (p.stream.current.type !== 'block_end') {
    if (targets.length) p.stream.expect(',');
    targets.push(p.parseAssignTarget());
    p.stream.expect('=');
    values.push(p.parseExpression());
  }
  return { t: 'with', targets, values, body: p.statements(['name:endwith'], true), pos };
}

const STATEMENTS: Record<string, StmtParser> = {
  for: parseFor,
  if: parseIf,
  set: parseSet,
  block: parseBlock,
  extends: (p, pos) => {
    p.hasExtends = true;
    return { t: 'extends', template: p.parseExpression(), pos };
  },
  print: (p, pos) => ({ t: 'print', expr: p.parseTuple(), pos }),
  include: parseInclude,
  import: parseImport,
  from: parseFrom,
  macro: parseMacro,
  call: parseCallBlock,
  filter: (p, pos) => {
    const filter = p.parseFilter(null, true);
    return { t: 'filterblock', filter, body: p.statements(['name:endfilter'], true), pos };
  },
  with: parseWith,
  autoescape: (p, pos) => {
    p.parseExpression();
    return { t: 'with', targets: [], values: [], body: p.statements(['name:endautoescape'], true), pos };
  },
};

/** Statement tag names the parser knows, for the conformance coverage test. */
export const STATEMENT_NAMES: readonly string[] = Object.keys(STATEMENTS).concat(['raw']);

export function parseTemplate(source: string, env: JinjaEnvironment): TemplateAst {
  const p = new Parser(new TokenStream(tokenize(source, env)));
  const body = p.subparse(null);
  return { body, blocks: p.blocks, hasExtends: p.hasExtends };
}

/** A bare expression (no delimiters), for evaluateExpression's fast path and tests. */
export function parseBareExpression(source: string, env: JinjaEnvironment): Expr {
  const toks = tokenize(`${env.variableStartString} ${source} ${env.variableEndString}`, env);
  const s = new TokenStream(toks.slice(1));
  const p = new ExprParser(s);
  const e = p.parseTuple();
  s.expect('var_end');
  return e;
}
