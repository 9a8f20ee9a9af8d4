/**
 * The file module's access_time/modification_time: `preserve`, `now` or a time in a strptime
 * format, compared with the file's times and set with touch (update_timestamp_for_file).
 */
import { sh, ModuleFailure, PyFloat, type ShellCommand } from '@pgplay/engine/module-api';
import type { FileState } from './file-state.js';
import type { DiffDicts } from './fs-attributes.js';

/** null: preserve; 'now'; or seconds since the epoch. */
export type TimeSpec = null | 'now' | number;

const FIELDS: Record<string, [string, string]> = {
  Y: ['year', '\\d{4}'], y: ['year2', '\\d{1,2}'], m: ['month', '\\d{1,2}'], d: ['day', '\\d{1,2}'], H: ['hour', '\\d{1,2}'],
  M: ['minute', '\\d{1,2}'], S: ['second', '\\d{1,2}'],
};

/** time.mktime(time.strptime(text, format)) for the numeric directives; local time of the controller. */
function strptime(text: string, format: string): number {
  let re = '';
  const names: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const d = format[++i]!;
    if (d === '%') re += '%';
    else if (FIELDS[d]) {
      re += `(${FIELDS[d][1]})`;
      names.push(FIELDS[d][0]);
    } else throw new ModuleFailure(`time format directive %${d} is not supported by pgplay yet (supported: %Y %y %m %d %H %M %S)`);
  }
  const m = new RegExp(`^${re}$`).exec(text);
  if (!m) throw new Error(`time data '${text}' does not match format '${format}'`);
  const v: Record<string, number> = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  names.forEach((n, i) => (v[n] = Number(m[i + 1])));
  if (v['year2'] !== undefined) v['year'] = v['year2']! < 69 ? 2000 + v['year2']! : 1900 + v['year2']!;
  const t = new Date(v['year']!, v['month']! - 1, v['day'], v['hour'], v['minute'], v['second']);
  if (t.getMonth() !== v['month']! - 1 || t.getDate() !== v['day']) throw new Error(`time data '${text}' does not match format '${format}'`);
  return t.getTime() / 1000;
}

export function timeSpec(value: string | null | undefined, format: string): TimeSpec {
  if (value === null || value === undefined || value === 'preserve') return null;
  if (value === 'now') return 'now';
  try {
    return strptime(value, format);
  } catch (e) {
    if (e instanceof ModuleFailure) throw e;
    throw new ModuleFailure(`Error while obtaining timestamp for time ${value} using format ${format}: ${(e as Error).message}`);
  }
}

/** keep_backward_compatibility_on_timestamps: unset means preserve, except touch means now. */
export function defaultTime(value: string | null | undefined, state: string): string | null | undefined {
  if (value !== null && value !== undefined) return value;
  return state === 'touch' ? 'now' : state === 'absent' ? value : 'preserve';
}

/** Whether the times change, with the commands and diff entries. `cur` follows links (os.stat). */
export function planTimes(path: string, cur: FileState, mtime: TimeSpec, atime: TimeSpec, diff?: DiffDicts): { changed: boolean; commands: ShellCommand[] } {
  if (mtime === null && atime === null) return { changed: false, commands: [] };
  const now = Date.now() / 1000;
  const prevM = cur.mtime!;
  const prevA = cur.atime!;
  let newM: number;
  let newA: number;
  let commands: ShellCommand[];
  if (mtime === 'now' && atime === 'now') {
    newM = newA = now;
    commands = [sh`touch -c -- ${path}`];
  } else {
    newM = mtime === null ? prevM : mtime === 'now' ? now : mtime;
    newA = atime === null ? prevA : atime === 'now' ? now : atime;
    if (newM === prevM && newA === prevA) return { changed: false, commands: [] };
    commands = [];
    if (newM !== prevM) commands.push(mtime === 'now' ? sh`touch -c -m -- ${path}` : sh`touch -c -m -d ${'@' + newM} -- ${path}`);
    if (newA !== prevA) commands.push(atime === 'now' ? sh`touch -c -a -- ${path}` : sh`touch -c -a -d ${'@' + newA} -- ${path}`);
  }
  if (diff) {
    // update_timestamp_for_file with both 'now': the diff holds time.time() against the stat, which
    // differ in practice, also for a file touch has just created (pgplay's stand-in times may be equal).
    const bothNow = mtime === 'now' && atime === 'now';
    if (bothNow || newM !== prevM) Object.assign(diff.before, { mtime: new PyFloat(prevM) }) && Object.assign(diff.after, { mtime: new PyFloat(newM) });
    if (bothNow || newA !== prevA) Object.assign(diff.before, { atime: new PyFloat(prevA) }) && Object.assign(diff.after, { atime: new PyFloat(newA) });
  }
  return { changed: true, commands };
}
