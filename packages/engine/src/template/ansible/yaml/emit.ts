/**
 * A YAML emitter that reproduces PyYAML/libyaml output for the nodes `represent` builds: the
 * emitter's state machine unrolled into recursion (same indents, same line folding at width 80).
 */
import { represent, type YNode } from './represent.js';
import { analyzeScalar, chooseStyle, writeDoubleQuoted, writePlain, writeSingleQuoted } from './scalar.js';
import { Writer } from './writer.js';

export interface DumpYamlOptions {
  /** default_flow_style: true, false, or null (flow only for collections of scalars). */
  flowStyle: boolean | null;
  indent?: number;
  width?: number;
  /** explicit_start: the document begins with `---`. */
  explicitStart?: boolean;
  /** explicit_end: the document ends with `...`. */
  explicitEnd?: boolean;
  sortKeys?: boolean;
}

interface Ctx {
  mapping: boolean;
  simpleKey: boolean;
  root: boolean;
}

export function dumpYaml(value: unknown, opts: DumpYamlOptions): string {
  const indent = opts.indent && opts.indent > 1 && opts.indent < 10 ? opts.indent : 2;
  const width = opts.width && opts.width > indent * 2 ? opts.width : 80;
  const w = new Writer(indent, width);
  const em = new NodeEmitter(w);
  if (opts.explicitStart) w.writeIndicator('---', true);
  em.node(represent(value, { flowStyle: opts.flowStyle, sortKeys: opts.sortKeys }), { mapping: false, simpleKey: false, root: true });
  w.writeIndent();
  if (opts.explicitEnd) {
    w.writeIndicator('...', true);
    w.writeIndent();
  }
  return w.out;
}

class NodeEmitter {
  private readonly done = new Set<YNode>();
  constructor(private readonly w: Writer) {}

  node(n: YNode, ctx: Ctx): void {
    if (n.kind === 'alias' || (n.anchor !== undefined && this.done.has(n))) {
      this.w.writeIndicator('*' + (n.anchor ?? ''), true);
      return;
    }
    // Only anchored nodes are met again (as aliases), so only they need remembering.
    if (n.anchor !== undefined) {
      this.done.add(n);
      this.w.writeIndicator('&' + n.anchor, true);
    }
    if (n.kind === 'scalar') return this.scalar(n.value, n.plainImplicit, n.quotedImplicit, ctx);
    const empty = n.kind === 'seq' ? n.items.length === 0 : n.pairs.length === 0;
    const flow = this.w.flowLevel > 0 || n.flow || empty;
    if (n.kind === 'seq') return flow ? this.flowSeq(n.items) : this.blockSeq(n.items, ctx);
    return flow ? this.flowMap(n.pairs) : this.blockMap(n.pairs);
  }

  private scalar(value: string, plainImplicit: boolean, quotedImplicit: boolean, ctx: Ctx): void {
    const w = this.w;
    w.increaseIndent(true);
    const a = this.analysis(value);
    const style = chooseStyle(a, plainImplicit, ctx.simpleKey, w.flowLevel);
    // libyaml marks a quoted non-str scalar (a timestamp in a flow mapping) with the `!` tag.
    if (style !== '' && !quotedImplicit) w.writeIndicator('!', true);
    const split = !ctx.simpleKey;
    if (style === '"') writeDoubleQuoted(w, value, split);
    else if (style === "'") writeSingleQuoted(w, value, split);
    else writePlain(w, value, split);
    w.popIndent();
  }

  private flowSeq(items: YNode[]): void {
    const w = this.w;
    w.writeIndicator('[', true, true);
    w.flowLevel++;
    w.increaseIndent(true);
    items.forEach((item, i) => {
      if (i > 0) w.writeIndicator(',', false);
      if (w.column > w.bestWidth) w.writeIndent();
      this.node(item, { mapping: false, simpleKey: false, root: false });
    });
    w.popIndent();
    w.flowLevel--;
    w.writeIndicator(']', false);
  }

  private flowMap(pairs: [YNode, YNode][]): void {
    const w = this.w;
    w.writeIndicator('{', true, true);
    w.flowLevel++;
    w.increaseIndent(true);
    pairs.forEach(([k, v], i) => {
      if (i > 0) w.writeIndicator(',', false);
      if (w.column > w.bestWidth) w.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true, root: false });
        w.writeIndicator(':', false);
      } else {
        w.writeIndicator('?', true);
        this.node(k, { mapping: true, simpleKey: false, root: false });
        if (w.column > w.bestWidth) w.writeIndent();
        w.writeIndicator(':', true);
      }
      this.node(v, { mapping: true, simpleKey: false, root: false });
    });
    w.popIndent();
    w.flowLevel--;
    w.writeIndicator('}', false);
  }

  private blockSeq(items: YNode[], ctx: Ctx): void {
    const w = this.w;
    w.increaseIndent(false, ctx.mapping && !w.indention);
    for (const item of items) {
      w.writeIndent();
      w.writeIndicator('-', true, false, true);
      this.node(item, { mapping: false, simpleKey: false, root: false });
    }
    w.popIndent();
  }

  private blockMap(pairs: [YNode, YNode][]): void {
    const w = this.w;
    w.increaseIndent(false);
    for (const [k, v] of pairs) {
      w.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true, root: false });
        w.writeIndicator(':', false);
      } else {
        w.writeIndicator('?', true, false, true);
        this.node(k, { mapping: true, simpleKey: false, root: false });
        w.writeIndent();
        w.writeIndicator(':', true, false, true);
      }
      this.node(v, { mapping: true, simpleKey: false, root: false });
    }
    w.popIndent();
  }

  /** Keys are analysed twice (simple-key check, then writing): remember the last analysis. */
  private lastText: string | null = null;
  private lastAnalysis: ReturnType<typeof analyzeScalar> | null = null;
  private analysis(text: string): ReturnType<typeof analyzeScalar> {
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastAnalysis = analyzeScalar(text);
    }
    return this.lastAnalysis!;
  }

  /** libyaml's check_simple_key: short (≤ 128 bytes) single-line scalars, aliases, empty collections. */
  private isSimpleKey(n: YNode): boolean {
    let length = n.anchor ? n.anchor.length : 0;
    if (n.kind === 'alias' || (n.anchor !== undefined && this.done.has(n))) return length <= 128;
    if (n.kind === 'scalar') {
      const a = this.analysis(n.value);
      length += Buffer.byteLength(n.value, 'utf8');
      return length <= 128 && !a.multiline;
    }
    const empty = n.kind === 'seq' ? n.items.length === 0 : n.pairs.length === 0;
    return length <= 128 && empty;
  }
}
