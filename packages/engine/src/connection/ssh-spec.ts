/**
 * What one SSH connection is made of, read from the host's variables as ansible's ssh connection
 * plug-in reads them (its `vars:` lists), and the OpenSSH command-line options of
 * `ansible_ssh_common_args` / `ansible_ssh_extra_args` / `ansible_ssh_args` that pgplay honours.
 * An option it cannot honour is an error naming it, never silently dropped.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { shlexSplit } from '../inventory/shlex-split.js';
import { ConnectionError } from './errors.js';

export interface JumpSpec {
  host: string;
  port: number;
  user: string;
}

export interface SshSpec {
  /** Inventory name, for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  privateKeyFiles: string[];
  password?: string;
  knownHostsFiles: string[];
  /** yes (strict), no (accept anything), accept-new (add unknown keys: refused here, see below). */
  hostKeyChecking: boolean;
  connectTimeoutS: number;
  retries: number;
  keepaliveIntervalS: number;
  keepaliveCountMax: number;
  jumps: JumpSpec[];
  /**
   * ControlMaster=auto|yes with ControlPersist in the ssh arguments: the connection is kept by a
   * keeper process (connection/keeper) for this many idle seconds after a run, and the next run
   * reuses it (0: kept until the host closes it). Absent: one connection per run.
   */
  persistS?: number;
  /** Where keepers' sockets live (ansible's control_path_dir; pgplay's default ~/.pgplay/cp). */
  controlDir?: string;
}

export class SshOptionError extends ConnectionError {}

type Get = (name: string) => unknown;

const first = (get: Get, names: string[]): unknown => {
  for (const n of names) {
    const v = get(n);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
};

function bool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return ['1', 'true', 'yes', 'on', 'y', 't'].includes(String(v).trim().toLowerCase());
}

// OpenSSH logs in to a jump host as the local user unless the jump names one (-J user@host).
function parseJump(text: string, defaultUser: string = userInfo().username): JumpSpec[] {
  if (text.toLowerCase() === 'none') return [];
  return text.split(',').map((j) => {
    const m = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(j.trim());
    if (!m) throw new SshOptionError(`cannot read the ProxyJump value ${JSON.stringify(j)} (expected [user@]host[:port])`);
    return { user: m[1] ?? defaultUser, host: m[2]!.replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : 22 };
  });
}

/** ssh options whose value does not change what pgplay's connection does (multiplexing is built in). */
const IGNORED_OPTIONS = new Set(['controlmaster', 'controlpersist', 'controlpath', 'compression', 'loglevel', 'identitiesonly', 'batchmode',
  'kbdinteractiveauthentication', 'gssapiauthentication', 'checkhostip', 'hashknownhosts', 'addkeystoagent', 'serveralivecountmax', 'serveraliveinterval',
  'preferredauthentications', 'pubkeyauthentication', 'passwordauthentication', 'forwardx11', 'requesttty', 'updatehostkeys', 'visualhostkey', 'connectionattempts']);

interface ParsedArgs {
  options: Map<string, string>;
  identityFiles: string[];
  jump?: string;
  user?: string;
  port?: number;
}

/** Reads OpenSSH command-line words: -o K=V / -oK=V / -o 'K V', -i, -J, -p, -l and flags. */
export function parseSshArgs(text: string, source: string, into: ParsedArgs = { options: new Map(), identityFiles: [] }): ParsedArgs {
  let words: string[];
  try {
    words = shlexSplit(text, false);
  } catch (e) {
    throw new SshOptionError(`${source}: cannot split ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const takeValue = (flag: string): string => {
      if (w.length > 2) return w.slice(2);
      const v = words[++i];
      if (v === undefined) throw new SshOptionError(`${source}: ${flag} needs a value`);
      return v;
    };
    if (w.startsWith('-o')) {
      const opt = takeValue('-o');
      const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(opt);
      if (!m) throw new SshOptionError(`${source}: cannot read the ssh option ${JSON.stringify(opt)} (expected Key=Value)`);
      const key = m[1]!.toLowerCase();
      if (!into.options.has(key)) into.options.set(key, m[2]!.trim()); // ssh: the first value given wins
    } else if (w.startsWith('-i')) into.identityFiles.push(takeValue('-i'));
    else if (w.startsWith('-J')) into.jump ??= takeValue('-J');
    else if (w.startsWith('-l')) into.user ??= takeValue('-l');
    else if (w.startsWith('-p')) into.port ??= Number(takeValue('-p'));
    else if (/^-[Cqv46aTxnNk]+$/.test(w)) continue; // compression, verbosity, no agent/X11 forwarding: nothing to do
    else if (/^-[A]/.test(w)) throw new SshOptionError(`${source}: agent forwarding (-A) is not supported by pgplay (it stays off)`);
    else throw new SshOptionError(`${source}: the ssh argument ${JSON.stringify(w)} is not supported by pgplay (supported: -o, -i, -J, -p, -l, -C, -q, -v)`);
  }
  return into;
}

/** The connection for one inventory host, from its variables (`get` returns templated values). */
export function readSshSpec(name: string, get: Get, keywords: { port?: unknown; remoteUser?: unknown }, env: NodeJS.ProcessEnv = process.env): SshSpec {
  const parsed: ParsedArgs = { options: new Map(), identityFiles: [] };
  for (const [v, src] of [['ansible_ssh_common_args', 'ansible_ssh_common_args'], ['ansible_ssh_extra_args', 'ansible_ssh_extra_args'], ['ansible_ssh_args', 'ansible_ssh_args']] as const) {
    const text = get(v) ?? (v === 'ansible_ssh_common_args' ? env.ANSIBLE_SSH_COMMON_ARGS : v === 'ansible_ssh_extra_args' ? env.ANSIBLE_SSH_EXTRA_ARGS : env.ANSIBLE_SSH_ARGS);
    if (text !== undefined && text !== null && String(text).trim() !== '') parseSshArgs(String(text), src, parsed);
  }
  const o = parsed.options;
  for (const key of o.keys()) {
    if (['proxyjump', 'stricthostkeychecking', 'userknownhostsfile', 'globalknownhostsfile', 'connecttimeout', 'identityfile', 'user', 'port', 'forwardagent', 'serveraliveinterval', 'serveralivecountmax'].includes(key)) continue;
    if (!IGNORED_OPTIONS.has(key)) throw new SshOptionError(`host ${name}: the ssh option ${key} (in ansible_ssh_common_args/extra_args) is not supported by pgplay`);
  }
  if (o.has('forwardagent') && bool(o.get('forwardagent'))) throw new SshOptionError(`host ${name}: ForwardAgent=yes is not supported by pgplay (agent forwarding stays off)`);
  const user = String(first(get, ['ansible_user', 'ansible_ssh_user']) ?? keywords.remoteUser ?? parsed.user ?? o.get('user') ?? env.ANSIBLE_REMOTE_USER ?? userInfo().username);
  const host = String(first(get, ['ansible_host', 'ansible_ssh_host']) ?? name);
  const port = Number(first(get, ['ansible_port', 'ansible_ssh_port']) ?? keywords.port ?? parsed.port ?? o.get('port') ?? env.ANSIBLE_REMOTE_PORT ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SshOptionError(`host ${name}: the ssh port ${JSON.stringify(port)} is not a port number`);
  const keyFile = first(get, ['ansible_ssh_private_key_file', 'ansible_private_key_file']) ?? env.ANSIBLE_PRIVATE_KEY_FILE;
  const expand = (p: string) => (p.startsWith('~/') ? join(homedir(), p.slice(2)) : p);
  const privateKeyFiles = [...(keyFile ? [String(keyFile)] : []), ...parsed.identityFiles, ...(o.has('identityfile') ? [o.get('identityfile')!] : [])].map(expand);
  const password = first(get, ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']);
  const strict = o.get('stricthostkeychecking')?.toLowerCase();
  const hkcVar = first(get, ['ansible_host_key_checking', 'ansible_ssh_host_key_checking']) ?? env.ANSIBLE_HOST_KEY_CHECKING;
  // ansible turns off checking by passing StrictHostKeyChecking=no; an explicit -o wins over it, as in ssh.
  const hostKeyChecking = strict !== undefined ? !['no', 'off', 'false'].includes(strict) : hkcVar === undefined ? true : bool(hkcVar);
  const knownHostsFiles = o.has('userknownhostsfile')
    ? o.get('userknownhostsfile')!.split(/\s+/).map(expand)
    : [join(homedir(), '.ssh/known_hosts'), join(homedir(), '.ssh/known_hosts2')];
  if (o.has('globalknownhostsfile')) knownHostsFiles.push(...o.get('globalknownhostsfile')!.split(/\s+/).map(expand));
  else knownHostsFiles.push('/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2');
  const timeout = Number(o.get('connecttimeout') ?? first(get, ['ansible_ssh_timeout']) ?? env.ANSIBLE_TIMEOUT ?? 10);
  const retries = Number(first(get, ['ansible_ssh_retries']) ?? env.ANSIBLE_SSH_RETRIES ?? 0);
  const jumpText = parsed.jump ?? o.get('proxyjump');
  const persistS = controlPersist(o.get('controlmaster'), o.get('controlpersist'), name);
  const controlDir = String(first(get, ['ansible_control_path_dir']) ?? env.ANSIBLE_SSH_CONTROL_PATH_DIR ?? '~/.pgplay/cp');
  return {
    name, host, port, user, privateKeyFiles, ...(password !== undefined ? { password: String(password) } : {}),
    knownHostsFiles, hostKeyChecking, connectTimeoutS: Number.isFinite(timeout) && timeout > 0 ? timeout : 10,
    retries: Number.isInteger(retries) && retries >= 0 ? retries : 0,
    keepaliveIntervalS: Number(o.get('serveraliveinterval') ?? 15) || 15, keepaliveCountMax: Number(o.get('serveralivecountmax') ?? 3) || 3,
    jumps: jumpText ? parseJump(jumpText) : [],
    ...(persistS !== undefined ? { persistS, controlDir: expand(controlDir) } : {}),
  };
}

/**
 * OpenSSH's ControlPersist (with ControlMaster yes/auto/ask/autoask; it has no effect without):
 * `no` → undefined (not kept), `yes` or 0 → 0 (kept until the host closes it), else a time in
 * sshd_config's format (`60`, `60s`, `10m`, `1h30m`) in seconds.
 */
export function controlPersist(master: string | undefined, persist: string | undefined, name: string): number | undefined {
  if (persist === undefined || master === undefined || !['yes', 'auto', 'ask', 'autoask'].includes(master.toLowerCase())) return undefined;
  const v = persist.trim().toLowerCase();
  if (v === 'no') return undefined;
  if (v === 'yes') return 0;
  const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  const re = /(\d+)([smhdw]?)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * units[m[2]!]!;
    at = re.lastIndex;
  }
  if (at !== v.length || v.length === 0) throw new SshOptionError(`host ${name}: cannot read ControlPersist=${persist} (expected yes, no or a time such as 60s, 10m, 1h)`);
  return total;
}

/** Connections that are the same transport share one ssh connection. */
export function specKey(s: SshSpec): string {
  return JSON.stringify([s.host, s.port, s.user, s.privateKeyFiles, s.password ?? null, s.jumps, s.knownHostsFiles, s.hostKeyChecking, s.persistS ?? null, s.controlDir ?? null]);
}
