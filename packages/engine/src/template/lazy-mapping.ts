/**
 * A mapping whose entries are computed on access (hostvars, vars): the engine wraps such a view in
 * LazyMapping, and templates read it like a dict (`m.key`, `m['key']`, `'key' in m`, `m | length`,
 * iteration over keys) without the engine materialising every entry. Only these three functions
 * are ever called, with string keys: the object behind them stays out of the template's reach.
 */
import type { Scope } from './types.js';

export class LazyMapping {
  readonly pyTypeName = 'dict';
  constructor(private readonly scope: Scope) {}
  has(key: string): boolean {
    return this.scope.has(key);
  }
  get(key: string): unknown {
    return this.scope.get(key);
  }
  keys(): string[] {
    return this.scope.keys ? [...this.scope.keys()] : [];
  }
  pyRepr(): string {
    return `{${this.keys().map((k) => `'${k}': ...`).join(', ')}}`;
  }
}
