/**
 * Python's `ast.literal_eval` over the value model of py.ts: str (and bytes, which INI typing turns
 * into str), int, float, True/False/None, list, tuple, dict, unary +/- on numbers. Anything else is
 * "not a literal" and the caller keeps the text, as `ini.py:_parse_value` does. Sets, complex
 * numbers and `...` also count as "not a literal" here: the model cannot hold them (Ansible would
 * store the Python object, which ansible-inventory then fails to print as JSON).
 *
 * Minimal on purpose: the templating branch owns the full Python-expression grammar.
 */
import { PyFloat, PyTuple } from './py.js';
import { tokenizePython, NotALiteral, NOT_A_LITERAL } from './python-tokens.js';
import type { PyToken } from './python-tokens.js';

export { NotALiteral };

export type LiteralResult = { ok: true; value: unknown } | { ok: false };

/** Evaluates `text` as a Python literal; `{ok: false}` when Python would raise. */
export function literalEval(text: string): LiteralResult {
  try {
    // literal_eval strips leading spaces and tabs before parsing (Python 3.10+).
    const tokens = tokenizePython(text.replace(/^[ \t]+/, ''));
    const p = new Parser(tokens);
    const value = p.expression();
    p.expect('end');
    return { ok: true, value };
  } catch (e) {
    if (e instanceof NotALiteral) return { ok: false };
    throw e;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly toks: PyToken[]) {}

  private peek(): PyToken {
    return this.toks[this.i]!;
  }
  private next(): PyToken {
    return this.toks[this.i++]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === v;
  }
  expect(kind: PyToken['kind'], value?: string): PyToken {
    const t = this.next();
    if (t.kind !== kind || (value !== undefined && t.value !== value)) throw NOT_A_LITERAL;
    return t;
  }

  /** A bare tuple (`1, 2`) is a literal too. */
  expression(): unknown {
    const first = this.atom();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.peek().kind === 'end' || this.isOp(')')) break;
      items.push(this.atom());
    }
    return PyTuple.of_(items);
  }

  atom(): unknown {
    const t = this.next();
    if (t.kind === 'number') return this.maybeComplexTail(t.num!);
    if (t.kind === 'string') return this.strings(t);
    if (t.kind === 'name') {
      if (t.value === 'True') return true;
      if (t.value === 'False') return false;
      if (t.value === 'None') return null;
      throw NOT_A_LITERAL;
    }
    if (t.kind === 'op') {
      if (t.value === '-' || t.value === '+') return this.signed(t.value);
      if (t.value === '[') return this.sequence(']');
      if (t.value === '(') return this.parenthesised();
      if (t.value === '{') return this.braces();
    }
    throw NOT_A_LITERAL;
  }

  /** `num + complex` is the only binary operation literal_eval allows; the model has no complex. */
  private maybeComplexTail(v: unknown): unknown {
    if (this.isOp('+') || this.isOp('-')) throw NOT_A_LITERAL;
    return v;
  }

  /** `-1`, `+1.5`, `-((1))`: the operand must be a number constant, parentheses allowed. */
  private signed(sign: string): unknown {
    let depth = 0;
    while (this.isOp('(')) this.next(), depth++;
    const t = this.next();
    if (t.kind !== 'number') throw NOT_A_LITERAL;
    for (; depth > 0; depth--) this.expect('op', ')');
    const v = t.num!;
    const neg = sign === '-';
    const out = v instanceof PyFloat ? new PyFloat(neg ? -v.value : v.value) : neg ? -(v as number) : v;
    return this.maybeComplexTail(out);
  }

  /** Adjacent string literals concatenate; str and bytes may not be mixed. */
  private strings(first: PyToken): string {
    let out = first.value;
    const bytes = first.bytes;
    while (this.peek().kind === 'string') {
      const t = this.next();
      if (t.bytes !== bytes) throw NOT_A_LITERAL;
      out += t.value;
    }
    return out;
  }

  private sequence(close: string): unknown[] {
    const items: unknown[] = [];
    while (!this.isOp(close)) {
      items.push(this.atom());
      if (this.isOp(',')) this.next();
      else if (!this.isOp(close)) throw NOT_A_LITERAL;
    }
    this.next();
    return items;
  }

  private parenthesised(): unknown {
    if (this.isOp(')')) {
      this.next();
      return new PyTuple();
    }
    const first = this.atom();
    if (this.isOp(')')) {
      this.next();
      return first;
    }
    this.expect('op', ',');
    const rest = this.sequence(')');
    return PyTuple.of_([first, ...rest]);
  }

  private braces(): unknown {
    if (this.isOp('}')) {
      this.next();
      return {};
    }
    const first = this.atom();
    if (!this.isOp(':')) throw NOT_A_LITERAL; // a set display
    const out: Record<string, unknown> = {};
    let key: unknown = first;
    for (;;) {
      this.expect('op', ':');
      setKey(out, key, this.atom());
      if (this.isOp(',')) this.next();
      if (this.isOp('}')) break;
      key = this.atom();
    }
    this.next();
    return out;
  }
}

/** Dict keys become strings as json.dumps would write them; a later key replaces an earlier one. */
function setKey(out: Record<string, unknown>, key: unknown, value: unknown): void {
  if (Array.isArray(key) && !(key instanceof PyTuple)) throw NOT_A_LITERAL; // unhashable
  if (key !== null && typeof key === 'object' && !(key instanceof PyFloat) && !(key instanceof PyTuple)) throw NOT_A_LITERAL;
  const k = key === null ? 'null' : key === true ? 'true' : key === false ? 'false' : String(key);
  Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
}

