/** include / import / from-import / extends / block: the statements that reach other templates. */
import type { Stmt, TemplateAst } from './ast.js';
import { JUndefined, PyCallable } from './runtime-values.js';
import { concrete, ev } from './evaluate-expr.js';
import { execBody } from './evaluate-stmt.js';
import { Frame, Out, rootOf, type Ctx } from './runtime.js';
import { TemplateError } from './errors.js';
import { TemplateModule } from './objects.js';
import { JObject } from './attrs.js';
import { asStr } from './py/ops.js';
import { strRepr } from '../values/py.js';

type Loaded = { ast: TemplateAst; source: string; name: string };

function loadOne(names: unknown, c: Ctx, ignoreMissing = false): Loaded | undefined {
  const v = concrete(names);
  const list = Array.isArray(v) ? v : [v];
  for (const n of list) {
    const name = asStr(n);
    if (name === undefined) throw new TemplateError('template-type', 'template name must be a string');
    const t = c.e.loader.load(name);
    if (t) return t;
  }
  if (ignoreMissing) return undefined;
  if (list.length > 1) {
    throw new TemplateError('template-runtime', `none of the templates given were found: ${list.map((x) => String(asStr(x))).join(', ')}`);
  }
  const dirs = c.e.loader.searchPath;
  throw new TemplateError('template-runtime',
    `${strRepr(String(asStr(list[0])))} not found in search ${dirs.length === 1 ? 'path' : 'paths'}: ${dirs.map((d) => strRepr(d)).join(', ')}`);
}

/** Renders a loaded template's top level (with inheritance) into c.out. */
export function renderAst(ast: TemplateAst, c: Ctx): void {
  for (const [name, blk] of ast.blocks) {
    const chain = c.blocks.get(name) ?? [];
    chain.push(blk);
    c.blocks.set(name, chain);
  }
  if (ast.blocks.size && !c.frame.vars.has('self')) c.frame.vars.set('self', new TemplateReference(c));
  if (!ast.hasExtends) return execBody(ast.body, c);
  const holder: { parent: Loaded | null } = { parent: null };
  const inner: Ctx = { ...c, extendsHolder: holder } as Ctx & { extendsHolder: typeof holder };
  for (const s of ast.body) {
    if (holder.parent && !['set', 'setblock', 'macro', 'import', 'fromimport'].includes(s.t)) continue;
    execBody([s], inner);
  }
  if (holder.parent) renderAst(holder.parent.ast, c);
}

/** Jinja2's `self`: `{{ self.name() }}` renders block `name` again. */
class TemplateReference extends JObject {
  readonly pyTypeName = 'TemplateReference';
  constructor(private readonly c: Ctx) {
    super();
  }
  attr(name: string): unknown {
    if (!this.c.blocks.has(name)) return undefined;
    return new PyCallable(name, () => {
      const out = new Out();
      renderBlock(name, { ...this.c, out });
      return out.text();
    }, 'BlockReference');
  }
}

export function evExtends(s: Stmt & { t: 'extends' }, c: Ctx): void {
  const holder = (c as Ctx & { extendsHolder?: { parent: Loaded | null } }).extendsHolder;
  if (!holder) throw new TemplateError('template-syntax', 'extends tags must be at the top level of a template');
  if (holder.parent) throw new TemplateError('template-runtime', 'extended multiple times');
  holder.parent = loadOne(ev(s.template, c), c)!;
}

export function renderBlock(name: string, c: Ctx, level = 0): void {
  const chain = c.blocks.get(name) ?? [];
  const blk = chain[level];
  if (!blk) return;
  const f = c.frame.child();
  f.vars.set('super', new PyCallable('super', () => {
    if (level + 1 >= chain.length) {
      return new JUndefined('super', undefined, `there is no parent block called '${name}'.`);
    }
    const out = new Out();
    renderBlock(name, { ...c, out }, level + 1);
    return out.text();
  }));
  if (blk.required && chain.length === 1) {
    throw new TemplateError('template-runtime', `Required block '${name}' not found`);
  }
  execBody(blk.body, { ...c, frame: f });
}

export function evInclude(s: Stmt & { t: 'include' }, c: Ctx): void {
  const t = loadOne(ev(s.template, c), c, s.ignoreMissing);
  if (!t) return;
  const frame = s.withContext ? c.frame.child() : new Frame(null, rootOf({}, c.e.globals));
  renderAst(t.ast, { ...c, frame, blocks: new Map(), exported: null, depth: c.depth + 1 });
}

/** Renders a template as a module: its exported macros and top-level variables. */
function loadModule(template: unknown, withContext: boolean, c: Ctx): TemplateModule {
  const t = loadOne(template, c)!;
  const exported = new Map<string, unknown>();
  const root = withContext ? flattenFrame(c) : new Frame(null, rootOf({}, c.e.globals));
  const out = new Out();
  renderAst(t.ast, { ...c, frame: root, out, blocks: new Map(), exported, depth: c.depth + 1 });
  return new TemplateModule(t.name, exported, out.text());
}

function flattenFrame(c: Ctx): Frame {
  const f = new Frame(null, c.frame.root);
  const chain: Frame[] = [];
  for (let x: Frame | null = c.frame; x; x = x.parent) chain.unshift(x);
  for (const x of chain) for (const [k, v] of x.vars) f.vars.set(k, v);
  return f;
}

export function evImport(s: Stmt & { t: 'import' }, c: Ctx): void {
  const m = loadModule(ev(s.template, c), s.withContext, c);
  c.frame.vars.set(s.target, m);
  if (c.exported && c.frame.parent === null) c.exported.set(s.target, m);
}

export function evFromImport(s: Stmt & { t: 'fromimport' }, c: Ctx): void {
  const tname = ev(s.template, c);
  const m = loadModule(tname, s.withContext, c);
  for (const [name, alias] of s.names) {
    const v = m.attr(name);
    c.frame.vars.set(alias, v !== undefined ? v : new JUndefined(name, undefined,
      `the template ${JSON.stringify(String(tname)).replace(/"/g, "'")} (imported on line 1) does not export the requested name ${JSON.stringify(name).replace(/"/g, "'")}`));
  }
}
