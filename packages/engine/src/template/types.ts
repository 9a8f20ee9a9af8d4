/**
 * The contract between templating and the rest of the engine. Implementations live beside this
 * file; everything here is types only so that exec/ and modules can depend on it cheaply.
 */
import type { VaultText } from '../values/vault-text.js';
import type { VaultLib } from '../vault/vault-lib.js';

/** Variables as templating sees them: a plain object, or a lazy scope (hostvars need not exist). */
export interface Scope {
  get(name: string): unknown;
  has(name: string): boolean;
  /** Names visible in this scope, for `vars` and `varnames`. Optional: lazy scopes may omit it. */
  keys?(): Iterable<string>;
  /** A variable as written, before templating or vault decryption: lets `x is vault_encrypted`
   * see a `!vault` value as ansible's AnsibleVaultEncryptedUnicode. Optional. */
  raw?(name: string): unknown;
}
export type Vars = Scope | Record<string, unknown>;

/** Where a template came from, so errors point at the YAML value or the .j2 file. */
export interface SourceRef {
  file?: string;
  line?: number;
  column?: number;
}

export interface TemplateOptions {
  /** Position of the template text (the YAML scalar, or line 1 of a template file). */
  source?: SourceRef;
  /** Directories searched by the file/template/fileglob/first_found lookups, in order
   * (role files/ and templates/ first, then the playbook directory), as ansible_search_path. */
  searchPath?: string[];
  /** Filters, tests and lookups added by plug-ins; they override the builtins of the same name. */
  registry?: TemplateRegistry;
  /** Working directory of lookups such as `pipe` (the playbook directory in Ansible). */
  cwd?: string;
  /** When true, Unknown values make conditionals "undecidable" instead of throwing. */
  checkMode?: boolean;
  /** Overrides of Ansible's environment (trim_blocks etc.), as `#jinja2:` headers set them. */
  environment?: Partial<JinjaEnvironment>;
  /** Decrypts a `!vault` value when it is used (never templated further, as in Ansible). Without
   * it a vaulted value is an error: no vault secrets. */
  vault?: (v: VaultText) => string;
  /** The run's vault secrets, for the `unvault` lookup (DataLoader.get_real_file(decrypt=True));
   * what it decrypts is recorded with them so output masks it. */
  vaultLib?: VaultLib;
  /** Receives `[WARNING]` texts from lookups (`inventory_hostnames`, `config` on_missing=warn). */
  warn?: (message: string) => void;
}

export interface JinjaEnvironment {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  keepTrailingNewline: boolean;
  newlineSequence: string;
  blockStartString: string;
  blockEndString: string;
  variableStartString: string;
  variableEndString: string;
  commentStartString: string;
  commentEndString: string;
}

/** What a filter, test or lookup receives besides its arguments. */
export interface CallContext {
  /** Looks a variable up in the current template scope (lookup('vars', …), `vars`). */
  lookupVar(name: string): unknown;
  options: TemplateOptions;
  /** Renders a template text in the current variables (lookup('template'), recursive vars). */
  render(source: string, extraVars?: Record<string, unknown>): string;
  /** Applies a filter / test by name (map('upper'), select('odd')); always set by the evaluator. */
  callFilter?(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown;
  callTest?(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean;
}

export type FilterFn = (ctx: CallContext, value: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown;
export type TestFn = (ctx: CallContext, value: unknown, args: unknown[], kwargs: Record<string, unknown>) => boolean;
/** A lookup returns a list; lookup() joins it with "," unless wantlist, query() keeps it. */
export type LookupFn = (ctx: CallContext, terms: unknown[], kwargs: Record<string, unknown>) => unknown[];

export interface TemplateRegistry {
  filters?: Record<string, FilterFn>;
  tests?: Record<string, TestFn>;
  lookups?: Record<string, LookupFn>;
}
