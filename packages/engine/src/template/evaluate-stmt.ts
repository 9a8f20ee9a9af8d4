/** Executes statement nodes: output, control flow, assignments, macros, includes and inheritance. */
import type { Expr, MacroSig, Stmt, Target } from './ast.js';
import { PyTuple, setItem } from '../values/py.js';
import { UNKNOWN_TEXT, isUnknown } from '../values/unknown.js';
import { JUndefined, PyCallable } from './runtime-values.js';
import { applyFilter, concrete, ev, evArgs } from './evaluate-expr.js';
import { callValue } from './call.js';
import { iterate, truthy, typeError } from './py/ops.js';
import { LoopContext, Namespace } from './objects.js';
import { Frame, Out, type Ctx } from './runtime.js';
import { PositionedError, TemplateError } from './errors.js';
import { writeValue } from './output.js';
import { evExtends, evFromImport, evImport, evInclude, renderBlock } from './evaluate-load.js';

/** Filters whose output Ansible keeps a string (C.STRING_TYPE_FILTERS). */
export const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);

/**
 * Whether an output expression yields Ansible's NativeJinjaText (kept a string by templateValue):
 * a string-type filter, possibly under `default`, which hands the same object back.
 */
function isNativeText(e: Expr): boolean {
  if (e.t !== 'filter') return false;
  if (STRING_TYPE_FILTERS.has(e.name)) return true;
  return (e.name === 'default' || e.name === 'd') && e.node !== null && isNativeText(e.node);
}

export function execBody(body: Stmt[], c: Ctx): void {
  let i = 0;
  try {
    for (; i < body.length; i++) exec(body[i]!, c);
  } catch (err) {
    // Errors raised without a position get the statement's, so messages point into the template.
    if (err instanceof TemplateError && !(err instanceof PositionedError)) {
      const positioned = new PositionedError(err.code, err.message, body[i]!.pos);
      positioned.pyClass = err.pyClass;
      throw positioned;
    }
    throw err;
  }
}

function exec(s: Stmt, c: Ctx): void {
  switch (s.t) {
    case 'data': c.out.write(s.text); c.out.nativeText = false; return;
    case 'print': {
      const v = ev(s.expr, c);
      writeValue(c.out, v, isNativeText(s.expr));
      return;
    }
    case 'if': {
      const t = concrete(ev(s.test, c));
      if (isUnknown(t)) return unknownOutput(c);
      return execBody(truthy(t) ? s.body : s.else_, c);
    }
    case 'for': return execFor(s, c);
    case 'set': return assign(s.target, ev(s.expr, c), c, true);
    case 'setblock': {
      let v: unknown = capture(s.body, c, c.frame);
      if (s.filter) v = applyFilter(s.filter, v, c);
      return assign(s.target, v, c, true);
    }
    case 'macro': {
      const m = makeMacro(s.name, s, s.body, c);
      c.frame.vars.set(s.name, m);
      if (c.exported && c.frame.parent === null) c.exported.set(s.name, m);
      return;
    }
    case 'callblock': {
      const caller = makeMacro('caller', s, s.body, c);
      const fn = ev(s.call.fn, c);
      const { args, kwargs } = evArgs(s.call, c);
      kwargs.caller = caller;
      writeValue(c.out, callValue(fn, args, kwargs, c, s.pos), false);
      return;
    }
    case 'filterblock': {
      const text = capture(s.body, c, c.frame.child());
      writeValue(c.out, applyFilter(s.filter, text, c), STRING_TYPE_FILTERS.has(s.filter.name));
      return;
    }
    case 'with': {
      const f = c.frame.child();
      const values = s.values.map((v) => ev(v, c));
      s.targets.forEach((t, i) => bindTarget(t, values[i], f));
      return execBody(s.body, { ...c, frame: f });
    }
    case 'include': return evInclude(s, c);
    case 'import': return evImport(s, c);
    case 'fromimport': return evFromImport(s, c);
    case 'extends': return evExtends(s, c);
    case 'block': return renderBlock(s.name, c);
  }
}

function unknownOutput(c: Ctx): void {
  c.out.unknown = true;
  c.out.write(UNKNOWN_TEXT);
}

/** Renders `body` in `frame` into a fresh buffer and returns the text. */
export function capture(body: Stmt[], c: Ctx, frame: Frame): string {
  const out = new Out();
  execBody(body, { ...c, frame, out });
  if (out.unknown) c.out.unknown = true;
  return out.text();
}

function bindTarget(t: Target, v: unknown, f: Frame): void {
  if (t.t === 'name') f.vars.set(t.n, v);
  else if (t.t === 'tuple') {
    const items = iterate(concrete(v));
    if (items.length < t.items.length) {
      throw typeError(`not enough values to unpack (expected ${t.items.length}, got ${items.length})`);
    }
    if (items.length > t.items.length) throw typeError(`too many values to unpack (expected ${t.items.length})`);
    t.items.forEach((x, i) => bindTarget(x, items[i], f));
  }
}

function assign(t: Target, v: unknown, c: Ctx, exportTop: boolean): void {
  if (t.t === 'nsattr') {
    const ns = c.frame.lookup(t.n);
    if (!(ns instanceof Namespace)) throw new TemplateError('template-runtime', 'cannot assign attribute on non-namespace object');
    setItem(ns.attrs, t.attr, v);
    return;
  }
  bindTarget(t, v, c.frame);
  if (exportTop && c.exported && c.frame.parent === null) {
    const names: string[] = [];
    const collect = (x: Target): void => {
      if (x.t === 'name') names.push(x.n);
      else if (x.t === 'tuple') x.items.forEach(collect);
    };
    collect(t);
    for (const n of names) c.exported.set(n, c.frame.vars.get(n));
  }
}

function execFor(s: Stmt & { t: 'for' }, c: Ctx): void {
  const iterable = concrete(ev(s.iter, c));
  if (isUnknown(iterable)) return unknownOutput(c);
  runLoop(s, iterable, c, 0);
}

function runLoop(s: Stmt & { t: 'for' }, iterable: unknown, c: Ctx, depth: number): void {
  const frame = c.frame.child();
  const inner: Ctx = { ...c, frame };
  let items = iterate(concrete(iterable));
  if (s.test) {
    items = items.filter((it) => {
      bindTarget(s.target, it, frame);
      const r = concrete(ev(s.test!, inner));
      return truthy(r);
    });
  }
  const recurse = s.recursive
    ? (sub: unknown): string => {
      const out = new Out();
      runLoop(s, sub, { ...c, out }, depth + 1);
      return out.text();
    }
    : null;
  const loop = new LoopContext(items, depth, recurse);
  const clear = assignsIn(s.body);
  for (let i = 0; i < items.length; i++) {
    loop.index0 = i;
    // Each iteration starts from a clean scope: what the body set last time is gone (Jinja2).
    if (clear && i > 0) frame.vars.clear();
    bindTarget(s.target, items[i], frame);
    frame.vars.set('loop', loop);
    execBody(s.body, inner);
  }
  if (!items.length) execBody(s.else_, { ...c, frame: c.frame.child() });
}

const ASSIGNING = new Set(['set', 'setblock', 'macro', 'import', 'fromimport', 'with', 'callblock']);
const assignsCache = new WeakMap<Stmt[], boolean>();

/** Whether a loop body binds names (so iterations need a fresh scope); computed once per body. */
function assignsIn(body: Stmt[]): boolean {
  let r = assignsCache.get(body);
  if (r === undefined) {
    r = JSON.stringify(body, (k, v) => (k === 'pos' ? undefined : v)).match(/"t":"(\w+)"/g)?.some((m) => ASSIGNING.has(m.slice(5, -1))) ?? false;
    assignsCache.set(body, r);
  }
  return r;
}

const usesCache = new WeakMap<object, Map<string, boolean>>();

/** Whether a macro body mentions `name` (varargs/kwargs/caller), computed once per parsed body. */
function bodyUses(body: Stmt[], name: string): boolean {
  let m = usesCache.get(body);
  if (!m) usesCache.set(body, (m = new Map()));
  let r = m.get(name);
  if (r === undefined) m.set(name, (r = usesName(body, name)));
  return r;
}

function usesName(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((x) => usesName(x, name));
  if (node === null || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  if (o.t === 'name' && o.n === name) return true;
  return Object.values(o).some((x) => typeof x === 'object' && usesName(x, name));
}

/** A macro: a callable rendering `body` in a child of the defining frame. */
function makeMacro(name: string, sig: MacroSig, body: Stmt[], c: Ctx): PyCallable {
  const catchVarargs = bodyUses(body, 'varargs');
  const catchKwargs = bodyUses(body, 'kwargs');
  const usesCaller = bodyUses(body, 'caller');
  const defFrame = c.frame;
  const call = (args: unknown[], kwargs: Record<string, unknown>): unknown => {
    const f = defFrame.child();
    const kw = { ...kwargs };
    const nDefaults = sig.defaults.length;
    sig.args.forEach((arg, i) => {
      if (i < args.length) {
        if (Object.hasOwn(kw, arg)) throw typeError(`macro '${name}' got multiple values for argument '${arg}'`);
        f.vars.set(arg, args[i]);
      } else if (Object.hasOwn(kw, arg)) {
        f.vars.set(arg, kw[arg]);
        delete kw[arg];
      } else {
        const di = i - (sig.args.length - nDefaults);
        f.vars.set(arg, di >= 0 ? ev(sig.defaults[di]!, { ...c, frame: f })
          : new JUndefined(arg, undefined, `parameter '${arg}' was not provided`));
      }
    });
    const extra = args.slice(sig.args.length);
    if (extra.length && !catchVarargs) {
      throw typeError(`macro '${name}' takes not more than ${sig.args.length} argument(s)`);
    }
    if (Object.hasOwn(kw, 'caller')) {
      if (!usesCaller) throw typeError(`macro '${name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
      f.vars.set('caller', kw.caller);
      delete kw.caller;
    }
    const extraKw = Object.keys(kw);
    if (extraKw.length && !catchKwargs) throw typeError(`macro '${name}' takes no keyword argument '${extraKw[0]}'`);
    f.vars.set('varargs', PyTuple.of_(extra));
    f.vars.set('kwargs', kw);
    return capture(body, c, f);
  };
  return new PyCallable(name, call, 'Macro', {
    name, arguments: PyTuple.of_(sig.args), catch_kwargs: catchKwargs, catch_varargs: catchVarargs, caller: usesCaller,
  });
}

export function renderRoot(body: Stmt[], c: Ctx): void {
  execBody(body, c);
}

export { PositionedError };
