/**
 * How an `exec` request becomes the one shell command a remote (or become-wrapped local) host
 * runs: argv quoted word by word, a ShellCommand under `/bin/sh -c`, the task environment as
 * assignments in front, `cd` first when a working directory is asked for. Built with sh`…` only.
 */
import type { ExecOptions } from '../module-api.js';
import { sh, asWord, joinCommands, verbatim, type ShellCommand } from './sh.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Printed (to stderr, exit 127) when an argv's program does not exist, so the caller can say ENOENT as a local spawn would. */
export const NO_PROGRAM = 'pgplay: program not found';

/** A program that cannot be found reads as ENOENT, as Python's subprocess (and a local spawn) reports it. */
export function programNotFound(rc: number, stderr: string, argv0: string): Error | null {
  if (rc !== 127 || stderr.trim() !== NO_PROGRAM) return null;
  return Object.assign(new Error(`spawn ${argv0} ENOENT`), { code: 'ENOENT' });
}

export function commandText(cmd: ShellCommand | readonly string[], opts: ExecOptions, shellExe = '/bin/sh'): ShellCommand {
  const env = Object.entries(opts.env ?? {});
  for (const [k] of env) if (!ENV_NAME.test(k)) throw new Error(`invalid environment variable name ${JSON.stringify(k)}`);
  const assignments = env.map(([k, v]) => sh`${verbatim(k)}=${v}`);
  const isArgv = Array.isArray(cmd);
  const run = joinCommands([...assignments, isArgv ? sh`${cmd as readonly string[]}` : sh`${verbatim(shellExe)} -c ${asWord(cmd as ShellCommand)}`]);
  const argv0 = isArgv ? ((cmd as readonly string[])[0] ?? '') : '';
  const checked = isArgv ? sh`{ command -v ${argv0} >/dev/null 2>&1 || { echo ${NO_PROGRAM} >&2; exit 127; }; } && ${run}` : run;
  return opts.cwd ? sh`cd ${opts.cwd} && ${checked}` : checked;
}
