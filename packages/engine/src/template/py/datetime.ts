/** A minimal Python datetime for Ansible's now(): attributes, strftime, isoformat, str(). */
import { JObject } from '../attrs.js';
import { PyCallable } from '../runtime-values.js';
import { TemplateError } from '../errors.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Calendar fields of a Date, in UTC or in the local time zone. */
function fields(d: Date, utc: boolean): { Y: number; m: number; d: number; H: number; M: number; S: number; ms: number; w: number } {
  return utc
    ? { Y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds(), ms: d.getUTCMilliseconds(), w: d.getUTCDay() }
    : { Y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate(), H: d.getHours(), M: d.getMinutes(), S: d.getSeconds(), ms: d.getMilliseconds(), w: d.getDay() };
}

/** C strftime for the directives Python documents as portable. */
export function strftime(fmt: string, date: Date, utc = false): string {
  const f = fields(date, utc);
  const start = utc ? Date.UTC(f.Y, 0, 1) : new Date(f.Y, 0, 1).getTime();
  const today = utc ? Date.UTC(f.Y, f.m - 1, f.d) : new Date(f.Y, f.m - 1, f.d).getTime();
  const yday = Math.round((today - start) / 86_400_000) + 1;
  const offMin = utc ? 0 : -date.getTimezoneOffset();
  const table: Record<string, () => string> = {
    Y: () => String(f.Y), y: () => p2(f.Y % 100), m: () => p2(f.m), d: () => p2(f.d), H: () => p2(f.H),
    I: () => p2(f.H % 12 || 12), M: () => p2(f.M), S: () => p2(f.S), f: () => String(f.ms * 1000).padStart(6, '0'),
    p: () => (f.H < 12 ? 'AM' : 'PM'), a: () => DAYS[f.w]!.slice(0, 3), A: () => DAYS[f.w]!, b: () => MONTHS[f.m - 1]!.slice(0, 3),
    B: () => MONTHS[f.m - 1]!, j: () => String(yday).padStart(3, '0'), w: () => String(f.w), s: () => String(Math.floor(date.getTime() / 1000)),
    z: () => (utc ? '' : `${offMin < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(offMin) / 60))}${p2(Math.abs(offMin) % 60)}`),
    Z: () => (utc ? '' : Intl.DateTimeFormat('en', { timeZoneName: 'short' }).formatToParts(date).find((x) => x.type === 'timeZoneName')?.value ?? ''),
    '%': () => '%', e: () => String(f.d).padStart(2, ' '),
    T: () => `${p2(f.H)}:${p2(f.M)}:${p2(f.S)}`, D: () => `${p2(f.m)}/${p2(f.d)}/${p2(f.Y % 100)}`, F: () => `${f.Y}-${p2(f.m)}-${p2(f.d)}`,
  };
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => (table[c] ? table[c]!() : m));
}

export class PyDatetime extends JObject {
  readonly pyTypeName = 'datetime';
  constructor(readonly date: Date, readonly utc: boolean) {
    super();
  }
  attr(name: string): unknown {
    const f = fields(this.date, this.utc);
    switch (name) {
      case 'year': return f.Y;
      case 'month': return f.m;
      case 'day': return f.d;
      case 'hour': return f.H;
      case 'minute': return f.M;
      case 'second': return f.S;
      case 'microsecond': return f.ms * 1000;
      case 'strftime': return new PyCallable('strftime', (a) => {
        if (typeof a[0] !== 'string') throw new TemplateError('template-type', 'strftime() argument 1 must be str');
        return strftime(a[0], this.date, this.utc);
      }, 'builtin_function_or_method');
      case 'isoformat': return new PyCallable('isoformat', () => strftime('%Y-%m-%dT%H:%M:%S.%f', this.date, this.utc), 'builtin_function_or_method');
      case 'timestamp': return new PyCallable('timestamp', () => this.date.getTime() / 1000, 'builtin_function_or_method');
      default: return undefined;
    }
  }
  pyStr(): string {
    // Python leaves the fraction out when microsecond is 0.
    return strftime(this.date.getMilliseconds() ? '%Y-%m-%d %H:%M:%S.%f' : '%Y-%m-%d %H:%M:%S', this.date, this.utc);
  }
  pyRepr(): string {
    const f = fields(this.date, this.utc);
    return `datetime.datetime(${f.Y}, ${f.m}, ${f.d}, ${f.H}, ${f.M}, ${f.S}, ${f.ms * 1000})`;
  }
}

/** Ansible's now(utc=False, fmt=None): a datetime, or its strftime text when fmt is given. */
export function now(args: unknown[], kwargs: Record<string, unknown>): unknown {
  const utc = (args[0] ?? kwargs.utc) === true;
  const fmt = args[1] ?? kwargs.fmt;
  const d = new PyDatetime(new Date(), utc);
  return typeof fmt === 'string' ? strftime(fmt, d.date, utc) : d;
}
