/**
 * The only entry point modules import (`@pgplay/engine/module-api`). A module is
 * `defineModule({ name, aliases, doc, args, returns, capabilities, plan, apply })`:
 * `plan` reads state and decides, `apply` acts. The engine alone decides check mode: under
 * `--check` it never calls `apply` and returns the plan's result instead.
 */
import type { JSONSchema } from './schema/json-schema.js';
import type { ShellCommand } from './connection/sh.js';
import type { JinjaEnvironment } from './template/types.js';
import type { Duplex } from 'node:stream';
import type { OpenTcpOptions } from './connection/open-tcp.js';
export type { JSONSchema } from './schema/json-schema.js';
export { sh, secret, quote, globPattern } from './connection/sh.js';
export type { ShellCommand } from './connection/sh.js';
/** Shell that prints `id`'s line, without starting `id` on the connection's resident shell. */
export { IDENTITY_LINE } from './connection/resident-shell.js';
export { Unknown, UnknownValue, isUnknown, containsUnknown } from './values/unknown.js';
// Python `re` semantics for modules that take regexes (lineinfile, replace, …): the templates' translator.
export { pyCompile, pyEscape, PyRegexError } from './template/ansible/regex/py-re.js';
export type { PyPattern, PyReMatch, PyFlags } from './template/ansible/regex/py-re.js';
/** A Python float in results (stat's mtime prints as 1700000000.0, not 1700000000). */
export { PyFloat } from './values/py.js';
/** Python's json.dumps (copy's dict/list `content` is written as ansible writes it). */
export { jsonDumps } from './template/ansible/filters/py-json.js';
/** Python's json.loads, for its JSONDecodeError messages (modules that report a bad JSON option as ansible does). */
export { jsonLoads as pyJsonLoads } from './template/ansible/filters/json-parse.js';
/** The network guard: modules that open sockets (uri, wait_for, AWS …) check every address first. */
/** Errors of the connection (unreachable host, failed become): modules rethrow them untouched. */
export { ConnectionError } from './connection/errors.js';
export { assertAddressAllowed, resolveAllowed, NetworkGuardError, ALLOWED_NETS_VAR } from './connection/net-guard.js';
export { fnmatchRegex } from './values/fnmatch.js';
// Dynamic inventory plug-ins (aws_ec2) are written against the same API as modules.
export { InventoryParseError } from './inventory/plugin-api.js';
export type { InventoryPlugin, InventoryBuilder, InventoryPluginContext } from './inventory/plugin-api.js';
export type { ConstructOptions } from './inventory/constructable.js';
export { safeGroupName } from './inventory/constructable.js';
export { TcpConnectError, pythonSocketError } from './connection/open-tcp.js';
export type { OpenTcpOptions } from './connection/open-tcp.js';

/** A diff as ansible's callback prints it: text or dicts, with optional headers. */
export interface Diff {
  before?: string | Record<string, unknown>;
  after?: string | Record<string, unknown>;
  before_header?: string;
  after_header?: string;
  prepared?: string;
}

/** The Ansible result dict; module-specific keys ride along. */
export interface ModuleResult {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: unknown;
  diff?: Diff | Diff[];
  rc?: number | null;
  stdout?: string;
  stderr?: string;
  warnings?: string[];
  ansible_facts?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What `plan` decided. `result` is what the task reports when `apply` is not called (check
 * mode, or nothing to do); use Unknown for values that only exist after apply. */
export interface Plan<A = unknown> {
  changed: boolean;
  diff?: Diff | Diff[];
  /** Whatever apply needs; opaque to the engine (but serialisable: plans may be reviewed). */
  actions?: A;
  /** Why nothing needs doing, for -v output. */
  reason?: string;
  result?: ModuleResult;
  /** Call `apply` outside --check even though nothing counts as changed (systemd's daemon-reload
   * is done but never reported as a change). */
  applyUnchanged?: boolean;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  /** Overrides the task's become for this command (probes that need no privileges). */
  become?: boolean;
  /** Raw commands (`raw`, `script`) skip the engine's wrapping. */
  raw?: boolean;
  timeoutMs?: number;
  /**
   * A short command the module wrote itself (a probe, a rename): it reads no input and leaves no
   * process behind, so an SSH connection may run it on the host's resident shell, one round trip
   * and no new session (used when it runs without become, pty or input). Never for user commands.
   */
  resident?: boolean;
  /** Kills the command when aborted (the task's `timeout`, an interrupted run). */
  signal?: AbortSignal;
}
export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
}
export interface StatResult {
  exists: boolean;
  type?: 'file' | 'directory' | 'link' | 'other';
  mode?: string; // octal, e.g. "0644"
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  mtime?: number;
  linkTarget?: string;
}

/** The target host as a module sees it: one persistent connection, shell-quoted commands. */
export interface HostConnection {
  readonly name: string;
  /** Runs a command under `/bin/sh -c` (a ShellCommand) or as argv (a string array). */
  exec(cmd: ShellCommand | readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Writes a file atomically (temp file in the destination directory, then rename). */
  put(content: string | Buffer, remotePath: string, opts?: { mode?: string }): Promise<void>;
  fetch(remotePath: string): Promise<Buffer>;
  stat(path: string): Promise<StatResult>;
  /** null when the file does not exist. */
  readFile(path: string): Promise<Buffer | null>;
  /**
   * The task's privilege escalation, when it has one: every exec (unless `become: false` is passed),
   * put, fetch, readFile and stat already runs as `user`; modules need not wrap anything.
   */
  readonly become?: { method: 'sudo' | 'su'; user: string } | null;
  /**
   * A private directory (mode 0700, ansible's ~/.ansible/tmp/ansible-tmp-…) owned by the login
   * user, for the duration of `fn`; removed afterwards, also when `fn` throws.
   */
  withTempDir?<T>(fn: (dir: string) => Promise<T>): Promise<T>;
  /**
   * A TCP connection opened from the target (an SSH direct-tcpip channel; on the local connection a
   * socket from the controller), as ansible's network modules connect from where they run. Fails
   * with TcpConnectError (`code`: ECONNREFUSED, ETIMEDOUT, ENOTFOUND, EFORWARDING …) or
   * NetworkGuardError.
   */
  openTcp?(host: string, port: number, opts?: OpenTcpOptions): Promise<Duplex>;
  /**
   * Asks the host's resident Python file probe (op 'files': a file-state ProbeRequest; op 'text':
   * probeTextFile's {path, owner, group}, each a list of at most one string). The answer is the
   * very text the sh probe prints for the same request; null when there is no answer (no python3
   * on the host, the server busy or not started yet, under su, PGPLAY_NATIVE_PROBES=0, a request
   * it declines): the caller then runs the sh probe.
   */
  native?(op: 'files' | 'text', request: Record<string, unknown>): Promise<string | null>;
}

export interface ModuleLogger {
  debug(msg: string): void;
  warn(msg: string): void;
}

/** Controller-side services: files next to the playbook or role, templating. */
export interface ControllerServices {
  /** The playbook's directory (ansible's loader basedir: relative controller paths start here). */
  readonly playbookDir: string;
  /** Resolves a relative path the way Ansible does for `kind` (files/ or templates/ of the
   * role, then the playbook directory); null when not found. */
  findFile(kind: 'files' | 'templates' | 'vars' | 'tasks', name: string): string | null;
  /** Renders a template text with the task's variables, as the template module does. */
  renderTemplate(source: string, opts?: { file?: string; extraVars?: Record<string, unknown>; environment?: TemplateEnvironment; searchPath?: string[] }): string;
  /**
   * Reads a controller-side file (a `copy` src, a `template` source, a `script`), decrypted when the
   * whole file is an Ansible Vault, as ansible's DataLoader.get_real_file does for these modules.
   * A decrypted file's text (and each of its lines) becomes a secret the engine masks in all
   * output, so a module may return it in `diff` without leaking it. Throws an Error with
   * ansible-vault's message (naming the file) when no vault secret of the run opens it.
   */
  readFile(path: string): { bytes: Buffer; vaulted: boolean };
}

/** The template module's Jinja2 overrides (trim_blocks, delimiters, newline_sequence …). */
export type TemplateEnvironment = Partial<JinjaEnvironment>;

/** A cache slot for SDK clients (AWS and the like), made once per key and reused. */
export interface ClientFactory {
  get<T>(key: string, make: () => T): T;
}

export interface ModuleContext {
  host: HostConnection;
  check: boolean;
  diff: boolean;
  /** The inventory host the task runs for (differs from host.name under delegate_to). */
  inventoryHostname: string;
  /** Task environment (play, block and task `environment:` merged). */
  env: Record<string, string>;
  controller: ControllerServices;
  clients: ClientFactory;
  log: ModuleLogger;
  signal: AbortSignal;
}

/** What staticCheck sees: raw (untemplated) arguments and the controller's files. */
export interface StaticCheckContext {
  findFile(kind: 'files' | 'templates', name: string): string | null;
  isTemplate(value: unknown): boolean;
}
export interface StaticProblem {
  message: string;
  /** The option the problem is about; its value is pointed at, or its key with `at: 'key'`. */
  option?: string;
  at?: 'key' | 'value';
  code?: 'file-not-found' | 'invalid-module-args';
}

export interface ReturnDoc {
  description: string;
  returned?: string;
  type?: string;
}

export interface ModuleDefinition<Args = Record<string, unknown>, Actions = unknown> {
  /** FQCN, e.g. `ansible.builtin.command`. */
  name: string;
  /** Short names and redirected FQCNs. */
  aliases?: string[];
  doc: { short: string; description?: string };
  /** Action groups for `module_defaults: {group/<name>: …}`, e.g. ['amazon.aws.aws', 'aws']. */
  groups?: string[];
  /** JSON Schema of the arguments: the single source for validation, docs and editor hints. */
  args: JSONSchema;
  returns?: Record<string, ReturnDoc>;
  capabilities: {
    check: 'full' | 'partial' | 'none';
    diff: 'full' | 'partial' | 'none';
    /** Accepts `module: free form text`; it arrives as `_raw_params`. */
    freeForm?: boolean;
    /** 'controller' modules never touch the host connection (AWS and the like). */
    runsOn?: 'host' | 'controller';
  };
  /** Checks that need no host, run before anything is touched (a controller file that must exist). */
  staticCheck?(args: Record<string, unknown>, ctx: StaticCheckContext): StaticProblem[];
  plan(args: Args, ctx: ModuleContext): Promise<Plan<Actions>>;
  apply(plan: Plan<Actions>, ctx: ModuleContext): Promise<ModuleResult>;
}

/** A module of any argument type, as registries hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModuleDefinition = ModuleDefinition<any, any>;

/** Thrown by plan/apply for a clean task failure: `msg` plus result keys. */
export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly result: ModuleResult = {},
  ) {
    super(message);
    this.name = 'ModuleFailure';
  }
}

export function defineModule<Args = Record<string, unknown>, Actions = unknown>(
  def: ModuleDefinition<Args, Actions>,
): ModuleDefinition<Args, Actions> {
  return Object.freeze(def);
}
