/**
 * The slice of Python's datetime that to_datetime and from_yaml need. Instances render as Python
 * does (str/repr) and expose their attributes and methods to templates as runtime objects.
 */
import { PyFloat } from '../../values/py.js';
import { JObject } from '../attrs.js';
import { PyCallable } from '../runtime-values.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const method = (name: string, fn: (a: unknown[]) => unknown): PyCallable => new PyCallable(name, (a) => fn(a), 'builtin_function_or_method');

export class PyTimedelta extends JObject {
  readonly pyTypeName = 'timedelta';
  constructor(readonly micros: number) {
    super();
  }
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
  attr(name: string): unknown {
    if (name === 'days' || name === 'seconds' || name === 'microseconds') return this[name];
    if (name === 'total_seconds') return method(name, () => new PyFloat(this.micros / 1e6));
    return undefined;
  }
}

/** datetime.date, as PyYAML builds it from `2001-01-01`. */
export class PyDate extends JObject {
  readonly pyTypeName: string = 'date';
  constructor(readonly year: number, readonly month: number, readonly day: number) {
    super();
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  pyStr(): string {
    return this.isoformat();
  }
  pyRepr(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
  attr(name: string): unknown {
    if (name === 'year' || name === 'month' || name === 'day') return this[name];
    if (name === 'isoformat') return method(name, () => this.isoformat());
    return undefined;
  }
}

/** A naive datetime.datetime (no tzinfo), as strptime returns it. */
export class PyDatetime extends PyDate {
  override readonly pyTypeName: string = 'datetime';
  constructor(year: number, month: number, day: number, readonly hour = 0, readonly minute = 0, readonly second = 0, readonly microsecond = 0) {
    super(year, month, day);
  }
  /** Microseconds since the epoch, treating the naive value as UTC (only differences matter). */
  get epochMicros(): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) * 1000 + this.microsecond;
  }
  override isoformat(sep = 'T'): string {
    const frac = this.microsecond ? '.' + pad(this.microsecond, 6) : '';
    return `${super.isoformat()}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}`;
  }
  override pyStr(): string {
    return this.isoformat(' ');
  }
  override pyRepr(): string {
    const f = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) f.push(this.second);
    if (this.microsecond) f.push(this.microsecond);
    return `datetime.datetime(${f.join(', ')})`;
  }
  override attr(name: string): unknown {
    if (name === 'hour' || name === 'minute' || name === 'second' || name === 'microsecond') return this[name];
    if (name === 'isoformat') return method(name, (a) => this.isoformat(typeof a[0] === 'string' ? a[0] : 'T'));
    if (name === 'date') return method(name, () => new PyDate(this.year, this.month, this.day));
    if (name === 'timestamp') {
      return method(name, () => new PyFloat(new Date(this.year, this.month - 1, this.day, this.hour, this.minute, this.second).getTime() / 1000 + this.microsecond / 1e6));
    }
    return super.attr(name);
  }
  /**
   * Binary operators on this object, for the evaluator to call before raising "unsupported operand":
   * datetime - datetime = timedelta. Undefined means the operation is not supported.
   */
  pyBinary(op: string, other: unknown): unknown {
    if (op === '-' && other instanceof PyDatetime) return new PyTimedelta(this.epochMicros - other.epochMicros);
    return undefined;
  }
}
