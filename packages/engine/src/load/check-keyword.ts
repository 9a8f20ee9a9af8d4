/**
 * Type checks of keyword values before anything runs. Templated strings pass (they are checked
 * again after templating, per host); everything else must already have the keyword's type.
 */
import type { KeywordSpec } from './keywords.js';
import type { Pos } from './yaml-source.js';
import type { DiagnosticSink } from '../validate/diagnostic.js';
import { isDict, isFloat } from '../values/py.js';

const BOOL_STRINGS = new Set(['yes', 'on', '1', 'true', 't', 'y', '1.0', 'no', 'off', '0', 'false', 'f', 'n', '0.0']);
const isTemplate = (v: unknown) => typeof v === 'string' && /\{\{|\{%/.test(v);

function accepts(spec: KeywordSpec, v: unknown): boolean {
  if (isTemplate(v)) return true;
  switch (spec.type) {
    case 'bool':
      return typeof v === 'boolean' || v === 0 || v === 1 || (typeof v === 'string' && BOOL_STRINGS.has(v.toLowerCase()));
    case 'int':
      return typeof v === 'number' || (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) || isFloat(v);
    case 'float':
      return typeof v === 'number' || isFloat(v) || (typeof v === 'string' && !Number.isNaN(Number(v)));
    case 'percent':
      return typeof v === 'number' || isFloat(v) || (typeof v === 'string' && /^\s*\d+(\.\d+)?%?\s*$/.test(v));
    case 'string':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || isFloat(v);
    case 'list':
      return Array.isArray(v) || typeof v === 'string';
    case 'listOrString':
      return Array.isArray(v) || typeof v === 'string' || typeof v === 'number';
    case 'dict':
      return isDict(v) || v === null;
    case 'any':
      return true;
  }
}

const EXPECTED: Record<KeywordSpec['type'], string> = {
  bool: 'a boolean (true/false, yes/no)',
  int: 'an integer',
  float: 'a number',
  percent: 'a percentage such as 30 or "30%"',
  string: 'a string',
  list: 'a list',
  listOrString: 'a list or a string',
  dict: 'a mapping',
  any: 'any value',
};

export function checkKeywordValue(report: DiagnosticSink, key: string, v: unknown, spec: KeywordSpec, pos: Pos, where: string): void {
  // Taggable._load_tags: a list, or a comma-separated string; anything else (a number, null) is
  // refused, and the numbers inside a list stay numbers (`--tags 1` does not select `[1]`).
  if (key === 'tags' && !Array.isArray(v) && typeof v !== 'string') {
    report({ code: 'invalid-keyword-value', severity: 'error', ...pos, message: 'tags must be specified as a list', expected: 'a list of tags, or a comma-separated string' });
    return;
  }
  if (v === null && spec.type !== 'bool' && spec.type !== 'dict') return;
  if (accepts(spec, v)) return;
  const shown = JSON.stringify(v) ?? String(v);
  report({
    code: 'invalid-keyword-value', severity: 'error', ...pos,
    message: `the field '${key}' of this ${where} has an invalid value, ${shown.length > 60 ? shown.slice(0, 57) + '...' : shown}`,
    expected: EXPECTED[spec.type],
  });
}
