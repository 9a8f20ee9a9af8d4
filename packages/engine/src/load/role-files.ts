/**
 * Finding a role and reading its files as ansible-core 2.16 does: RoleDefinition._load_role_path
 * (the search order) and Role._load_role_yaml (main.yml/.yaml/.json/no extension, `main/` as a
 * directory of files for vars and defaults, `<subdir>_from`).
 */
import { readDataText } from '../vault/read-data-file.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import type { LoadEnv } from './load-env.js';
import type { Pos } from './yaml-source.js';
import { loadYamlDocument } from './yaml-source.js';
import type { DiagnosticSink } from '../validate/diagnostic.js';
import { isDict } from '../values/py.js';

export type RoleLocation = { name: string; path: string } | { searched: string[] };

/** The directories searched for a role name, in order (used in the "not found" message too). */
export function roleSearchPaths(env: LoadEnv, roleBasedir?: string): string[] {
  return [join(env.basedir, 'roles'), ...env.rolesPath, ...(roleBasedir ? [roleBasedir] : []), env.basedir];
}

/** A role name (or path) → its directory: the first search path holding it, else the name as a path. */
export function findRole(env: LoadEnv, name: string, roleBasedir?: string): RoleLocation {
  const searched = roleSearchPaths(env, roleBasedir);
  for (const dir of searched) {
    const p = resolve(dir, name);
    if (existsSync(p)) return { name, path: p };
  }
  const asPath = resolve(env.basedir, name);
  if (existsSync(asPath)) return { name: basename(name), path: isAbsolute(name) ? name : asPath };
  return { searched };
}

/** The role directory with symlinks resolved (ansible's get_role_path, the cache key). */
export function canonicalRolePath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** DataLoader._get_dir_vars_files: sorted, recursive, no hidden or backup files. */
function dirVarsFiles(path: string, extensions: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const ext = extname(entry);
    const full = join(path, entry);
    if (isDir(full) && !ext) found.push(...dirVarsFiles(full, extensions));
    else if (!isDir(full) && (!ext || extensions.includes(ext))) found.push(full);
  }
  return found;
}

/** DataLoader.find_vars_files with the role's extension order. */
function findVarsFiles(path: string, name: string, extensions: string[], allowDir: boolean): string[] {
  const base = join(path, name);
  for (const ext of extensions) {
    const full = ext === '' ? base : ext.includes('.') ? base + ext : `${base}.${ext}`;
    if (!existsSync(full)) continue;
    if (isDir(full)) {
      if (allowDir) return dirVarsFiles(full, extensions);
      continue;
    }
    return [full];
  }
  return [];
}

export interface RoleYaml {
  data: unknown;
  /** The file(s) the data came from (the first one for positions). */
  files: string[];
}

/**
 * Role._load_role_yaml: `<role>/<subdir>/main` (or `main` = the `<subdir>_from` name). Vars and
 * defaults (allowDir) merge every file found; tasks and handlers take the first with data.
 * Problems are reported at `at` (the role's entry) and the result is then undefined.
 */
export function loadRoleYaml(roleName: string, rolePath: string, subdir: string, main: string | undefined, allowDir: boolean, report: DiagnosticSink, at: Pos, vault?: VaultLib): RoleYaml | undefined {
  const dir = join(rolePath, subdir);
  if (!isDir(dir)) return { data: null, files: [] };
  const extensions = ['.yml', '.yaml', '.json'];
  let name = 'main';
  if (main === undefined) extensions.push('');
  else {
    name = main;
    extensions.unshift('');
  }
  const found = findVarsFiles(dir, name, extensions, allowDir);
  if (found.length === 0) {
    if (main === undefined) return { data: null, files: [] };
    report({ code: 'file-not-found', severity: 'error', ...at, message: `Could not find specified file in role: ${subdir}/${main}`, expected: `a file ${subdir}/${main}(.yml|.yaml|.json) in role '${roleName}' (${rolePath})` });
    return undefined;
  }
  let data: unknown = null;
  const files: string[] = [];
  for (const file of found) {
    let text: string;
    try {
      text = readDataText(file, vault).text;
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      report({ code: 'vault', severity: 'error', file, line: 1, column: 1, message: e.message, expected: 'a vault secret (--vault-id, --vault-password-file) that decrypts the file' });
      return undefined;
    }
    const { value, diagnostics } = loadYamlDocument(text, file);
    diagnostics.forEach(report);
    if (diagnostics.some((d) => d.severity === 'error')) return undefined;
    const empty = value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (isDict(value) && Object.keys(value).length === 0) || value === '' || value === false;
    if (empty) continue;
    files.push(file);
    data = data !== null && isDict(value) && isDict(data) ? { ...data, ...value } : value;
    if (!allowDir) break;
  }
  return { data, files };
}
