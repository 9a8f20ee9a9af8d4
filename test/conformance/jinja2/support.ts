/** Reading the generator's output: typed inputs back into the value model, Python messages' key part. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PyFloat, PyTuple, UnsafeText } from '@pgplay/engine';

/** test/conformance/jinja2 in the source tree (tests run from test/dist). */
export const HERE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'conformance', 'jinja2');
export const ROOT = join(HERE, '..', '..', '..');

export interface CaseInput {
  mode: 'render' | 'value' | 'expr';
  template: unknown;
  vars?: Record<string, unknown>;
  files?: Record<string, string>;
  jinja?: boolean;
}
export type Expected =
  | { type: string; repr: string }
  | { text: string }
  | { error: { class: string; message: string } };

/** The generator's JSON spelling of Python values back into the value model. */
export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('$float' in o) {
    const f = o.$float;
    return new PyFloat(typeof f === 'number' ? f : f === 'nan' ? NaN : f === 'inf' ? Infinity : -Infinity);
  }
  if ('$tuple' in o) return PyTuple.of_((o.$tuple as unknown[]).map(decode));
  if ('$unsafe' in o) return new UnsafeText(o.$unsafe as string);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decode(x);
  return out;
}

export interface Area {
  area: string;
  inputs: Record<string, CaseInput>;
  expected: Record<string, Expected>;
}

export function loadAreas(dir = join(HERE, 'expected')): Area[] {
  return readdirSync(dir).filter((f) => f.endsWith('.input.json')).sort().map((f) => {
    const area = f.slice(0, -'.input.json'.length);
    return {
      area,
      inputs: JSON.parse(readFileSync(join(dir, f), 'utf8')),
      expected: JSON.parse(readFileSync(join(dir, `${area}.json`), 'utf8')),
    };
  });
}

/** skip.yaml: `case-id: reason` lines (a YAML mapping). */
export function loadSkips(): Map<string, string> {
  const skips = new Map<string, string>();
  for (const line of readFileSync(join(HERE, 'skip.yaml'), 'utf8').split('\n')) {
    const m = /^([\w.-]+):\s*(.*)$/.exec(line);
    if (m) skips.set(m[1]!, m[2]!.replace(/^["']|["']$/g, ''));
  }
  return skips;
}

/**
 * What pgplay's message must contain: Python's message without Ansible's wrappers
 * ("template error while templating string: …. String: …", conditional prefixes) and without
 * the repeated original-exception suffix.
 */
export function keyPart(message: string): string {
  // Jinja2's TemplateSyntaxError adds "\n  line N" (its own position); pgplay reports positions separately.
  let m = message.split('\n  line ')[0]!;
  const strip = (marker: string): void => {
    const i = m.lastIndexOf(marker);
    if (i >= 0) m = m.slice(i + marker.length);
  };
  const cut = m.indexOf("' failed. The error was: ");
  if (m.startsWith('The conditional check ') && cut >= 0) m = m.slice(cut + "' failed. The error was: ".length);
  if (m.startsWith('error while evaluating conditional (')) {
    const i = m.indexOf('): ');
    if (i >= 0) m = m.slice(i + 3);
  }
  strip('original message: ');
  if (m.startsWith('template error while templating string: ')) {
    // A syntax error: the whole Jinja2 message counts (it may hold several sentences).
    m = m.slice('template error while templating string: '.length);
    const i = m.indexOf('. String: ');
    return i >= 0 ? m.slice(0, i) : m;
  }
  if (m.startsWith('Unexpected templating type error occurred on (')) {
    const i = m.indexOf('): ');
    if (i >= 0) m = m.slice(i + 3);
  }
  const dup = m.indexOf('. ');
  return dup >= 0 ? m.slice(0, dup) : m;
}

/** The skip table's rules (issue 3): every entry names a case and says why; at most 2% of cases. */
export function checkSkipTable(areas: Area[], skips: Map<string, string>, total: number, maxShare = 0.02): void {
  const ids = new Set(areas.flatMap((a) => Object.keys(a.inputs)));
  for (const [id, reason] of skips) {
    assert.ok(ids.has(id), `skip.yaml names unknown case ${id}`);
    assert.ok(reason.length > 10, `skip of ${id} needs a written reason`);
  }
  assert.ok(skips.size <= total * maxShare, `${skips.size} skips for ${total} cases`);
}
