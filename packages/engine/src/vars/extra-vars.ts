/**
 * `-e` values as ansible-core's load_extra_vars reads them: `@file` (YAML/JSON), text starting
 * with `{` or `[` (YAML), otherwise `k=v` pairs whose values stay strings. Later ones win.
 */
import { readDataText, revealSecrets } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { resolve } from 'node:path';
import { loadYamlDocument } from '../load/yaml-source.js';
import { parseKv } from '../load/split-args.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

export function parseExtraVars(values: readonly string[], cwd = process.cwd(), vault?: VaultLib): { vars: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const vars: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  const bad = (file: string, message: string, expected: string, line = 0, column = 0) =>
    diagnostics.push({ code: 'invalid-extra-vars', severity: 'error', file, line, column, message, expected });
  for (const opt of values) {
    let data: unknown;
    if (opt.startsWith('@')) {
      const file = resolve(cwd, opt.slice(1));
      let text: string;
      let vaulted = false;
      try {
        ({ text, vaulted } = readDataText(file, vault));
      } catch (e) {
        if (e instanceof VaultError) {
          diagnostics.push({ code: 'vault', severity: 'error', file, line: 1, column: 1, message: e.message, expected: 'a vault secret (--vault-id, --vault-password-file) that decrypts the file' });
          continue;
        }
        diagnostics.push({ code: 'file-not-found', severity: 'error', file, line: 0, column: 0, message: `the extra vars file ${opt.slice(1)} could not be found`, expected: 'a readable YAML or JSON file after @' });
        continue;
      }
      const r = loadYamlDocument(text, file);
      diagnostics.push(...r.diagnostics);
      if (r.diagnostics.some((d) => d.severity === 'error')) continue;
      data = r.value;
      if (vaulted) revealSecrets(vault, data);
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
