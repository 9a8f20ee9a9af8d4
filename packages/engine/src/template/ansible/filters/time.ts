/** to_datetime (datetime.strptime) and strftime (time.strftime of the local or UTC time). */
import type { FilterFn } from '../../types.js';
import { isNumber, num } from '../../../values/py.js';
import { PyDatetime } from '../py-datetime.js';
import { arg, filterError, pyTruthy, toText } from '../util.js';
import { pyRuntimeError } from '../../errors.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, w = 2, c = '0'): string => String(n).padStart(w, c);

/** strptime directive -> [regex, field]. */
const DIRECTIVES: Record<string, [string, string]> = {
  Y: ['\\d{4}', 'Y'], y: ['\\d{2}', 'y'], m: ['1[0-2]|0[1-9]|[1-9]', 'm'], d: ['3[01]|[12]\\d|0[1-9]|[1-9]| [1-9]', 'd'],
  H: ['2[0-3]|[0-1]\\d|\\d', 'H'], I: ['1[0-2]|0[1-9]|[1-9]', 'I'], M: ['[0-5]\\d|\\d', 'M'], S: ['6[0-1]|[0-5]\\d|\\d', 'S'],
  f: ['[0-9]{1,6}', 'f'], p: ['am|pm', 'p'], b: [MONTHS.map((m) => m.slice(0, 3)).join('|'), 'b'], B: [MONTHS.join('|'), 'B'],
  a: [DAYS.map((d) => d.slice(0, 3)).join('|'), 'a'], A: [DAYS.join('|'), 'A'], j: ['36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9]', 'j'],
  z: ['[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|(?-i:Z)', 'z'], '%': ['%', ''],
};

export function strptime(text: string, format: string): PyDatetime {
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%') {
      const d = format[++i];
      const dir = d === undefined ? undefined : DIRECTIVES[d];
      if (!dir) throw pyRuntimeError('ValueError', d === undefined ? 'stray % in format' : `'${d}' is a bad directive in format '${format}'`);
      re += dir[1] ? `(?<${dir[1]}>${dir[0]})` : '%';
    } else if (/\s/.test(c)) re += '\\s+';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^(?:${re})`, 'i').exec(text);
  if (!m) throw pyRuntimeError('ValueError', `time data ${pyQuote(text)} does not match format ${pyQuote(format)}`);
  if (m[0].length !== text.length) throw pyRuntimeError('ValueError', `unconverted data remains: ${text.slice(m[0].length)}`);
  const g = m.groups ?? {};
  let year = g.Y ? Number(g.Y) : g.y ? (Number(g.y) < 69 ? 2000 : 1900) + Number(g.y) : 1900;
  const month = g.m ? Number(g.m) : g.b ? monthIndex(g.b) : g.B ? monthIndex(g.B) : 1;
  let hour = g.H ? Number(g.H) : g.I ? Number(g.I) % 12 : 0;
  if (g.I && g.p?.toLowerCase() === 'pm') hour += 12;
  const micro = g.f ? Number(g.f.padEnd(6, '0')) : 0;
  let day = g.d ? Number(g.d) : 1;
  if (g.j && !g.m && !g.d) {
    const date = new Date(Date.UTC(year, 0, Number(g.j)));
    [year, day] = [date.getUTCFullYear(), date.getUTCDate()];
    return new PyDatetime(year, date.getUTCMonth() + 1, day, hour, Number(g.M ?? 0), Number(g.S ?? 0), micro);
  }
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > dim) throw pyRuntimeError('ValueError', 'day is out of range for month');
  return new PyDatetime(year, month, day, hour, Number(g.M ?? 0), Number(g.S ?? 0), micro);
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.toLowerCase().startsWith(name.toLowerCase().slice(0, 3))) + 1;
}

function pyQuote(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}

interface Tm {
  Y: number; m: number; d: number; H: number; M: number; S: number; w: number; j: number; offsetMin: number; zone: string;
}

function tmOf(date: Date, utc: boolean): Tm {
  const get = (local: () => number, u: () => number): number => (utc ? u() : local());
  const Y = get(() => date.getFullYear(), () => date.getUTCFullYear());
  const m = get(() => date.getMonth(), () => date.getUTCMonth()) + 1;
  const d = get(() => date.getDate(), () => date.getUTCDate());
  const j = Math.round((Date.UTC(Y, m - 1, d) - Date.UTC(Y, 0, 1)) / 86_400_000) + 1;
  const offsetMin = utc ? 0 : -date.getTimezoneOffset();
  // time.gmtime() names its zone GMT.
  const zone = utc ? 'GMT' : (new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '');
  return { Y, m, d, j, offsetMin, zone, H: get(() => date.getHours(), () => date.getUTCHours()), M: get(() => date.getMinutes(), () => date.getUTCMinutes()), S: get(() => date.getSeconds(), () => date.getUTCSeconds()), w: get(() => date.getDay(), () => date.getUTCDay()) };
}

/** glibc strftime for the C locale. */
export function strftimeFormat(fmt: string, t: Tm): string {
  const map: Record<string, () => string> = {
    Y: () => String(t.Y), y: () => pad(t.Y % 100), m: () => pad(t.m), d: () => pad(t.d), e: () => pad(t.d, 2, ' '), H: () => pad(t.H), I: () => pad(t.H % 12 || 12),
    M: () => pad(t.M), S: () => pad(t.S), p: () => (t.H < 12 ? 'AM' : 'PM'), b: () => MONTHS[t.m - 1]!.slice(0, 3), h: () => MONTHS[t.m - 1]!.slice(0, 3), B: () => MONTHS[t.m - 1]!,
    a: () => DAYS[t.w]!.slice(0, 3), A: () => DAYS[t.w]!, j: () => pad(t.j, 3), w: () => String(t.w), u: () => String(t.w || 7), Z: () => t.zone,
    z: () => `${t.offsetMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(t.offsetMin) / 60))}${pad(Math.abs(t.offsetMin) % 60)}`,
    F: () => `${t.Y}-${pad(t.m)}-${pad(t.d)}`, T: () => `${pad(t.H)}:${pad(t.M)}:${pad(t.S)}`, R: () => `${pad(t.H)}:${pad(t.M)}`, D: () => `${pad(t.m)}/${pad(t.d)}/${pad(t.Y % 100)}`,
    c: () => `${DAYS[t.w]!.slice(0, 3)} ${MONTHS[t.m - 1]!.slice(0, 3)} ${pad(t.d, 2, ' ')} ${pad(t.H)}:${pad(t.M)}:${pad(t.S)} ${t.Y}`,
    x: () => `${pad(t.m)}/${pad(t.d)}/${pad(t.Y % 100)}`, X: () => `${pad(t.H)}:${pad(t.M)}:${pad(t.S)}`, n: () => '\n', t: () => '\t', '%': () => '%',
    s: () => String(Math.floor(Date.UTC(t.Y, t.m - 1, t.d, t.H, t.M, t.S) / 1000 - t.offsetMin * 60)),
    U: () => pad(Math.floor((t.j + 6 - t.w) / 7)), W: () => pad(Math.floor((t.j + 6 - ((t.w + 6) % 7)) / 7)),
  };
  return fmt.replace(/%(.)/gs, (all, c: string) => (map[c] ? map[c]!() : all));
}

const toDatetime: FilterFn = (_ctx, value, args, kwargs) => strptime(toText(value), toText(arg(args, kwargs, 0, 'format', '%Y-%m-%d %H:%M:%S')));

const strftime: FilterFn = (_ctx, value, args, kwargs) => {
  const second = arg<unknown>(args, kwargs, 0, 'second', null);
  const utc = pyTruthy(arg(args, kwargs, 1, 'utc', false));
  let ms = Date.now();
  if (second !== null) {
    const n = isNumber(second) ? num(second) : typeof second === 'string' && second.trim() !== '' && !Number.isNaN(Number(second)) ? Number(second) : NaN;
    if (Number.isNaN(n)) throw filterError(`Invalid value for epoch value (${toText(second)})`);
    ms = Math.floor(n) * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw filterError('timestamp out of range for platform time_t');
  }
  return strftimeFormat(toText(value), tmOf(new Date(ms), utc));
};

export const timeFilters: Record<string, FilterFn> = { to_datetime: toDatetime, strftime };
