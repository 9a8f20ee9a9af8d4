/**
 * What ansible.builtin.command and shell share: creates/removes checked on the target (after
 * chdir), check mode that predicts exactly as the module does, and the result keys
 * (cmd, rc, stdout, stderr, start, end, delta, msg).
 */
import { sh, globPattern, ModuleFailure, ConnectionError, type ModuleContext, type ModuleResult, type Plan, type JSONSchema, type ReturnDoc } from '@pgplay/engine/module-api';
import { pyDatetime, pyTimedelta } from './py-time.js';
import { shlexSplit, shlexQuote } from './py-shlex.js';
import { expandUser, expandVars } from './expand.js';

export interface CommandArgs {
  _raw_params?: string;
  _uses_shell?: boolean;
  argv?: string[];
  chdir?: string;
  executable?: string;
  expand_argument_vars?: boolean;
  creates?: string;
  removes?: string;
  stdin?: string;
  stdin_add_newline?: boolean;
  strip_empty_ends?: boolean;
  cmd?: string;
}

export interface CommandActions {
  argv?: string[];
  script?: string;
  executable?: string;
  chdir?: string;
  stdin?: string;
  strip: boolean;
  cmd: unknown;
}

/** What command and shell return (ansible's documented return values). */
export const commandReturns: Record<string, ReturnDoc> = {
  cmd: { description: 'The command as run (argv list for command, text for shell)', returned: 'always' },
  rc: { description: 'Exit status', returned: 'always', type: 'int' },
  stdout: { description: 'Standard output', returned: 'always', type: 'str' },
  stderr: { description: 'Standard error', returned: 'always', type: 'str' },
  start: { description: 'Start time', returned: 'always', type: 'str' },
  end: { description: 'End time', returned: 'always', type: 'str' },
  delta: { description: 'Run time', returned: 'always', type: 'str' },
  msg: { description: 'Why the command did not run (creates/removes) or failed', returned: 'always', type: 'str' },
};

export const commonProperties: Record<string, JSONSchema> = {
  _raw_params: { type: 'string', description: 'The command to run (free form).', 'x-internal': true },
  chdir: { type: 'string', 'x-type': 'path', description: 'Change into this directory before running the command.' },
  creates: { type: 'string', 'x-type': 'path', description: 'A filename or glob pattern; when it matches, the command does not run.' },
  removes: { type: 'string', 'x-type': 'path', description: 'A filename or glob pattern; when it does not match, the command does not run.' },
  stdin: { type: 'string', description: 'Set the stdin of the command directly to this value.' },
  stdin_add_newline: { type: 'boolean', default: true, description: 'Append a newline to stdin.' },
  strip_empty_ends: { type: 'boolean', default: true, description: 'Strip trailing newlines from stdout/stderr.' },
};

const empty = (): ModuleResult => ({ changed: false, stdout: '', stderr: '', rc: null, cmd: null, start: null, end: null, delta: null, msg: '' });

/** One probe: can we cd into chdir, and do creates/removes match? Exit codes say which. */
async function probe(ctx: ModuleContext, a: CommandArgs): Promise<{ chdirError?: string; creates?: boolean; removes?: boolean }> {
  if (!a.chdir && !a.creates && !a.removes) return {};
  const cd = a.chdir ? sh`cd ${a.chdir} 2>/dev/null || { echo chdir; exit 0; }; ` : sh``;
  const test = (p: string | undefined, tag: string) => (p ? sh`for f in ${globPattern(p)}; do if [ -e "$f" ] || [ -L "$f" ]; then echo ${tag}; break; fi; done; ` : sh``);
  const r = await ctx.host.exec(sh`${cd}${test(a.creates, 'creates')}${test(a.removes, 'removes')}true`, { env: ctx.env, resident: true });
  const words = r.stdout.split(/\s+/);
  if (words.includes('chdir')) return { chdirError: `Unable to change directory before execution: [Errno 2] No such file or directory: b'${a.chdir}'` };
  return { creates: words.includes('creates'), removes: words.includes('removes') };
}

function commandLine(a: CommandArgs, shell: boolean, home: string | undefined, env: Record<string, string | undefined>): { argv?: string[]; script?: string; cmd: unknown } {
  const raw = a._raw_params ?? a.cmd;
  if ((!raw || raw.trim() === '') && !a.argv) throw new ModuleFailure('no command given', { ...empty(), rc: 256 });
  if (raw && a.argv) throw new ModuleFailure('only command or argv can be given, not both', { ...empty(), rc: 256 });
  if (shell && raw) return { script: raw, cmd: raw };
  let argv: string[];
  try {
    argv = raw ? shlexSplit(raw) : a.argv!.map(String);
  } catch (e) {
    throw new ModuleFailure((e as Error).message, { ...empty(), rc: 256 });
  }
  const expanded = a.expand_argument_vars === false ? argv : argv.map((x) => expandUser(expandVars(x, env), home));
  return { argv: expanded, cmd: argv };
}

export async function planCommand(a: CommandArgs, ctx: ModuleContext, shell: boolean): Promise<Plan<CommandActions>> {
  const env = { ...process.env, ...ctx.env };
  const line = commandLine(a, shell, env.HOME, env);
  const p = await probe(ctx, a);
  if (p.chdirError) throw new ModuleFailure(p.chdirError, { ...empty(), cmd: line.cmd });
  const would = ctx.check ? 'Would' : 'Did';
  const base = { ...empty(), cmd: line.cmd };
  if (a.creates && p.creates) {
    return { changed: false, reason: 'creates matched', result: { ...base, rc: 0, msg: `${would} not run command since '${a.creates}' exists`, stdout: `skipped, since ${a.creates} exists` } };
  }
  if (a.removes && !p.removes) {
    return { changed: false, reason: 'removes did not match', result: { ...base, rc: 0, msg: `${would} not run command since '${a.removes}' does not exist`, stdout: `skipped, since ${a.removes} does not exist` } };
  }
  const checkResult: ModuleResult = { ...base, changed: true, rc: 0, msg: 'Command would have run if not in check mode' };
  const unconditional = a.creates === undefined && a.removes === undefined;
  const stdin = a.stdin === undefined ? undefined : a.stdin + (a.stdin_add_newline === false ? '' : '\n');
  return {
    // Ansible skips an unconditional command in check mode instead of predicting "changed".
    changed: !(ctx.check && unconditional),
    result: ctx.check && unconditional ? { ...checkResult, changed: false, skipped: true } : checkResult,
    actions: { ...line, ...(a.executable ? { executable: a.executable } : {}), ...(a.chdir ? { chdir: a.chdir } : {}), ...(stdin !== undefined ? { stdin } : {}), strip: a.strip_empty_ends !== false },
  };
}

export async function applyCommand(plan: Plan<CommandActions>, ctx: ModuleContext): Promise<ModuleResult> {
  const a = plan.actions!;
  const start = new Date();
  const t0 = performance.now();
  const cmd = a.script !== undefined ? [a.executable ?? '/bin/sh', '-c', a.script] : a.argv!;
  let r;
  try {
    r = await ctx.host.exec(cmd, { env: ctx.env, ...(a.chdir ? { cwd: a.chdir } : {}), ...(a.stdin !== undefined ? { stdin: a.stdin } : {}) });
  } catch (e) {
    if (e instanceof ConnectionError || e instanceof ModuleFailure) throw e;
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ENOENT';
    // run_command's OSError path reports the command as one string (AnsibleModule._clean_args).
    const cleaned = Array.isArray(a.cmd) ? a.cmd.map((x) => shlexQuote(String(x))).join(' ') : a.cmd;
    throw new ModuleFailure(missing ? `[Errno 2] No such file or directory: b'${cmd[0]}'` : err.message, { ...empty(), cmd: cleaned, rc: 2 });
  }
  const end = new Date();
  const strip = (s: string) => (a.strip ? s.replace(/[\r\n]+$/, '') : s);
  const result: ModuleResult = {
    changed: true, cmd: a.cmd, rc: r.rc, stdout: strip(r.stdout), stderr: strip(r.stderr),
    start: pyDatetime(start), end: pyDatetime(end), delta: pyTimedelta(performance.now() - t0), msg: '',
  };
  if (r.rc !== 0) throw new ModuleFailure('non-zero return code', result);
  return result;
}
