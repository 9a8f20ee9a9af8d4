/** Python's `format % value` for a single value (the sequence lookup's printf-style format). */
import { pyRepr, pyStr } from '../../values/py.js';
import { formatFixed } from './filters/py-format.js';

const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/g;

/** Formats one int; throws TypeError/ValueError text like Python for bad formats. */
export function percentFormat(fmt: string, value: number): string {
  let used = 0;
  const out = fmt.replace(SPEC, (_m, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (used++ > 0) throw new TypeError('not enough arguments for format string');
    return pad(convert(conv, value, flags, prec === undefined ? null : Number(prec)), flags, width ? Number(width) : 0, conv);
  });
  if (used === 0) throw new TypeError('not all arguments converted during string formatting');
  if (/%(?![-+ 0#\d.]*[diouxXeEfFgGcrsa%])/.test(fmt.replace(SPEC, ''))) throw new RangeError('unsupported format character');
  return out;
}

function convert(conv: string, v: number, flags: string, prec: number | null): string {
  const sign = v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const a = Math.abs(v);
  const alt = flags.includes('#');
  switch (conv) {
    case 'd': case 'i': case 'u':
      return sign + String(a);
    case 'o':
      return sign + (alt ? '0o' : '') + a.toString(8);
    case 'x':
      return sign + (alt ? '0x' : '') + a.toString(16);
    case 'X':
      return sign + (alt ? '0X' : '') + a.toString(16).toUpperCase();
    case 'f': case 'F':
      return sign + formatFixed(a, prec ?? 6);
    case 'e': case 'E': {
      const s = a.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return sign + (conv === 'E' ? s.toUpperCase() : s);
    }
    case 'g': case 'G':
      return sign + String(a);
    case 'c':
      return String.fromCodePoint(v);
    case 'r': case 'a':
      return pyRepr(v);
    default:
      return pyStr(v);
  }
}

function pad(s: string, flags: string, width: number, conv: string): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && 'diouxXeEfFgG'.includes(conv)) {
    const m = /^([-+ ]?(?:0[xXo])?)(.*)$/.exec(s)!;
    return m[1] + m[2]!.padStart(width - m[1]!.length, '0');
  }
  return s.padStart(width);
}
