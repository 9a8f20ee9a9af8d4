/**
 * Ansible's wording for YAML duplicate keys: it names the position of the mapping (its first key),
 * where the loader's diagnostic points at the repeated key.
 */
import { positionOf } from '../load/yaml-source.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

/** `[WARNING]` texts for the duplicate-key diagnostics of one loaded YAML file. */
export function duplicateKeyWarnings(file: string, value: unknown, diagnostics: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'yaml-duplicate-key') continue;
    const key = /duplicate dict key \((.*)\);/.exec(d.message)?.[1] ?? '';
    const map = findMapWithKeyAt(value, key, d.line, d.column);
    const at = (map && positionOf(map)) ?? d;
    out.push(`While constructing a mapping from ${file}, line ${at.line}, column ${at.column}, found a duplicate dict key (${key}). Using last defined value only.`);
  }
  return out;
}

function findMapWithKeyAt(v: unknown, key: string, line: number, column: number): object | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const found = findMapWithKeyAt(x, key, line, column);
      if (found) return found;
    }
  } else if (isDict(v)) {
    const p = Object.hasOwn(v, key) ? positionOf(v, key) : undefined;
    if (p && p.line === line && p.column === column) return v;
    for (const x of Object.values(v)) {
      const found = findMapWithKeyAt(x, key, line, column);
      if (found) return found;
    }
  }
  return undefined;
}
