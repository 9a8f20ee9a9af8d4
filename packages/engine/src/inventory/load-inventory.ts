/**
 * Reads every `-i` source into one inventory as `InventoryManager.parse_sources` does: a
 * directory contributes its files in sorted order (skipping hidden files, group_vars/host_vars
 * and backup-like extensions), each file goes to the first plug-in that wants it and can parse
 * it. Where Ansible only warns and skips a broken source, pgplay also reports an error
 * diagnostic with the position of the problem; the inventory itself is what Ansible would build.
 */
import { readDataText } from '../vault/read-data-file.js';
import type { VaultLib } from '../vault/vault-lib.js';
import { VarsFileCache } from './vars-files.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { loadYamlDocument, positionOf, valuePositionOf } from '../load/yaml-source.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { BUILTIN_PLUGINS } from './builtin-plugins.js';
import { constructHost } from './constructable.js';
import { InventoryError } from './host-group.js';
import { Inventory } from './inventory.js';
import { InventoryData } from './inventory-data.js';
import { InventoryParseError } from './plugin-api.js';
import type { InventoryBuilder, InventoryPlugin, InventoryPluginContext } from './plugin-api.js';
import { isDirectory, sortedEntries } from './vars-files.js';
import { YAML_EXTENSIONS } from './yaml-plugin.js';
import { duplicateKeyWarnings } from './yaml-warnings.js';

export interface LoadInventoryOptions {
  /** `-i` values: files, directories, or host lists such as `h1,h2,`. */
  sources: string[];
  /** Where the playbook is; its group_vars/ and host_vars/ rank above the inventory's. */
  playbookDir?: string;
  /** Dynamic inventory plug-ins, chosen by a config file's `plugin:` key (Ansible's `auto`). */
  plugins?: InventoryPlugin[];
  /** `ansible_python_interpreter` given to the implicit localhost. */
  localPython?: string;
  /** Vault secrets: vaulted group_vars/host_vars files are decrypted with them. */
  vault?: VaultLib;
}

export interface LoadInventoryResult {
  inventory: Inventory;
  /** Errors for sources that could not be read, warnings where Ansible warns. */
  diagnostics: Diagnostic[];
  /** Ansible's [WARNING] texts for the same run, for output that mimics it. */
  warnings: string[];
}

const REJECT_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'];
/** C.INVALID_VARIABLE_NAMES, `^[\d\W]|[^\w]` with Python's Unicode \d and \w. */
const INVALID_VARIABLE_NAME = /^\p{Nd}|[^\p{L}\p{N}_]/u;
const IGNORED_NAMES = /^\.|^host_vars$|^group_vars$|^vars_plugins$/;

/** INVENTORY_IGNORE_EXTS and the names Ansible never reads from an inventory directory. */
export function ignoredInDirectory(name: string): boolean {
  return IGNORED_NAMES.test(name) || REJECT_EXTS.some((ext) => name.endsWith(ext));
}

export async function loadInventory(opts: LoadInventoryOptions): Promise<LoadInventoryResult> {
  const data = new InventoryData({ localPython: opts.localPython });
  const loader = new SourceLoader(data, opts.plugins ?? [], opts.vault);
  const sources = opts.sources.filter((s) => s).map((s) => (s.includes(',') ? s : unfrackPath(s)));
  let parsed = false;
  for (const s of sources) if (await loader.parseSource(s)) parsed = true;
  if (parsed) data.reconcile();
  else loader.warnings.push('No inventory was parsed, only implicit localhost is available');
  const playbookDir = opts.playbookDir === undefined ? undefined : resolve(opts.playbookDir);
  const inventory = new Inventory(data, sources, playbookDir, new VarsFileCache(opts.vault));
  // Read every vars file now so that their problems are reported before anything runs.
  for (const h of inventory.hosts) inventory.hostLayers(h.name);
  for (const g of inventory.groups) inventory.groupLayers(g.name);
  // Plug-ins tried in turn may read the same file, so the same warning can come twice.
  const diagnostics = uniqueBy([...loader.diagnostics, ...inventory.varsFiles.diagnostics], (d) => JSON.stringify(d));
  const warnings = [...loader.warnings, ...data.warnings, ...inventory.varsFiles.warnings];
  return { inventory, diagnostics, warnings: [...new Set(warnings)] };
}

function uniqueBy<T>(items: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => !seen.has(key(x)) && Boolean(seen.add(key(x))));
}

/** `unfrackpath(follow=False)`: ~ and $VARS expanded, made absolute, not resolving links. */
function unfrackPath(p: string): string {
  const expanded = p.replace(/^~(?=\/|$)/, homedir()).replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a, b) => process.env[a ?? b] ?? m);
  return resolve(expanded);
}

class SourceLoader {
  readonly diagnostics: Diagnostic[] = [];
  readonly warnings: string[] = [];
  private readonly plugins: InventoryPlugin[];
  private currentFile = '';

  constructor(
    private readonly data: InventoryData,
    private readonly registered: InventoryPlugin[],
    private readonly vault?: VaultLib,
  ) {
    this.plugins = [...BUILTIN_PLUGINS];
  }

  async parseSource(source: string): Promise<boolean> {
    if (isDirectory(source)) {
      let parsed = false;
      for (const name of sortedEntries(source)) {
        if (ignoredInDirectory(name)) continue;
        if (await this.parseSource(join(source, name))) parsed = true;
      }
      return parsed;
    }
    this.data.currentSource = source;
    this.currentFile = source;
    const failures: { plugin: string; error: InventoryParseError }[] = [];
    let parsed = false;
    for (const plugin of this.plugins) {
      if (!(await safeVerify(plugin, source))) continue;
      try {
        await plugin.parse(source, this.builder(), this.context());
        parsed = true;
        break;
      } catch (e) {
        failures.push({ plugin: plugin.name, error: asParseError(e) });
      }
    }
    this.data.currentSource = undefined;
    if (parsed) this.data.processedSources.push(source);
    else this.reportFailure(source, failures);
    return parsed;
  }

  private reportFailure(source: string, failures: { plugin: string; error: InventoryParseError }[]): void {
    for (const f of failures) this.warnings.push(`\n* Failed to parse ${source} with ${f.plugin} plugin: ${f.error.message}`);
    this.warnings.push(`Unable to parse ${source} as an inventory source`);
    const best = mostRelevant(source, failures);
    if (!best) {
      this.diagnostics.push({
        code: existsSync(source) ? 'inventory-invalid' : 'file-not-found', severity: 'error', file: source, line: 1, column: 1,
        message: existsSync(source) ? `no inventory plug-in accepts ${source}` : `inventory source ${source} does not exist`,
        expected: 'an inventory file or directory, or a comma-separated host list such as "h1,h2,"',
      });
      return;
    }
    if (best.error.diagnostics.length) {
      this.diagnostics.push(...best.error.diagnostics);
      return;
    }
    const w = best.error.where ?? { file: source, line: 1, column: 1 };
    this.diagnostics.push({
      code: best.error.code,
      severity: 'error', ...w,
      message: `${best.plugin} inventory: ${best.error.message} (Ansible warns and skips this source)`,
      ...(best.error.expected ? { expected: best.error.expected } : {}),
    });
  }

  private builder(): InventoryBuilder {
    const d = this.data;
    return {
      addGroup: (name) => {
        if (!d.groups.has(name) && INVALID_VARIABLE_NAME.test(name)) {
          d.warnings.push('Invalid characters were found in group names but not replaced, use -vvvv to see details');
        }
        return d.addGroup(name);
      },
      addHost: (name, group, port) => d.addHost(name, group, port),
      addChild: (group, child) => d.addChild(group, child),
      setVariable: (entity, key, value) => d.setVariable(entity, key, value),
      hasGroup: (name) => d.groups.has(name),
      hasHost: (name) => d.hosts.has(name),
    };
  }

  /** Host.get_vars(): its variables and the magic ones a constructed expression may use. */
  private hostVarsOf(name: string): Record<string, unknown> {
    const h = this.data.hosts.get(name);
    const groups = (h?.groups ?? []).map((g) => g.name).filter((g) => g !== 'all').sort();
    return { ...(h?.vars ?? {}), inventory_hostname: name, inventory_hostname_short: name.split('.')[0], group_names: groups };
  }

  private readText(path: string): string {
    const f = readDataText(path, this.vault);
    return f.text;
  }

  private context(): InventoryPluginContext {
    return {
      plugins: this.registered,
      warn: (message, where, ansibleText) => {
        this.warnings.push(ansibleText ?? message);
        this.diagnostics.push({ code: 'inventory-invalid', severity: 'warning', file: this.currentFile, line: where?.line ?? 1, column: where?.column ?? 1, message });
      },
      readText: (path) => this.readText(path),
      construct: (host, variables, options) => constructHost(this.builder(), (h) => this.hostVarsOf(h), host, variables, options),
      positionOf: (obj, key, value) => (value && key !== undefined ? valuePositionOf(obj, key) : positionOf(obj, key)) ?? undefined,
      loadYamlFile: (path) => {
        const { value, diagnostics } = loadYamlDocument(this.readText(path), path);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) throw new InventoryParseError(errors[0]!.message, errors[0], errors[0]!.expected, errors);
        this.diagnostics.push(...diagnostics);
        this.warnings.push(...duplicateKeyWarnings(path, value, diagnostics));
        return value;
      },
    };
  }
}

async function safeVerify(plugin: InventoryPlugin, source: string): Promise<boolean> {
  try {
    return Boolean(await plugin.verifyFile(source));
  } catch {
    return false;
  }
}

function asParseError(e: unknown): InventoryParseError {
  if (e instanceof InventoryParseError) return e;
  if (e instanceof InventoryError || e instanceof Error) return new InventoryParseError(e.message);
  return new InventoryParseError(String(e));
}

/**
 * Ansible tries plug-ins in turn and prints every failure; a user wants the one that matches
 * what the file was meant to be: the YAML reading for .yml/.yaml/.json files and for files that
 * parse as a YAML mapping, a plug-in config's own error when it has a `plugin:` key, else INI.
 */
function mostRelevant(source: string, failures: { plugin: string; error: InventoryParseError }[]):
  { plugin: string; error: InventoryParseError } | undefined {
  const by = (name: string): { plugin: string; error: InventoryParseError } | undefined => failures.find((f) => f.plugin === name);
  const auto = by('auto');
  if (auto && !/no root 'plugin' key/.test(auto.error.message)) return auto;
  const yaml = by('yaml');
  const yamlish = YAML_EXTENSIONS.some((e) => basename(source).endsWith(e));
  if (yaml && (yamlish || !/invalid structure|Parsed empty|YAML syntax/.test(yaml.error.message))) return yaml;
  return by('ini') ?? yaml ?? failures[0];
}
