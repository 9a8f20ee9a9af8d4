/**
 * Values that exist only inside templating: Jinja2's Undefined (Ansible's strict flavour),
 * Markup (escaped text), and callables (macros, globals, bound Python methods). None of them
 * wraps a host object, so nothing a template touches reaches JavaScript's own objects.
 */
import { TemplateError } from './errors.js';
import { pyTypeName, strRepr } from '../values/py.js';

const MISSING = Symbol('missing');

/** Ansible's AnsibleUndefined: attribute/item access returns itself; any real use raises. */
export class JUndefined {
  readonly pyTypeName = 'AnsibleUndefined';
  constructor(
    readonly name: string | number | undefined,
    readonly obj: unknown = MISSING,
    readonly hint: string | undefined = undefined,
    /** Jinja2's plain Undefined (an inline if without else): renders '', is falsy, iterates empty. */
    readonly lenient = false,
  ) {}

  get message(): string {
    if (this.hint) return this.hint;
    if (this.obj === MISSING) return `${strRepr(String(this.name))} is undefined`;
    if (typeof this.name !== 'string') return `${objectTypeRepr(this.obj)} has no element ${String(this.name)}`;
    return `'${objectTypeRepr(this.obj)}' has no attribute ${strRepr(this.name)}`;
  }

  fail(): never {
    throw new TemplateError('undefined-variable', this.message);
  }
}

/** jinja2.utils.object_type_repr, as undefined messages name the object. */
export function objectTypeRepr(obj: unknown): string {
  if (obj === null || obj === undefined) return 'None';
  const n = pyTypeName(obj);
  return n === 'Markup' ? 'markupsafe.Markup object' : `${n} object`;
}

export function isUndefined(v: unknown): v is JUndefined {
  return v instanceof JUndefined;
}

/** markupsafe.escape for text: & < > " ' as HTML entities. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/** markupsafe.Markup: text already escaped; only `escape`, `safe` and friends make it. */
export class Markup {
  readonly pyTypeName = 'Markup';
  constructor(readonly s: string) {}
  pyStr(): string {
    return this.s;
  }
  pyRepr(): string {
    return `Markup(${strRepr(this.s)})`;
  }
  toString(): string {
    return this.s;
  }
}

export type CallFn = (args: unknown[], kwargs: Record<string, unknown>) => unknown;

/** Anything a template may call: a global, a macro, a bound method of a Python value. */
export class PyCallable {
  constructor(
    readonly name: string,
    readonly fn: CallFn,
    readonly pyTypeName = 'function',
    /** Attributes a template may read (a macro's name, arguments…). */
    readonly attrs: Record<string, unknown> = {},
  ) {}
  pyRepr(): string {
    return `<${this.pyTypeName} ${this.name}>`;
  }
}

export { MISSING };
