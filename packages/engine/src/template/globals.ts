/** Jinja2's global functions as Ansible has them: range, dict, lipsum, cycler, joiner, namespace, lookup/query/q. */
import { PyTuple, assignItems, isDict, isNumber, num, pyTypeName, setItem } from '../values/py.js';
import { Unknown, isUnknown } from '../values/unknown.js';
import { JUndefined, PyCallable, isUndefined } from './runtime-values.js';
import { Cycler, Joiner, Namespace } from './objects.js';
import { now } from './py/datetime.js';
import { TemplateError, pyRuntimeError } from './errors.js';
import { lookupErrorClass, pyExceptionClass } from './lookup-errors.js';
import { iterate, typeError } from './py/ops.js';
import type { CallContext, LookupFn } from './types.js';

const MAX_RANGE = 1_000_000;

function intArg(v: unknown): number {
  if (typeof v === 'number' || typeof v === 'boolean') return num(v);
  throw typeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
}

export function pyRange(args: unknown[]): number[] {
  if (args.length === 0) throw typeError('range expected at least 1 argument, got 0');
  const [start, stop, step] = args.length === 1 ? [0, intArg(args[0]), 1]
    : [intArg(args[0]), intArg(args[1]), args.length > 2 ? intArg(args[2]) : 1];
  if (step === 0) throw pyRuntimeError('ValueError', 'range() arg 3 must not be zero');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > MAX_RANGE) throw new TemplateError('template-runtime', `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + i * step);
  return out;
}

function pyDict(args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
  if (args.length === 1) {
    const src = args[0];
    if (isDict(src)) assignItems(d, src);
    else {
      for (const pair of iterate(src)) {
        const p = iterate(pair);
        if (p.length !== 2) throw pyRuntimeError('ValueError', `dictionary update sequence element #0 has length ${p.length}; 2 is required`);
        setItem(d, typeof p[0] === 'string' ? p[0] : String(p[0]), p[1]);
      }
    }
  }
  return assignItems(d, kwargs);
}

const LOREM = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore '
  + 'magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat').split(' ');

function lipsum(args: unknown[], kwargs: Record<string, unknown>): string {
  const n = isNumber(args[0] ?? kwargs.n) ? num((args[0] ?? kwargs.n) as number) : 5;
  const html = (args[1] ?? kwargs.html) ?? true;
  const min = isNumber(args[2] ?? kwargs.min) ? num((args[2] ?? kwargs.min) as number) : 20;
  const paras: string[] = [];
  for (let p = 0; p < n; p++) {
    const words = Array.from({ length: min + (p % 7) * 3 }, (_, i) => LOREM[(p * 7 + i) % LOREM.length]!);
    let text = words.join(' ');
    text = text[0]!.toUpperCase() + text.slice(1) + '.';
    paras.push(html ? `<p>${text}</p>` : text);
  }
  return paras.join('\n\n');
}

/**
 * Templar._lookup's except clauses: undefined-variable and options errors (and pgplay's own
 * "not supported") always raise; AnsibleLookupError and every other exception are swallowed
 * under errors=warn|ignore, warn printing its text (Display de-duplicates), ignore only logging.
 * Returns undefined when swallowed.
 */
function lookupFailed(name: string, err: unknown, errors: unknown, c: CallContext): undefined {
  const cls = lookupErrorClass(err);
  if (cls === 'AnsibleUndefinedVariable' || cls === 'AnsibleOptionsError' || cls === 'Unsupported') throw err;
  const orig = (err as Error)?.message ?? String(err);
  const msg = cls === 'AnsibleLookupError' ? `Lookup failed but the error is being ignored: ${orig}`
    : `An unhandled exception occurred while running the lookup plugin '${name}'. Error was a ${pyExceptionClass(err)}, original message: ${orig}`;
  if (errors === 'warn') c.options.warn?.(msg);
  else if (errors !== 'ignore') {
    if (cls === 'AnsibleLookupError') throw err;
    // AnsibleError(msg, orig_exc=e): its message ends with ". " and the original message again.
    throw new TemplateError('lookup-failed', `${msg}. ${orig}`);
  }
  return undefined;
}

/** Ansible's lookup(): joins string results with ","; wantlist/query return the list. */
function runLookup(lookups: Record<string, LookupFn>, ctx: () => CallContext, args: unknown[],
  kwargs: Record<string, unknown>, forceList: boolean): unknown {
  const [name, ...terms] = args;
  if (typeof name !== 'string') throw typeError('lookup() needs a plugin name');
  const fn = Object.hasOwn(lookups, name) ? lookups[name] : undefined;
  if (!fn) throw new TemplateError('unknown-lookup', `lookup plugin (${name}) not found`);
  const kw = { ...kwargs };
  const wantlist = forceList || kw.wantlist === true;
  delete kw.wantlist;
  const errors = kw.errors ?? 'strict';
  delete kw.errors;
  delete kw.allow_unsafe;
  for (const t of terms) if (isUndefined(t)) t.fail();
  if (terms.some(isUnknown)) return Unknown;
  const c = ctx();
  let ran: unknown[];
  try {
    ran = fn(c, terms, kw);
  } catch (err) {
    return lookupFailed(name, err, errors, c) ?? (wantlist ? [] : null);
  }
  if (wantlist) return ran;
  if (!ran.length) return ran;
  if (ran.every((x) => typeof x === 'string')) return ran.join(',');
  return ran.length === 1 ? ran[0] : ran;
}

export function makeGlobals(lookups: Record<string, LookupFn>, ctx: () => CallContext): Record<string, unknown> {
  const g: Record<string, unknown> = Object.create(null);
  g.range = new PyCallable('range', (a) => pyRange(a), 'type');
  g.dict = new PyCallable('dict', pyDict, 'type');
  g.lipsum = new PyCallable('generate_lorem_ipsum', lipsum);
  g.cycler = new PyCallable('Cycler', (a) => new Cycler(a), 'type');
  g.joiner = new PyCallable('Joiner', (a, kw) => new Joiner(typeof (a[0] ?? kw.sep) === 'string' ? (a[0] ?? kw.sep) as string : ', '), 'type');
  g.namespace = new PyCallable('Namespace', (a, kw) => new Namespace(pyDict(a, kw)), 'type');
  g.lookup = new PyCallable('lookup', (a, kw) => runLookup(lookups, ctx, a, kw, false));
  g.query = new PyCallable('query', (a, kw) => runLookup(lookups, ctx, a, kw, true));
  g.q = g.query;
  g.now = new PyCallable('now', now, 'method');
  g.undef = new PyCallable('undef', (a, kw) => {
    const hint = a[0] ?? kw.hint;
    return new JUndefined(undefined, undefined,
      typeof hint === 'string' && hint !== '' ? hint : 'Mandatory variable has not been overridden');
  });
  return g;
}

export const GLOBAL_NAMES: readonly string[] = ['range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace', 'lookup', 'query', 'q', 'undef', 'now'];

export { PyTuple };
