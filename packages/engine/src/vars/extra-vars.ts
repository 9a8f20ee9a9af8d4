/**
 * `-e` values as ansible-core's load_extra_vars reads them: `@file` (YAML/JSON), text starting
 * with `{` or `[` (YAML), otherwise `k=v` pairs whose values stay strings. Later ones win.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadYamlDocument } from '../load/yaml-source.js';
import { parseKv } from '../load/split-args.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

export function parseExtraVars(values: readonly string[], cwd = process.cwd()): { vars: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const vars: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  const bad = (file: string, message: string, expected: string, line = 0, column = 0) =>
    diagnostics.push({ code: 'invalid-extra-vars', severity: 'error', file, line, column, message, expected });
  for (const opt of values) {
    let data: unknown;
    if (opt.startsWith('@')) {
      const file = resolve(cwd, opt.slice(1));
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        diagnostics.push({ code: 'file-not-found', severity: 'error', file, line: 0, column: 0, message: `the extra vars file ${opt.slice(1)} could not be found`, expected: 'a readable YAML or JSON file after @' });
        continue;
      }
      const r = loadYamlDocument(text, file);
      diagnostics.push(...r.diagnostics);
      if (r.diagnostics.some((d) => d.severity === 'error')) continue;
      data = r.value;
    } else if (/^\s*[{[]/.test(opt)) {
      const r = loadYamlDocument(opt, '<extra vars>');
      if (r.diagnostics.some((d) => d.severity === 'error')) {
        bad('<extra vars>', `Invalid extra vars data supplied: ${opt} is not valid JSON or YAML`, 'a JSON/YAML mapping, key=value pairs, or @file', r.diagnostics[0]!.line, r.diagnostics[0]!.column);
        continue;
      }
      data = r.value;
    } else {
      try {
        data = parseKv(opt);
      } catch (e) {
        bad('<extra vars>', (e as Error).message, 'key=value pairs');
        continue;
      }
    }
    if (data === null || data === undefined) continue;
    if (!isDict(data)) {
      bad(opt.startsWith('@') ? resolve(cwd, opt.slice(1)) : '<extra vars>', `Invalid extra vars data supplied. '${opt}' could not be made into a dictionary`, 'a mapping of variable names to values');
      continue;
    }
    Object.assign(vars, data);
  }
  return { vars, diagnostics };
}
