/**
 * The contract between the inventory loader and the plug-ins that read one source each (INI,
 * YAML, host lists, and later dynamic ones such as aws_ec2). A plug-in says whether it wants a
 * source (`verifyFile`) and fills the inventory through the builder; a failure is thrown as an
 * InventoryParseError so the loader can try the next plug-in, as `InventoryManager.parse_source`
 * does.
 */
import type { Diagnostic, DiagnosticCode } from '../validate/diagnostic.js';
import type { ConstructOptions } from './constructable.js';

/** The mutations a plug-in may make. Names are Ansible's InventoryData methods. */
export interface InventoryBuilder {
  addGroup(name: string): string;
  /** Adds the host (once) and, when given, puts it in `group`; `port` sets `ansible_port`. */
  addHost(name: string, group?: string, port?: number): string;
  /** `child` may be a group or a host name. */
  addChild(group: string, child: string): boolean;
  setVariable(entity: string, key: string, value: unknown): void;
  hasGroup(name: string): boolean;
  hasHost(name: string): boolean;
}

export interface InventoryPluginContext {
  /** Plug-ins registered for `plugin:` config files (what Ansible's `auto` dispatches to). */
  readonly plugins: readonly InventoryPlugin[];
  /** A warning Ansible would print; it does not stop parsing. `ansibleText` when its wording differs. */
  warn(message: string, where?: { line: number; column: number }, ansibleText?: string): void;
  /** Reads and parses a YAML file the way every inventory plug-in does (YAML 1.1, positions kept). */
  loadYamlFile(path: string): unknown;
  /** A source file's text, decrypted when the whole file is an Ansible Vault (DataLoader does it for every plug-in). */
  readText(path: string): string;
  /**
   * ansible's Constructable for one host already added: `compose`, `groups` and `keyed_groups`
   * templated against `variables` (plus the host's own variables for groups), as the
   * `constructed` options of dynamic plug-ins behave. Throws InventoryParseError under `strict`.
   */
  construct(host: string, variables: Record<string, unknown>, options: ConstructOptions): void;
  /** Where a key (or with `value`, its value) of a mapping loadYamlFile returned is in its file. */
  positionOf(obj: unknown, key?: string, value?: boolean): { file: string; line: number; column: number } | undefined;
}

export interface InventoryPlugin {
  /** Short name (`ini`, `aws_ec2`); `plugin:` keys match it or one of `aliases` (FQCNs). */
  readonly name: string;
  readonly aliases?: readonly string[];
  verifyFile(path: string): boolean | Promise<boolean>;
  parse(path: string, builder: InventoryBuilder, ctx: InventoryPluginContext): Promise<void>;
}

/** Why a plug-in gave up on a source, with the place in it when known. */
export class InventoryParseError extends Error {
  constructor(
    message: string,
    readonly where?: { file: string; line: number; column: number },
    readonly expected?: string,
    /** Diagnostics already produced (e.g. YAML syntax errors) that explain the failure better. */
    readonly diagnostics: Diagnostic[] = [],
    /** `inventory-syntax` for text that does not follow the format, else `inventory-invalid`. */
    readonly code: DiagnosticCode = 'inventory-invalid',
  ) {
    super(message);
    this.name = 'InventoryParseError';
  }
}

export function pluginMatches(p: InventoryPlugin, name: string): boolean {
  return p.name === name || (p.aliases ?? []).includes(name);
}
