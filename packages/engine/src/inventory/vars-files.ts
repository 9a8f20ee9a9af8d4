/**
 * `group_vars/` and `host_vars/` files, found and read as `plugins/vars/host_group_vars.py` and
 * `DataLoader.find_vars_files` do: for an entity `web` the first of `web`, `web.yml`, `web.yaml`,
 * `web.json` that exists is used; a directory is read recursively in sorted order (hidden and
 * `~` files skipped, only extension-less or YAML/JSON files). Empty files add nothing.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readDataText, revealSecrets } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { extname, join, resolve } from 'node:path';
import { loadYamlDocument } from '../load/yaml-source.js';
import { isDict } from '../values/py.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { duplicateKeyWarnings } from './yaml-warnings.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export interface VarsFile {
  path: string;
  vars: Record<string, unknown>;
}

/** Reads each vars file once; problems go to `diagnostics` and the file then contributes nothing. */
export class VarsFileCache {
  private readonly files = new Map<string, Record<string, unknown>>();
  private readonly found = new Map<string, string[]>();
  private readonly dirs = new Map<string, boolean>();
  private readonly vaulted = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  /** Ansible's [WARNING] texts (duplicate keys) for the files read. */
  readonly warnings: string[] = [];

  constructor(private readonly vault?: VaultLib) {}

  /** The files `<dir>/<subdir>/<name>…` contributes, in load order. */
  entityFiles(dir: string, subdir: 'group_vars' | 'host_vars', name: string): VarsFile[] {
    // Ansible skips entities whose name starts with a path separator.
    if (name.startsWith('/')) return [];
    const base = join(resolve(dir), subdir);
    const key = `${base}\0${name}`;
    let paths = this.found.get(key);
    if (!paths) {
      let isDir = this.dirs.get(base);
      if (isDir === undefined) this.dirs.set(base, (isDir = isDirectory(base)));
      paths = isDir ? findVarsFiles(base, name) : [];
      this.found.set(key, paths);
    }
    return paths.map((path) => ({ path, vars: this.read(path) })).filter((f) => Object.keys(f.vars).length > 0);
  }

  private read(path: string): Record<string, unknown> {
    let vars = this.files.get(path);
    if (vars) return vars;
    vars = {};
    let text: string;
    try {
      const f = readDataText(path, this.vault);
      text = f.text;
      if (f.vaulted) this.vaulted.add(path);
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      this.diagnostics.push({ code: 'vault', severity: 'error', file: path, line: 1, column: 1, message: e.message, expected: 'a vault secret (--vault-id, --vault-password-file) that decrypts the file' });
      this.files.set(path, vars);
      return vars;
    }
    const { value, diagnostics } = loadYamlDocument(text, path);
    if (this.vaulted.has(path)) revealSecrets(this.vault, value);
    this.diagnostics.push(...diagnostics);
    this.warnings.push(...duplicateKeyWarnings(path, value, diagnostics));
    if (isDict(value)) vars = value;
    else if (value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) {
      this.diagnostics.push({
        code: 'inventory-invalid', severity: 'error', file: path, line: 1, column: 1,
        message: `failed to combine variables, expected dicts but got a '${Array.isArray(value) ? 'list' : typeof value}' and a 'dict'`,
        expected: 'a mapping of variable names to values',
      });
    }
    this.files.set(path, vars);
    return vars;
  }
}

function findVarsFiles(base: string, name: string): string[] {
  for (const ext of EXTENSIONS) {
    const full = join(base, name) + ext;
    if (!existsSync(full)) continue;
    return isDirectory(full) ? dirVarsFiles(full) : [full];
  }
  return [];
}

function dirVarsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of sortedEntries(dir)) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const full = join(dir, entry);
    const ext = extname(entry);
    if (isDirectory(full) && !ext) out.push(...dirVarsFiles(full));
    else if (isFile(full) && EXTENSIONS.includes(ext)) out.push(full);
  }
  return out;
}

/** Python sorts directory listings as str/bytes: by code point, which UTF-8 byte order preserves. */
export function sortedEntries(dir: string): string[] {
  return readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
