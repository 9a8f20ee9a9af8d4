/** Runs a parsed template against variables: builds the environment and context, maps errors. */
import type { TemplateAst } from './ast.js';
import type { CallContext, JinjaEnvironment, TemplateOptions, Vars } from './types.js';
import { Frame, Out, rootOf, isScope, type Ctx, type Environment } from './runtime.js';
import { composeRegistry } from './registry.js';
import { makeGlobals } from './globals.js';
import { makeLoader } from './environment.js';
import { renderAst } from './evaluate-load.js';
import { PositionedError, TemplateError } from './errors.js';
import { JUndefined } from './runtime-values.js';
import { Unknown, isUnknown } from '../values/unknown.js';

export interface RenderHooks {
  /** Renders a text in the given vars (CallContext.render, lookup('template')). */
  renderString(source: string, vars: Vars, options: TemplateOptions): string;
  /** Wraps plain-object vars in a lazy scope. */
  wrapVars(vars: Vars, options: TemplateOptions): Vars;
}

let hooks: RenderHooks | undefined;
export function setRenderHooks(h: RenderHooks): void {
  hooks = h;
}

const UNDEF_OK_FILTERS = new Set(['default', 'd', 'mandatory', 'type_debug', 'attr', 'items']);

function makeEnvironment(options: TemplateOptions, env: JinjaEnvironment, vars: Vars): { e: Environment; frame: Frame } {
  const reg = composeRegistry(options.registry);
  let frameRef: Frame | undefined;
  const call: CallContext = {
    // Lookup plugins read _available_variables directly: no AnsibleJ2Vars wrapping.
    lookupVar: (name) => frameRef!.lookup(name, true),
    options,
    render: (source, extra) => hooks!.renderString(source, extra ? layer(vars, extra) : vars, options),
    callFilter: (name, value, args, kwargs) => {
      const fn = reg.filters[name];
      if (!fn) throw new TemplateError('unknown-filter', `Could not load "${name}": '${name}'`);
      if (value instanceof JUndefined && !value.lenient && !UNDEF_OK_FILTERS.has(name)) value.fail();
      if (isUnknown(value)) return Unknown;
      return fn(call, value, args, kwargs);
    },
    callTest: (name, value, args, kwargs) => {
      const fn = reg.tests[name];
      if (!fn) throw new TemplateError('unknown-test', `Could not load "${name}": '${name}'`);
      return fn(call, value, args, kwargs);
    },
  };
  const globals = makeGlobals(reg.lookups, () => call);
  const e: Environment = {
    env, filters: reg.filters, tests: reg.tests, lookups: reg.lookups, globals, options,
    loader: makeLoader(options, env),
    renderString: (source, v) => hooks!.renderString(source, v, options),
  };
  const frame = new Frame(null, rootOf(vars, globals));
  frameRef = frame;
  (e as Environment & { call: CallContext }).call = call;
  return { e, frame };
}

/** Extra variables over a scope or plain object. */
export function layer(vars: Vars, extra: Record<string, unknown>): Vars {
  const base = isScope(vars) ? vars : { get: (n: string) => (vars as Record<string, unknown>)[n], has: (n: string) => Object.hasOwn(vars, n) };
  return {
    get: (n) => (Object.hasOwn(extra, n) ? extra[n] : base.get(n)),
    has: (n) => Object.hasOwn(extra, n) || base.has(n),
  };
}

export function runAst(ast: TemplateAst, vars: Vars, options: TemplateOptions, env: JinjaEnvironment): Out {
  const scoped = hooks ? hooks.wrapVars(vars, options) : vars;
  const { e, frame } = makeEnvironment(options, env, scoped);
  const out = new Out();
  const c: Ctx = {
    e, frame, out, blocks: new Map(), exported: new Map(),
    call: (e as Environment & { call: CallContext }).call, depth: 0,
  };
  renderAst(ast, c);
  return out;
}

function lineCol(src: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < src.length; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: pos - last };
}

/** A TemplateError with Ansible's wording for `kind` and the position offset onto options.source. */
export function locate(err: unknown, src: string, options: TemplateOptions, headerLines: number,
  wrap: (e: TemplateError) => string): TemplateError {
  let te: TemplateError;
  if (err instanceof TemplateError) te = err;
  else if (err instanceof RangeError && /call stack/.test(err.message)) {
    te = new TemplateError('template-recursion', `recursive loop detected in template string: ${src}`);
  } else if (err instanceof RangeError) te = new TemplateError('template-runtime', err.message);
  else throw err;
  if (te.code === 'template-recursion' && te.line !== undefined) return te;
  const pos = te instanceof PositionedError ? te.pos : undefined;
  const lc = pos !== undefined ? lineCol(src, pos) : { line: 1, column: 1 };
  lc.line += headerLines;
  const base = options.source;
  const line = (base?.line ?? 1) + lc.line - 1;
  const column = lc.line === 1 && base?.column !== undefined ? base.column + lc.column - 1 : lc.column;
  const out = new TemplateError(te.code, wrap(te), { file: base?.file ?? te.file, line, column, template: src });
  // Templar.do_template lets Python exceptions through as they are; its own wrappings (syntax,
  // TypeError) and every filter/lookup failure are AnsibleErrors.
  out.pyClass = te.code === 'template-type' || te.code === 'template-syntax' ? 'ansible.errors.AnsibleError' : te.pyClass ?? 'ansible.errors.AnsibleError';
  return out;
}
