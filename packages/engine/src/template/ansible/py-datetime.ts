/**
 * The slice of Python's datetime that to_datetime and strftime need. Instances render as Python
 * does (str/repr); `pyGetAttr` and `pyBinary` are how the evaluator reaches attributes and `-`.
 */
import { PyFloat } from '../../values/py.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export class PyTimedelta {
  readonly pyTypeName = 'timedelta';
  constructor(readonly micros: number) {}
  get days(): number {
    return Math.floor(this.micros / 86_400_000_000);
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * 86_400_000_000) / 1_000_000);
  }
  get microseconds(): number {
    return this.micros - this.days * 86_400_000_000 - this.seconds * 1_000_000;
  }
  pyStr(): string {
    const s = this.seconds;
    const time = `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}${this.microseconds ? '.' + pad(this.microseconds, 6) : ''}`;
    const d = this.days;
    return d ? `${d} day${Math.abs(d) === 1 ? '' : 's'}, ${time}` : time;
  }
  pyRepr(): string {
    const parts = [this.days && `days=${this.days}`, this.seconds && `seconds=${this.seconds}`, this.microseconds && `microseconds=${this.microseconds}`].filter(Boolean);
    return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
  }
  pyGetAttr(name: string): unknown {
    if (name === 'days' || name === 'seconds' || name === 'microseconds') return this[name];
    if (name === 'total_seconds') return () => new PyFloat(this.micros / 1e6);
    return undefined;
  }
}

/** A naive datetime.datetime (no tzinfo), as strptime returns it. */
export class PyDatetime {
  readonly pyTypeName = 'datetime';
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {}
  /** Microseconds since the epoch, treating the naive value as UTC (only differences matter). */
  get epochMicros(): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) * 1000 + this.microsecond;
  }
  isoformat(sep = 'T'): string {
    const frac = this.microsecond ? '.' + pad(this.microsecond, 6) : '';
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}`;
  }
  pyStr(): string {
    return this.isoformat(' ');
  }
  pyRepr(): string {
    const f = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) f.push(this.second);
    if (this.microsecond) f.push(this.microsecond);
    return `datetime.datetime(${f.join(', ')})`;
  }
  pyGetAttr(name: string): unknown {
    const fields = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;
    if ((fields as readonly string[]).includes(name)) return this[name as (typeof fields)[number]];
    if (name === 'isoformat') return (sep?: string) => this.isoformat(sep ?? 'T');
    if (name === 'timestamp') return () => new PyFloat(new Date(this.year, this.month - 1, this.day, this.hour, this.minute, this.second).getTime() / 1000 + this.microsecond / 1e6);
    return undefined;
  }
  /** datetime - datetime = timedelta. */
  pyBinary(op: string, other: unknown): unknown {
    if (op === '-' && other instanceof PyDatetime) return new PyTimedelta(this.epochMicros - other.epochMicros);
    return undefined;
  }
}
