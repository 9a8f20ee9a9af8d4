/**
 * The variables a task sees: layers in ansible-core's precedence order (lowest first), merged
 * by replacement (hash_behaviour=replace). Raw layers hold values as written and are templated
 * when read (lazily, recursively, with loop detection); native layers (registered results,
 * set_fact values, magic variables) are already values and are never templated again.
 */
import type { Scope, TemplateOptions } from '../template/types.js';
import { TemplateError } from '../template/errors.js';
import { templateValue } from '../template/index.js';
import { isUnsafe } from '../values/unsafe.js';
import { isVaultText } from '../values/vault-text.js';
import { isDict } from '../values/py.js';

export interface VarLayer {
  /** For `pgplay … -vvvv` traces and tests: "play vars", "extra vars", … */
  name: string;
  vars: Readonly<Record<string, unknown>>;
  /** Values are final: never template them. */
  native?: boolean;
}

export interface VaultDecrypter {
  (v: unknown): unknown;
}

function needsTemplating(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('{%') || v.includes('{#');
  if (isUnsafe(v) || isVaultText(v)) return true;
  if (depth > 64) return true;
  if (Array.isArray(v)) return v.some((x) => needsTemplating(x, depth + 1));
  if (isDict(v)) return Object.values(v).some((x) => needsTemplating(x, depth + 1));
  return false;
}

export class LayeredScope implements Scope {
  private readonly cache = new Map<string, unknown>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly layers: readonly VarLayer[],
    private readonly options: TemplateOptions,
    private readonly decrypt?: VaultDecrypter,
  ) {}

  /** A scope with extra layers on top (task vars, the loop item), sharing nothing mutable. */
  with(...extra: VarLayer[]): LayeredScope {
    return new LayeredScope([...this.layers, ...extra], this.options, this.decrypt);
  }

  private find(name: string): VarLayer | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (Object.hasOwn(layer.vars, name)) return layer;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** The raw (untemplated) value of a variable, as written. */
  raw(name: string): unknown {
    return this.find(name)?.vars[name];
  }

  /** The name of the layer a variable is read from ("extra vars", "inventory host h1", …). */
  layerName(name: string): string | undefined {
    return this.find(name)?.name;
  }

  get(name: string): unknown {
    if (this.cache.has(name)) return this.cache.get(name);
    const layer = this.find(name);
    if (!layer) return undefined;
    const raw = layer.vars[name];
    if (layer.native || !needsTemplating(raw)) return raw;
    if (this.resolving.has(name)) {
      throw new TemplateError('template-recursion', `recursive loop detected in template string: {{ ${name} }}`);
    }
    this.resolving.add(name);
    try {
      const value = templateValue(this.decrypt ? this.decrypt(raw) : raw, this, this.options);
      this.cache.set(name, value);
      return value;
    } finally {
      this.resolving.delete(name);
    }
  }

  keys(): Iterable<string> {
    const names = new Set<string>();
    for (const l of this.layers) for (const k of Object.keys(l.vars)) names.add(k);
    return names;
  }
}
