import { defineModule, sh, ModuleFailure, type ExecResult, type ModuleResult } from '@pgplay/engine/module-api';
import { execBatch } from './util/exec-batch.js';

interface TimezoneArgs {
  name?: string | null;
  hwclock?: 'local' | 'UTC' | null;
}
type Key = 'hwclock' | 'name';
type Values = Partial<Record<Key, string>>;

interface TimezoneActions {
  timedatectl: string;
  planned: Values;
  before: Values;
}

const REGEXPS: Record<Key, RegExp> = {
  hwclock: /^[ \t\f\v\r]*RTC in local TZ[ \t\f\v\r]*:[ \t\f\v\r]*(\S+)/m,
  name: /^[ \t\f\v\r]*Time ?zone[ \t\f\v\r]*:[ \t\f\v\r]*(\S+)/m,
};
const SUBCMDS: Record<Key, string> = { hwclock: 'set-local-rtc', name: 'set-timezone' };
const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't']);

/** The module's values in argument-spec order (hwclock, then name), as its dicts are built. */
function planned(a: TimezoneArgs): Values {
  const v: Values = {};
  if (a.hwclock !== undefined && a.hwclock !== null) v.hwclock = a.hwclock;
  if (a.name !== undefined && a.name !== null) v.name = a.name;
  return v;
}

function read(status: string, keys: Key[]): Values {
  const v: Values = {};
  for (const k of keys) {
    const m = REGEXPS[k].exec(status);
    if (!m) throw new ModuleFailure(`pgplay could not read ${k} from timedatectl status: ${status.trim()}`);
    v[k] = k === 'hwclock' ? (TRUE_WORDS.has(m[1]!.toLowerCase()) ? 'local' : 'UTC') : m[1]!;
  }
  return v;
}

/** run_command(check_rc=True) failing: msg is stderr, with the command and its output. */
function checkRc(r: ExecResult, cmd: string): void {
  if (r.rc !== 0) throw new ModuleFailure(r.stderr.trimEnd(), { cmd, rc: r.rc, stdout: r.stdout, stderr: r.stderr });
}

const sameValues = (a: Values, b: Values): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Python's str() of a dict of strings. */
const pyDict = (v: Values): string => `{${Object.entries(v).map(([k, x]) => `'${k}': '${x}'`).join(', ')}}`;

/**
 * community.general.timezone on systemd hosts (timedatectl, as the module chooses when
 * `timedatectl` runs). Hosts without a working timedatectl (the module edits /etc/timezone and
 * friends there) are refused as not supported by pgplay yet.
 */
export default defineModule<TimezoneArgs, TimezoneActions>({
  name: 'community.general.timezone',
  aliases: ['timezone', 'community.general.system.timezone'],
  doc: { short: 'Configure timezone setting', description: 'Sets the system time zone and whether the hardware clock keeps local time or UTC, with timedatectl. In lab containers the hardware clock cannot be changed.' },
  args: {
    type: 'object',
    additionalProperties: false,
    'x-required-one-of': [['hwclock', 'name']],
    properties: {
      name: { type: 'string', description: 'Name of the timezone for the system clock (e.g. Asia/Tokyo).' },
      hwclock: { type: 'string', enum: ['local', 'UTC'], 'x-aliases': ['rtc'], description: 'Whether the hardware clock is in UTC or in local timezone.' },
    },
  },
  returns: {},
  capabilities: { check: 'full', diff: 'full' },
  async plan(a, ctx) {
    const want = planned(a);
    const [bin, bare, zone, status] = await execBatch(ctx.host, [
      sh`command -v timedatectl`, sh`timedatectl`, sh`test -f ${`/usr/share/zoneinfo/${a.name ?? ''}`}`, sh`timedatectl status`,
    ]);
    if (bin!.rc !== 0 || bare!.rc !== 0) throw new ModuleFailure('timezone on hosts without a working timedatectl is not supported by pgplay yet');
    const timedatectl = bin!.stdout.trim();
    if (want.name !== undefined && zone!.rc !== 0) throw new ModuleFailure(`Error message:\ngiven timezone "${want.name}" is not available`);
    checkRc(status!, `${timedatectl} status`);
    const before = read(status!.stdout, Object.keys(want) as Key[]);
    const changed = !sameValues(before, want);
    return { changed, result: { changed, diff: { before, after: want } }, actions: { timedatectl, planned: want, before } };
  },
  async apply(plan, ctx) {
    const { timedatectl, planned: want, before } = plan.actions!;
    const keys = Object.keys(want) as Key[];
    const sets = keys.filter((k) => before[k] !== want[k]).map((k) => {
      const value = k === 'hwclock' ? (want[k] === 'local' ? 'yes' : 'no') : want[k]!;
      return { k, text: `${timedatectl} ${SUBCMDS[k]} ${value}`, cmd: sh`timedatectl ${SUBCMDS[k]} ${value}` };
    });
    const rs = await execBatch(ctx.host, [...sets.map((s) => s.cmd), sh`timedatectl status`], sh``, { guarded: sets.length });
    const msgs: string[] = [];
    sets.forEach((s, i) => {
      checkRc(rs[i]!, s.text);
      msgs.push(`executed \`${s.text}\``);
    });
    checkRc(rs[sets.length]!, `${timedatectl} status`);
    const after = read(rs[sets.length]!.stdout, keys);
    if (!sameValues(after, want)) {
      throw new ModuleFailure(['Error message:', `still not desired state, though changes have made - planned: ${pyDict(want)}, after: ${pyDict(after)}`, ...(msgs.length ? ['Other message(s):', ...msgs] : [])].join('\n'));
    }
    const result: ModuleResult = { changed: !sameValues(before, after), diff: { before, after } };
    if (msgs.length) result.msg = msgs.join('\n');
    return result;
  },
});
