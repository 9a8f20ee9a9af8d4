/**
 * `vars_files`: per host, because names may be templated with host variables. A list entry
 * means "the first of these that exists". A file that can't be found stops the run, as in
 * ansible-core (pgplay finds untemplated ones before the run starts).
 */
import { existsSync } from 'node:fs';
import { readDataText, revealSecrets } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { isAbsolute, join } from 'node:path';
import type { RunContext } from './run-context.js';
import type { PlayVars } from './task-vars.js';
import type { LayeredScope } from '../vars/layered-scope.js';
import { templateValue } from '../template/index.js';
import { TemplateError } from '../template/errors.js';
import { loadYamlDocument } from '../load/yaml-source.js';
import { formatDiagnostic } from '../validate/diagnostic.js';
import { isDict, pyStr } from '../values/py.js';
import { PlayError } from './errors.js';

/** A vars file (vars_files, include_vars): YAML/JSON, decrypted when the whole file is a vault. */
export function readVarsFile(path: string, vault: VaultLib): Record<string, unknown> {
  let text: string;
  let vaulted: boolean;
  try {
    ({ text, vaulted } = readDataText(path, vault));
  } catch (e) {
    if (e instanceof VaultError) throw new PlayError(e.message);
    throw e;
  }
  const { value, diagnostics } = loadYamlDocument(text, path);
  if (vaulted) revealSecrets(vault, value);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new PlayError(errors.map(formatDiagnostic).join('\n'));
  if (value === null) return {};
  if (!isDict(value)) throw new PlayError(`${path}: a vars file must contain a mapping of variable names to values`);
  return value;
}

function resolvePath(rc: RunContext, name: string): string {
  return isAbsolute(name) ? name : join(rc.playbook.dir, name);
}

/** Loads every host's vars_files into pv.varsFiles; returns hosts it could not load for. */
export function loadVarsFiles(rc: RunContext, pv: PlayVars, hosts: string[], scopeOf: (h: string) => LayeredScope): Set<string> {
  const entries = pv.play.keywords.vars_files;
  const list = entries === undefined || entries === null ? [] : Array.isArray(entries) ? entries : [entries];
  const failed = new Set<string>();
  if (list.length === 0) return failed;
  for (const host of hosts) {
    const scope = scopeOf(host);
    const loaded: Record<string, unknown>[] = [];
    for (const entry of list) {
      const candidates = Array.isArray(entry) ? entry : [entry];
      let found: string | undefined;
      for (const c of candidates) {
        let name: string;
        try {
          name = pyStr(templateValue(c, scope, {}));
        } catch (e) {
          if (e instanceof TemplateError) continue; // Ansible skips entries it cannot template yet
          throw e;
        }
        if (existsSync(resolvePath(rc, name))) {
          found = resolvePath(rc, name);
          break;
        }
      }
      if (!found) throw new PlayError(`vars file ${candidates.map(String).join(', ')} was not found`);
      loaded.push(readVarsFile(found, rc.vault));
    }
    pv.varsFiles.set(host, loaded);
  }
  return failed;
}
