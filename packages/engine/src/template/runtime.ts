/**
 * Per-render state: frames (Jinja2 scoping), the output buffer, and what a render needs from its
 * environment (filters, tests, globals, the template loader).
 */
import type { Stmt, TemplateAst } from './ast.js';
import type { CallContext, FilterFn, JinjaEnvironment, LookupFn, Scope, TemplateOptions, TestFn, Vars } from './types.js';
import { JUndefined } from './runtime-values.js';
import { TemplateError } from './errors.js';
import { pyStr } from '../values/py.js';

export const NOT_FOUND: unique symbol = Symbol('not-found');

/** Variables as the root of every frame chain: the caller's vars, then the globals. */
export interface RootVars {
  /** `fromPlugin`: a lookup plugin reading the variable (no AnsibleJ2Vars wrapping of its failure). */
  lookup(name: string, fromPlugin?: boolean): unknown | typeof NOT_FOUND;
  /** The variable as written (Scope.raw), or NOT_FOUND when the scope cannot tell. */
  raw(name: string): unknown | typeof NOT_FOUND;
}

export function rootOf(vars: Vars, globals: Record<string, unknown>): RootVars {
  const scope = isScope(vars) ? vars : undefined;
  const plain = scope ? undefined : (vars as Record<string, unknown>);
  // Jinja2 resolves a name once per render (compiled code keeps it in a local), so a variable is
  // templated once per render and in-template mutations (`l.append(x)`) stay visible to the end.
  const seen = new Map<string, unknown>();
  return {
    lookup(name: string, fromPlugin = false) {
      if (seen.has(name)) return seen.get(name);
      let v: unknown = NOT_FOUND;
      if (scope) {
        if (scope.has(name)) {
          try {
            v = scope.get(name);
          } catch (err) {
            throw fromPlugin ? err : unhandledInVariable(err, scope.raw ? scope.raw(name) : undefined);
          }
        }
      } else if (Object.hasOwn(plain!, name)) v = plain![name];
      if (v === NOT_FOUND && Object.hasOwn(globals, name)) v = globals[name];
      seen.set(name, v);
      return v;
    },
    raw(name: string) {
      if (scope) return scope.raw && scope.has(name) ? scope.raw(name) : NOT_FOUND;
      return Object.hasOwn(plain!, name) ? plain![name] : NOT_FOUND;
    },
  };
}

/**
 * AnsibleJ2Vars.__getitem__: a variable a template names whose own template fails with anything but
 * an undefined variable becomes a plain AnsibleError naming the variable's text and the exception's
 * class. pgplay's own limits (unsupported regex constructs, vault, recursion) pass as they are.
 */
function unhandledInVariable(err: unknown, raw: unknown): unknown {
  if (!(err instanceof TemplateError) || err.pyClass === undefined || err.code === 'undefined-variable') return err;
  if (err.code === 'template-recursion' || err.code === 'vault' || err.code === 'unsupported-regex') return err;
  const e = new TemplateError('template-runtime', `An unhandled exception occurred while templating '${pyStr(raw)}'. Error was a <class '${err.pyClass}'>, original message: ${err.message}`);
  e.pyClass = 'ansible.errors.AnsibleError';
  return e;
}

export function isScope(v: unknown): v is Scope {
  return typeof v === 'object' && v !== null && typeof (v as Scope).get === 'function' && typeof (v as Scope).has === 'function';
}

export class Frame {
  readonly vars = new Map<string, unknown>();
  constructor(readonly parent: Frame | null, readonly root: RootVars) {}

  lookup(name: string, fromPlugin = false): unknown {
    for (let f: Frame | null = this; f; f = f.parent) {
      const v = f.vars.get(name);
      if (v !== undefined || f.vars.has(name)) return v;
    }
    const v = this.root.lookup(name, fromPlugin);
    return v === NOT_FOUND ? new JUndefined(name) : v;
  }
  /** A name's value as written when no template-local binding ({% set %}, loop) shadows it. */
  lookupRaw(name: string): unknown {
    for (let f: Frame | null = this; f; f = f.parent) if (f.vars.has(name)) return NOT_FOUND;
    return this.root.raw(name);
  }
  child(): Frame {
    return new Frame(this, this.root);
  }
}

/** Output of a render. `nodes` counts yielded pieces, as Ansible's concat sees them. */
export class Out {
  parts: string[] = [];
  nodes = 0;
  /** The last output came from a string-type filter (Ansible's NativeJinjaText). */
  nativeText = false;
  unknown = false;
  write(s: string): void {
    this.parts.push(s);
    this.nodes++;
  }
  text(): string {
    return this.parts.join('');
  }
}

/** What templates on disk look like to the evaluator. */
export interface Loader {
  /** Directories searched, in order, for messages. */
  readonly searchPath: readonly string[];
  load(name: string): { ast: TemplateAst; source: string; name: string } | undefined;
}

export interface Environment {
  env: JinjaEnvironment;
  filters: Record<string, FilterFn>;
  tests: Record<string, TestFn>;
  lookups: Record<string, LookupFn>;
  globals: Record<string, unknown>;
  options: TemplateOptions;
  loader: Loader;
  /** Renders a text with the same environment (lookup('template'), CallContext.render). */
  renderString(source: string, vars: Vars): string;
}

/** State of one render: the environment, current blocks for inheritance, the exported names. */
export interface Ctx {
  e: Environment;
  frame: Frame;
  out: Out;
  /** Block name → overriding chain (child first), for extends/super(). */
  blocks: Map<string, Array<Stmt & { t: 'block' }>>;
  /** Top-level assignments and macros, what `import` sees. */
  exported: Map<string, unknown> | null;
  call: CallContext;
  depth: number;
}
