/**
 * ansible.builtin.wait_for, polled from the controller against the target: ports through
 * HostConnection.openTcp (the TCP connection opens on the target, where ansible's module would
 * open it), files by reading them on the target and matching search_regex with Python's `re`
 * semantics here, `drained` from the target's /proc/net/tcp{,6}. Same loop, timings and messages
 * as wait_for.py; no check mode, as in ansible.
 */
import { defineModule, ModuleFailure, NetworkGuardError, pyCompile, PyRegexError, sh, type ModuleContext, type PyPattern } from '@pgplay/engine/module-api';
import { expandTildes } from './util/remote-path.js';
import { pathInfo } from './util/path-info.js';
import { probeFiles } from './util/file-state.js';
import { drainedCount, STATE_IDS } from './net/tcp-states.js';

interface WaitForArgs {
  host: string;
  timeout: number;
  connect_timeout: number;
  delay: number;
  port?: number;
  active_connection_states: string[];
  path?: string;
  search_regex?: string;
  state: 'absent' | 'drained' | 'present' | 'started' | 'stopped';
  exclude_hosts?: string[];
  sleep: number;
  msg?: string;
}

const sleepFor = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (ms <= 0 || signal.aborted) return resolve();
  const t = setTimeout(done, ms);
  function done() {
    clearTimeout(t);
    signal.removeEventListener('abort', done);
    resolve();
  }
  signal.addEventListener('abort', done, { once: true });
});

type Found = { groups: (string | null)[]; groupdict: Record<string, string | null> };

function matchOf(re: PyPattern, text: string): Found | null {
  const m = re.search(text);
  if (!m) return null;
  const groups: (string | null)[] = [];
  for (let i = 1; ; i++) {
    try {
      groups.push(m.group(i));
    } catch {
      break;
    }
  }
  const groupdict: Record<string, string | null> = {};
  for (const n of re.pattern.matchAll(/\(\?P<(\w+)>/g)) groupdict[n[1]!] = m.group(n[1]!);
  return { groups, groupdict };
}

/** One try at host:port: connected (and, with a regex, the regex seen in what the server sent). */
async function tryPort(ctx: ModuleContext, a: WaitForArgs, connectMs: number, re: PyPattern | null, endAt: number): Promise<{ open: boolean; found?: Found }> {
  let s;
  try {
    s = await ctx.host.openTcp!(a.host, a.port!, { timeoutMs: Math.max(1, connectMs) });
  } catch (e) {
    if (e instanceof NetworkGuardError || (e as Error).name === 'UnreachableError') throw e;
    if ((e as { code?: string }).code === 'EFORWARDING') throw new ModuleFailure((e as Error).message);
    return { open: false };
  }
  if (!re) {
    s.destroy();
    return { open: true };
  }
  const stream = s;
  return new Promise((resolve) => {
    let data = '';
    const finish = (found?: Found) => {
      clearTimeout(timer);
      stream.destroy();
      resolve({ open: true, ...(found ? { found } : {}) });
    };
    const timer = setTimeout(() => finish(), Math.max(0, endAt - Date.now()));
    stream.on('data', (b: Buffer) => {
      data += b.toString('latin1');
      const f = matchOf(re, data);
      if (f) finish(f);
    });
    stream.on('end', () => finish());
    stream.on('error', () => finish());
  });
}

async function pathCheck(ctx: ModuleContext, path: string): Promise<{ exists: boolean; error?: string; text?: string }> {
  const r = await ctx.host.exec(sh`p=${path}; if [ -e "$p" ] || [ -L "$p" ]; then if [ -r "$p" ] && [ ! -d "$p" ]; then echo Y; exec cat -- "$p"; else echo Y; fi; else e=$(stat -L -- "$p" 2>&1 >/dev/null); case "$e" in *'No such file'*) echo N;; *) echo "E $e";; esac; fi`);
  const nl = r.stdout.indexOf('\n');
  const head = r.stdout.slice(0, nl);
  if (head === 'N') return { exists: false };
  if (head.startsWith('E ')) return { exists: false, error: head.replace(/^E .*: /, '') };
  return { exists: true, text: r.stdout.slice(nl + 1) };
}

async function waitLoop(a: WaitForArgs, ctx: ModuleContext, start: number, re: PyPattern | null): Promise<{ ok: boolean; found?: Found }> {
  const end = start + a.timeout * 1000;
  while (Date.now() < end && !ctx.signal.aborted) {
    if (a.state === 'absent' || a.state === 'stopped') {
      if (a.path !== undefined) {
        if (!(await pathCheck(ctx, a.path)).exists) return { ok: true };
      } else if (!(await tryPort(ctx, a, a.connect_timeout * 1000, null, end)).open) return { ok: true };
    } else if (a.state === 'drained') {
      const r = await ctx.host.exec(sh`cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; echo; getent ahosts ${a.host} | cut -d' ' -f1 | sort -u; echo --; for h in ${a.exclude_hosts ?? []}; do getent ahosts "$h" | cut -d' ' -f1 | sort -u; done; true`);
      if (drainedCount(r.stdout, a.port!, a.active_connection_states) === 0) return { ok: true };
    } else if (a.path !== undefined) {
      const p = await pathCheck(ctx, a.path);
      if (p.error) throw new ModuleFailure(a.msg ?? `Failed to stat ${a.path}, ${p.error}`, { elapsed: Math.floor((Date.now() - start) / 1000) });
      if (p.exists) {
        if (!re) return { ok: true };
        const f = p.text !== undefined ? matchOf(re, p.text) : null;
        if (f) return { ok: true, found: f };
      }
    } else {
      const r = await tryPort(ctx, a, Math.min(a.connect_timeout * 1000, Math.ceil((end - Date.now()) / 1000) * 1000), re, end);
      if (r.open && (!re || r.found)) return { ok: true, ...(r.found ? { found: r.found } : {}) };
    }
    await sleepFor(a.sleep * 1000, ctx.signal);
  }
  return { ok: false };
}

function timeoutMessage(a: WaitForArgs): string {
  const where = a.port !== undefined ? `${a.host}:${a.port}` : a.path;
  if (a.state === 'absent' || a.state === 'stopped') return a.port !== undefined ? `Timeout when waiting for ${where} to stop.` : `Timeout when waiting for ${where} to be absent.`;
  if (a.state === 'drained') return `Timeout when waiting for ${a.host}:${a.port ?? 'None'} to drain`;
  if (a.search_regex !== undefined) return `Timeout when waiting for search string ${a.search_regex} in ${where}`;
  return a.port !== undefined ? `Timeout when waiting for ${where}` : `Timeout when waiting for file ${where}`;
}

export default defineModule<WaitForArgs, WaitForArgs>({
  name: 'ansible.builtin.wait_for',
  aliases: ['wait_for'],
  doc: { short: 'Waits for a condition before continuing', description: 'Ports are tried from the target (through the SSH connection), files are read on the target.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      host: { type: 'string', default: '127.0.0.1', description: 'A resolvable hostname or IP address to wait for (from the target).' },
      timeout: { type: 'integer', default: 300, description: 'Maximum number of seconds to wait for.' },
      connect_timeout: { type: 'integer', default: 5, description: 'Seconds to wait for a connection to happen before closing and retrying.' },
      delay: { type: 'integer', default: 0, description: 'Seconds to wait before starting to poll.' },
      port: { type: 'integer', description: 'Port number to poll.' },
      active_connection_states: { type: 'array', items: { type: 'string' }, default: ['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT'], description: 'TCP states counted as active for drained.' },
      path: { type: 'string', 'x-type': 'path', description: 'Path to a file on the target.' },
      search_regex: { type: 'string', description: 'A Python regular expression to look for in the file or the port\'s data (MULTILINE).' },
      state: { type: 'string', default: 'started', enum: ['absent', 'drained', 'present', 'started', 'stopped'], description: 'What to wait for.' },
      exclude_hosts: { type: 'array', items: { type: 'string' }, description: 'Hosts whose connections drained ignores.' },
      sleep: { type: 'integer', default: 1, description: 'Seconds between checks.' },
      msg: { type: 'string', description: 'The error message instead of the default.' },
    },
  },
  returns: { elapsed: { description: 'Seconds waited', returned: 'always', type: 'int' } },
  capabilities: { check: 'none', diff: 'none' },
  async plan(args) {
    return { changed: true, actions: args };
  },
  async apply(plan, ctx) {
    const a = await expandTildes(ctx, plan.actions!, ['path']);
    let re: PyPattern | null = null;
    if (a.search_regex !== undefined) {
      try {
        re = pyCompile(a.search_regex, { m: true });
      } catch (e) {
        if (e instanceof PyRegexError) throw new ModuleFailure(`Invalid regular expression: ${e.message}`);
        throw e;
      }
    }
    if (a.port !== undefined && a.path !== undefined) throw new ModuleFailure('port and path parameter can not both be passed to wait_for', { elapsed: 0 });
    if (a.path !== undefined && (a.state === 'stopped' || a.state === 'drained')) throw new ModuleFailure(`state=${a.state} should only be used for checking a port in the wait_for module`, { elapsed: 0 });
    if (a.exclude_hosts !== undefined && a.state !== 'drained') throw new ModuleFailure('exclude_hosts should only be with state=drained', { elapsed: 0 });
    for (const s of a.active_connection_states) if (!(s in STATE_IDS)) throw new ModuleFailure(`unknown active_connection_state (${s}) defined`, { elapsed: 0 });
    if (a.state === 'drained' && a.port === undefined) throw new ModuleFailure('wait_for state=drained without a port is not supported by pgplay (ansible fails with a traceback)');
    const start = Date.now();
    await sleepFor(a.delay * 1000, ctx.signal);
    let found: Found | undefined;
    if (a.port === undefined && a.path === undefined && a.state !== 'drained') await sleepFor(a.timeout * 1000, ctx.signal);
    else {
      const r = await waitLoop(a, ctx, start, re);
      if (!r.ok) throw new ModuleFailure(a.msg ?? timeoutMessage(a), { elapsed: Math.floor((Date.now() - start) / 1000) });
      found = r.found;
    }
    // add_path_info: a result with `path` gets the file's attributes when it exists.
    const info = a.path !== undefined ? pathInfo((await probeFiles(ctx.host, { paths: [a.path], follow: true })).files[0]!) : {};
    return {
      changed: false, state: a.state, port: a.port ?? null, search_regex: a.search_regex ?? null, match_groups: found?.groups ?? [],
      match_groupdict: found?.groupdict ?? {}, path: a.path ?? null, elapsed: Math.floor((Date.now() - start) / 1000),
      // add_path_info runs last: its `state` (file, directory…) replaces the module's.
      ...info,
    };
  },
});
