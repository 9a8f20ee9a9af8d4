/** The parsed template: expression and statement nodes. `pos` is the source offset for errors. */

export type Expr =
  | { t: 'const'; v: unknown; pos: number }
  | { t: 'name'; n: string; pos: number }
  | { t: 'list' | 'tuple'; items: Expr[]; pos: number }
  | { t: 'dict'; pairs: Array<[Expr, Expr]>; pos: number }
  | { t: 'getattr'; obj: Expr; attr: string; pos: number }
  | { t: 'getitem'; obj: Expr; arg: Expr; pos: number }
  | { t: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null; pos: number }
  | CallNode
  | FilterNode
  | TestNode
  | { t: 'bin'; op: BinOp; l: Expr; r: Expr; pos: number }
  | { t: 'unary'; op: 'neg' | 'pos' | 'not'; x: Expr; pos: number }
  | { t: 'and' | 'or'; l: Expr; r: Expr; pos: number }
  | { t: 'compare'; x: Expr; ops: Array<[CmpOp, Expr]>; pos: number }
  | { t: 'cond'; test: Expr; a: Expr; b: Expr | null; pos: number };

export type BinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~';
export type CmpOp = 'eq' | 'ne' | 'lt' | 'lteq' | 'gt' | 'gteq' | 'in' | 'notin';

export interface Args {
  args: Expr[];
  kwargs: Array<[string, Expr]>;
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
}
export interface CallNode extends Args { t: 'call'; fn: Expr; pos: number }
/** `node` is null inside `{% filter %}` blocks, where the block body is the value. */
export interface FilterNode extends Args { t: 'filter'; node: Expr | null; name: string; pos: number }
export interface TestNode extends Args { t: 'test'; node: Expr; name: string; pos: number }

/** Assignment targets: a name, a namespace attribute (`ns.x`), or a tuple of targets. */
export type Target =
  | { t: 'name'; n: string; pos: number }
  | { t: 'nsattr'; n: string; attr: string; pos: number }
  | { t: 'tuple'; items: Target[]; pos: number };

export interface MacroSig {
  args: string[];
  defaults: Expr[];
}

export type Stmt =
  | { t: 'data'; text: string; pos: number }
  | { t: 'print'; expr: Expr; pos: number }
  | { t: 'if'; test: Expr; body: Stmt[]; else_: Stmt[]; pos: number }
  | { t: 'for'; target: Target; iter: Expr; body: Stmt[]; else_: Stmt[]; test: Expr | null; recursive: boolean; pos: number }
  | { t: 'set'; target: Target; expr: Expr; pos: number }
  | { t: 'setblock'; target: Target; body: Stmt[]; filter: FilterNode | null; pos: number }
  | ({ t: 'macro'; name: string; body: Stmt[]; pos: number } & MacroSig)
  | ({ t: 'callblock'; call: CallNode; body: Stmt[]; pos: number } & MacroSig)
  | { t: 'filterblock'; filter: FilterNode; body: Stmt[]; pos: number }
  | { t: 'with'; targets: Target[]; values: Expr[]; body: Stmt[]; pos: number }
  | { t: 'include'; template: Expr; ignoreMissing: boolean; withContext: boolean; pos: number }
  | { t: 'import'; template: Expr; target: string; withContext: boolean; pos: number }
  | { t: 'fromimport'; template: Expr; names: Array<[string, string]>; withContext: boolean; pos: number }
  | { t: 'extends'; template: Expr; pos: number }
  | { t: 'block'; name: string; body: Stmt[]; scoped: boolean; required: boolean; pos: number };

export interface TemplateAst {
  body: Stmt[];
  /** Blocks by name, for extends/super(). */
  blocks: Map<string, Stmt & { t: 'block' }>;
  /** The first `extends` at top level, if any. */
  hasExtends: boolean;
}
