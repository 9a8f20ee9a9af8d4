/** Structural comparison that names where two decoded values differ ($.r.results[0].stdout). */
import { PyFloatText } from './json-lines.js';

export function show(v: unknown): string {
  if (v instanceof PyFloatText) return v.text;
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof PyFloatText) return 'float';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return 'int';
  return typeof v;
}

/** Appends "path: ansible X, pgplay Y" lines for the first `limit` differences. */
export function diffValues(a: unknown, b: unknown, path: string, out: string[], limit = 8): void {
  if (out.length >= limit) return;
  const ka = kind(a);
  const kb = kind(b);
  if (ka !== kb) {
    out.push(`${path}: ansible ${ka} ${show(a)}, pgplay ${kb} ${show(b)}`);
    return;
  }
  if (a instanceof PyFloatText && b instanceof PyFloatText) {
    if (Number(a.text) !== Number(b.text)) out.push(`${path}: ansible ${a.text}, pgplay ${b.text}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ansible has ${a.length} items, pgplay ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) diffValues(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (ka === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of Object.keys(ra)) {
      if (!(k in rb)) out.push(`${path}.${k}: only ansible has it (${show(ra[k])})`);
      else diffValues(ra[k], rb[k], `${path}.${k}`, out, limit);
      if (out.length >= limit) return;
    }
    for (const k of Object.keys(rb)) {
      if (!(k in ra)) out.push(`${path}.${k}: only pgplay has it (${show(rb[k])})`);
      if (out.length >= limit) return;
    }
    return;
  }
  if (a !== b) out.push(`${path}: ansible ${show(a)}, pgplay ${show(b)}`);
}
