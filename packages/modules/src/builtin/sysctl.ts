import { defineModule, sh, ModuleFailure, type ExecResult } from '@pgplay/engine/module-api';
import { execBatch } from './util/exec-batch.js';

interface SysctlArgs {
  name: string;
  value?: string | null;
  state: 'present' | 'absent';
  reload: boolean;
  sysctl_set: boolean;
  ignoreerrors: boolean;
  sysctl_file: string;
}

interface SysctlActions {
  name: string;
  value: string;
  ignoreerrors: boolean;
  setProc: boolean;
  /** The file's new text, when it changes; written beside `realFile` and renamed over it. */
  write: string | null;
  realFile: string;
  reloadFile: string | null;
}

const LANG_C = sh`export LANG=C LC_ALL=C LC_MESSAGES=C`;
const BOOLEANS_TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const BOOLEANS_FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f']);

function parseValue(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (BOOLEANS_TRUE.has(v.toLowerCase())) return '1';
  if (BOOLEANS_FALSE.has(v.toLowerCase())) return '0';
  return v.trim();
}

/** Same words in the same order (the module's _values_is_equal). */
function valuesEqual(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = words(a);
  const y = words(b);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}
const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

const stderrFailed = (err: string): boolean => /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m.test(err);

const isKeyLine = (line: string): boolean => !(line === '' || line.startsWith('#') || line.startsWith(';') || !line.includes('='));
const splitLine = (line: string): [string, string] => {
  const i = line.indexOf('=');
  return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
};

/** The file's lines with `name` set (or dropped), every other key normalised to key=value, as fix_lines does. */
function fixLines(lines: string[], a: SysctlArgs, value: string): string[] {
  const checked = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    if (!isKeyLine(line.trim())) {
      out.push(line);
      continue;
    }
    const [k, v] = splitLine(line.trim());
    if (checked.has(k)) continue;
    checked.add(k);
    if (k !== a.name) out.push(`${k}=${v}`);
    else if (a.state === 'present') out.push(`${k}=${value}`);
  }
  if (!checked.has(a.name) && a.state === 'present') out.push(`${a.name}=${value}`);
  return out;
}

/** ansible.posix.sysctl on Linux: one probe (current value, the file, its real path), one round trip of actions. */
export default defineModule<SysctlArgs, SysctlActions>({
  name: 'ansible.posix.sysctl',
  aliases: ['sysctl'],
  doc: { short: 'Manage entries in sysctl.conf', description: 'Sets a kernel parameter in a sysctl file and (optionally) in the running kernel. In lab containers only net.* keys are writable.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    'x-required-if': [['state', 'present', ['value'], false]],
    properties: {
      name: { type: 'string', 'x-aliases': ['key'], description: 'The dot-separated path (key) specifying the sysctl variable.' },
      value: { type: 'string', 'x-aliases': ['val'], description: 'Desired value of the sysctl key.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the entry should be present or absent in the sysctl file.' },
      reload: { type: 'boolean', default: true, description: 'Reload the sysctl file (sysctl -p) when it changed.' },
      sysctl_set: { type: 'boolean', default: false, description: 'Verify the token value with the sysctl command and set with -w if necessary.' },
      ignoreerrors: { type: 'boolean', default: false, description: 'Use this option to ignore errors about unknown keys.' },
      sysctl_file: { type: 'string', 'x-type': 'path', default: '/etc/sysctl.conf', description: 'Specifies the absolute path to sysctl.conf.' },
    },
  },
  returns: {},
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    // required_if with state's default, which the engine's relation check runs before defaults are filled.
    if (a.state === 'present' && (a.value === null || a.value === undefined)) throw new ModuleFailure('state is present but all of the following are missing: value');
    if (a.name === '') throw new ModuleFailure('name cannot be blank');
    if (a.state === 'present' && a.value === '') throw new ModuleFailure('value cannot be blank');
    const name = a.name.trim();
    const value = parseValue(a.value);
    const [cur, file, real] = await execBatch(ctx.host, [sh`sysctl -e -n ${name}`, sh`test -f ${a.sysctl_file} || exit 3; cat ${a.sysctl_file}`, sh`realpath -m ${a.sysctl_file}`], LANG_C);
    if (file!.rc !== 0 && file!.rc !== 3) throw new ModuleFailure(`Failed to open ${a.sysctl_file}: ${file!.stderr.trim()}`);
    const proc = cur!.rc === 0 ? cur!.stdout : null;
    const lines = file!.rc === 0 ? splitKeepEnds(file!.stdout).map((l) => l.trim()) : [];
    const values = new Map(lines.filter(isKeyLine).map(splitLine));
    const inFile = values.get(name) ?? null;
    let changed = false;
    let write = false;
    let setProc = false;
    if (inFile === null && a.state === 'present') changed = write = true;
    else if (inFile === null) changed = false;
    else if (inFile !== '' && a.state === 'absent') changed = write = true;
    else if (inFile !== value) changed = write = true;
    else if (a.reload && (proc === null || !valuesEqual(proc, value))) changed = true;
    if (a.sysctl_set && a.state === 'present') {
      if (proc === null) changed = true;
      else if (!valuesEqual(proc, value)) changed = setProc = true;
    }
    const text = fixLines(lines, { ...a, name }, value).map((l) => `${l.trim()}\n`).join('');
    return {
      changed,
      result: { changed },
      actions: { name, value, ignoreerrors: a.ignoreerrors, setProc, write: write ? text : null, realFile: real!.stdout.replace(/\n$/, ''), reloadFile: changed && a.reload ? a.sysctl_file : null },
    };
  },
  async apply(plan, ctx) {
    const x = plan.actions!;
    if (x.setProc) {
      // ansible quotes a value with words in it, then shlex-splits the command line: sysctl gets name=value as one argument.
      const [r] = await execBatch(ctx.host, [sh`sysctl ${x.ignoreerrors ? ['-e'] : []} -w ${`${x.name}=${x.value}`}`], LANG_C);
      if (r!.rc !== 0 || stderrFailed(r!.stderr)) throw new ModuleFailure(`setting ${x.name} failed: ${r!.stdout}${r!.stderr}`);
    }
    const cmds = [];
    if (x.write !== null) {
      const b64 = Buffer.from(x.write).toString('base64');
      // mkstemp beside the real file, then atomic_move: the old file's mode and owner kept, a new one 0644.
      cmds.push(sh`f=${x.realFile}; t=$(mktemp --suffix=.conf "$(dirname "$f")/.ansible_m_sysctl_XXXXXXXX") && printf %s ${b64} | base64 -d >"$t" && { if [ -e "$f" ]; then chmod --reference="$f" "$t" && chown --reference="$f" "$t"; else chmod 0644 "$t"; fi; } && mv "$t" "$f" || { rm -f "$t"; exit 1; }`);
    }
    if (x.reloadFile !== null) cmds.push(sh`sysctl ${x.ignoreerrors ? ['-e'] : []} -p ${x.reloadFile}`);
    const rs: ExecResult[] = await execBatch(ctx.host, cmds, LANG_C, { guarded: x.write !== null ? 1 : 0 });
    if (x.write !== null && rs[0]!.rc !== 0) throw new ModuleFailure(`Failed to write to file ${x.realFile}: ${rs[0]!.stderr.trim()}`);
    const reload = x.reloadFile !== null ? rs[rs.length - 1]! : null;
    if (reload && (reload.rc !== 0 || stderrFailed(reload.stderr))) throw new ModuleFailure(`Failed to reload sysctl: ${reload.stdout}${reload.stderr}`);
    return { changed: true };
  },
});

/** Python's readlines(): lines with their ends (the ends are stripped by the caller). */
function splitKeepEnds(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
