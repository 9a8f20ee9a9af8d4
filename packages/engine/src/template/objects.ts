/** Jinja2's runtime objects a template can see: loop, namespace, cycler, joiner, imported modules. */
import { JObject } from './attrs.js';
import { CallableJObject } from './call.js';
import { JUndefined, PyCallable } from './runtime-values.js';
import { pyEquals } from '../values/py.js';
import { TemplateError } from './errors.js';

const NO_LAST = Symbol('no-last');

export class LoopContext extends CallableJObject {
  readonly pyTypeName = 'LoopContext';
  index0 = -1;
  private lastChanged: unknown = NO_LAST;
  constructor(
    private readonly items: unknown[],
    readonly depth0: number,
    private readonly recurse: ((iterable: unknown) => string) | null,
  ) {
    super();
  }
  attr(name: string): unknown {
    const i = this.index0;
    const n = this.items.length;
    switch (name) {
      case 'index': return i + 1;
      case 'index0': return i;
      case 'revindex': return n - i;
      case 'revindex0': return n - i - 1;
      case 'first': return i === 0;
      case 'last': return i === n - 1;
      case 'length': return n;
      case 'depth': return this.depth0 + 1;
      case 'depth0': return this.depth0;
      case 'previtem': return i > 0 ? this.items[i - 1] : new JUndefined('previtem', undefined, 'there is no previous item');
      case 'nextitem': return i < n - 1 ? this.items[i + 1] : new JUndefined('nextitem', undefined, 'there is no next item');
      case 'cycle': return new PyCallable('cycle', (args) => {
        if (!args.length) throw new TemplateError('template-type', 'no items for cycling given');
        return args[i % args.length];
      }, 'method');
      case 'changed': return new PyCallable('changed', (args) => {
        const v = args.length === 1 ? args[0] : args;
        if (this.lastChanged !== NO_LAST && pyEquals(this.lastChanged, v)) return false;
        this.lastChanged = v;
        return true;
      }, 'method');
      default: return undefined;
    }
  }
  call(args: unknown[]): unknown {
    if (!this.recurse) {
      throw new TemplateError('template-type', "The loop must have the 'recursive' marker to be called recursively.");
    }
    return this.recurse(args[0]);
  }
  pyRepr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}

export class Namespace extends JObject {
  readonly pyTypeName = 'Namespace';
  constructor(readonly attrs: Record<string, unknown>) {
    super();
  }
  attr(name: string): unknown {
    return Object.hasOwn(this.attrs, name) ? this.attrs[name] : undefined;
  }
  pyRepr(): string {
    return '<Namespace>';
  }
}

export class Cycler extends JObject {
  readonly pyTypeName = 'Cycler';
  private pos = 0;
  constructor(private readonly items: unknown[]) {
    super();
  }
  attr(name: string): unknown {
    if (name === 'current') return this.items[this.pos];
    if (name === 'next') return new PyCallable('next', () => {
      const v = this.items[this.pos];
      this.pos = (this.pos + 1) % this.items.length;
      return v;
    }, 'method');
    if (name === 'reset') return new PyCallable('reset', () => ((this.pos = 0), null), 'method');
    return undefined;
  }
}

export class Joiner extends CallableJObject {
  readonly pyTypeName = 'Joiner';
  private used = false;
  constructor(private readonly sep: string) {
    super();
  }
  attr(): unknown {
    return undefined;
  }
  call(): unknown {
    if (!this.used) {
      this.used = true;
      return '';
    }
    return this.sep;
  }
}

/** What `{% import 'x' as m %}` binds: the template's exported macros and top-level variables. */
export class TemplateModule extends JObject {
  readonly pyTypeName = 'TemplateModule';
  constructor(readonly name: string, private readonly exported: Map<string, unknown>, private readonly body: string) {
    super();
  }
  attr(name: string): unknown {
    return this.exported.has(name) && !name.startsWith('_') ? this.exported.get(name) : undefined;
  }
  pyStr(): string {
    return this.body;
  }
}
