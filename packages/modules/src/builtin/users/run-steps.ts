/**
 * Several commands in one remote command (one round trip), each one's exit status, stdout and
 * stderr kept apart as ansible's module sees them from separate run_command calls. Steps run in
 * order and stop at the first that fails, as the modules stop at their first failed command.
 */
import { sh, type HostConnection, type ShellCommand } from '@pgplay/engine/module-api';

export interface StepResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs `steps`; the result has one entry per step that ran (the last may have failed). */
export async function runSteps(host: HostConnection, steps: readonly ShellCommand[]): Promise<StepResult[]> {
  if (!steps.length) return [];
  const mark = `@@pgplay-step-${Math.random().toString(36).slice(2, 10)}`;
  let script = sh`t=$(mktemp -d) || exit 97
`;
  steps.forEach((s, i) => {
    // Each step in a subshell so an `exit` inside it ends only that step.
    script = sh`${script}( ${s}
) >"$t/o${i}" 2>"$t/e${i}"; r=$?; printf '%s %s\\n' ${mark} "$r"; cat "$t/o${i}"; printf '%s\\n' ${mark}; cat "$t/e${i}" >&2; printf '%s\\n' ${mark} >&2; [ "$r" = 0 ] || { rm -rf "$t"; exit 0; }
`;
  });
  script = sh`${script}rm -rf "$t"`;
  const r = await host.exec(script);
  if (r.rc === 97) throw new Error(`could not make a temporary directory on ${host.name}: ${r.stderr}`);
  const out: StepResult[] = [];
  const errs = r.stderr.split(`${mark}\n`);
  let rest = r.stdout;
  for (let i = 0; ; i++) {
    const head = rest.indexOf(`${mark} `);
    if (head < 0) break;
    const nl = rest.indexOf('\n', head);
    const rc = Number(rest.slice(head + mark.length + 1, nl));
    const end = rest.indexOf(`${mark}\n`, nl + 1);
    out.push({ rc, stdout: rest.slice(nl + 1, end), stderr: errs[i] ?? '' });
    rest = rest.slice(end + mark.length + 1);
  }
  return out;
}
