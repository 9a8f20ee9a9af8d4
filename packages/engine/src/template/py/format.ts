/** Python's `'%s' % args`, `str.format()` and `format(value, spec)` for str, int and float. */
import { PyFloat, PyTuple, floatRepr, isDict, isNumber, num, pyRepr, pyStr, pyTypeName } from '../../values/py.js';
import { typeError } from './ops.js';
import { TemplateError, pyRuntimeError } from '../errors.js';

/** Formats a float the way Python's %-style and format() types e/f/g do. */
export function formatFloat(x: number, type: string, precision: number | undefined, alt = false): string {
  if (!Number.isFinite(x)) {
    const s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    return type === type.toUpperCase() && type !== '%' ? s.toUpperCase() : s;
  }
  const p = precision ?? 6;
  const lower = type.toLowerCase();
  if (lower === 'f') return x.toFixed(p);
  if (lower === 'e') return expo(x, p, type === 'E');
  if (lower === 'g') {
    const pp = p === 0 ? 1 : p;
    if (x === 0) return alt ? (0).toFixed(pp - 1) : '0';
    const exp = Math.floor(Math.log10(Math.abs(Number(x.toExponential(pp - 1)))));
    let s = exp < -4 || exp >= pp ? expo(x, pp - 1, type === 'G') : x.toFixed(Math.max(0, pp - 1 - exp));
    if (!alt) {
      // %g drops trailing zeros of the mantissa, and the point when nothing follows it.
      const i = s.search(/[eE]/);
      const [mant, exp] = i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i)];
      s = (mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant) + exp;
    }
    return s;
  }
  return floatRepr(x);
}

function expo(x: number, p: number, upper: boolean): string {
  const [m, e] = x.toExponential(p).split('e') as [string, string];
  const sign = e.startsWith('-') ? '-' : '+';
  const s = `${m}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

function intOf(v: unknown, conv: string): number {
  if (isNumber(v)) return Math.trunc(num(v));
  throw typeError(`%${conv} format: a real number is required, not ${pyTypeName(v)}`);
}

const SPEC_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

/** `fmt % args`. */
export function percentFormat(fmt: string, args: unknown): string {
  const positional = args instanceof PyTuple ? [...args] : [args];
  const mapping = isDict(args) ? args : undefined;
  let i = 0;
  let usedMapping = false;
  const out = fmt.replace(SPEC_RE, (_m, key: string | undefined, flags: string, width: string | undefined,
    prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let v: unknown;
    if (key !== undefined) {
      if (!mapping) throw typeError('format requires a mapping');
      if (!Object.hasOwn(mapping, key)) throw pyRuntimeError('KeyError', `'${key}'`);
      v = mapping[key];
      usedMapping = true;
    } else {
      if (i >= positional.length) throw typeError('not enough arguments for format string');
      v = positional[i++];
    }
    const precision = prec === undefined ? undefined : Number(prec);
    let s = convert(v, conv, flags, precision);
    const w = width ? Number(width) : 0;
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && 'diouxXeEfFgG'.includes(conv)) {
        const sign = /^[-+ ]/.test(s) ? s[0]! : '';
        s = sign + s.slice(sign.length).padStart(w - sign.length, '0');
      } else s = s.padStart(w);
    }
    return s;
  });
  // Python only complains about unused arguments when they are not a mapping-like object (dict, list).
  const mappingLike = mapping !== undefined || (Array.isArray(args) && !(args instanceof PyTuple));
  if (!usedMapping && !mappingLike && i < positional.length) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

function convert(v: unknown, conv: string, flags: string, precision: number | undefined): string {
  const sign = (n: number, s: string): string =>
    n >= 0 && !s.startsWith('-') ? (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s : s;
  switch (conv) {
    case 's': { const s = pyStr(v); return precision === undefined ? s : s.slice(0, precision); }
    case 'r': case 'a': return pyRepr(v);
    case 'd': case 'i': case 'u': { const n = intOf(v, conv); return sign(n, String(n)); }
    case 'o': case 'x': case 'X': {
      if (v instanceof PyFloat) throw typeError(`%${conv} format: an integer is required, not float`);
      const n = intOf(v, conv);
      let s = Math.abs(n).toString(conv === 'o' ? 8 : 16);
      if (flags.includes('#')) s = (conv === 'o' ? '0o' : '0x') + s;
      if (conv === 'X') s = s.toUpperCase();
      return sign(n, n < 0 ? '-' + s : s);
    }
    case 'c':
      if (typeof v === 'number' || typeof v === 'boolean') return String.fromCodePoint(Number(v));
      if (typeof v === 'string' && Array.from(v).length === 1) return v;
      throw typeError('%c requires int or char');
    default: {
      if (!isNumber(v)) throw typeError(`must be real number, not ${pyTypeName(v)}`);
      const x = num(v);
      return sign(x, formatFloat(x, conv, precision, flags.includes('#')));
    }
  }
}

const FSPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** Python's format(value, spec) for str, int, float. */
export function formatSpec(v: unknown, spec: string): string {
  if (spec === '') return pyStr(v);
  const m = FSPEC_RE.exec(spec);
  if (!m) throw pyRuntimeError('ValueError', `Invalid format specifier '${spec}' for object of type '${pyTypeName(v)}'`);
  const [, fillCh, align, signCh, alt, zero, width, group, prec, type] = m;
  const precision = prec === undefined ? undefined : Number(prec);
  let body: string;
  let numeric = false;
  if (typeof v === 'string') {
    if (type && type !== 's') throw pyRuntimeError('ValueError', `Unknown format code '${type}' for object of type 'str'`);
    if (group) throw pyRuntimeError('ValueError', `Cannot specify '${group}' with 's'.`);
    body = precision === undefined ? v : v.slice(0, precision);
  } else if (isNumber(v)) {
    if (v instanceof PyFloat && type && 'bcdoxXn'.includes(type)) {
      throw pyRuntimeError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
    }
    numeric = true;
    body = formatNumber(v, type, precision, !!alt, group);
    const n = num(v);
    if (n >= 0 && !body.startsWith('-')) body = (signCh === '+' ? '+' : signCh === ' ' ? ' ' : '') + body;
  } else throw typeError(`unsupported format string passed to ${pyTypeName(v)}.__format__`);
  const w = width ? Number(width) : 0;
  const fill = fillCh ?? (zero && !align ? '0' : ' ');
  const al = align ?? (zero && numeric ? '=' : numeric ? '>' : '<');
  return pad(body, w, fill, al);
}

function formatNumber(v: number | PyFloat | boolean, type: string | undefined, precision: number | undefined,
  alt: boolean, group: string | undefined): string {
  const n = num(v);
  if (typeof v === 'boolean' && !type && precision === undefined) v = n;
  const isF = v instanceof PyFloat;
  let s: string;
  if (!type || type === 'd' || type === 'n') {
    if (isF && !type) s = precision === undefined ? floatRepr(n) : formatFloat(n, 'g', precision, alt);
    else if (isF) throw pyRuntimeError('ValueError', `Unknown format code 'd' for object of type 'float'`);
    else s = String(n);
  } else if ('bxXo'.includes(type)) {
    s = Math.abs(n).toString(type === 'b' ? 2 : type === 'o' ? 8 : 16);
    if (type === 'X') s = s.toUpperCase();
    if (alt) s = '0' + type + s;
    if (n < 0) s = '-' + s;
  } else if (type === 'c') s = String.fromCodePoint(n);
  else if (type === '%') s = formatFloat(n * 100, 'f', precision) + '%';
  else s = formatFloat(n, type, precision, alt);
  if (group) {
    const [int, frac] = s.split('.') as [string, string | undefined];
    const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    s = frac === undefined ? g : `${g}.${frac}`;
  }
  return s;
}

function pad(s: string, w: number, fill: string, align: string): string {
  if (s.length >= w) return s;
  const n = w - s.length;
  if (align === '<') return s + fill.repeat(n);
  if (align === '>') return fill.repeat(n) + s;
  if (align === '^') return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(Math.ceil(n / 2));
  const sign = /^[-+ ]/.test(s) ? s[0]! : '';
  return sign + fill.repeat(n) + s.slice(sign.length);
}

/** `fmt.format(*args, **kwargs)`; `getField` resolves `.attr` / `[key]` the Jinja2 way. */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>,
  getField: (obj: unknown, key: string, isIndex: boolean) => unknown): string {
  let auto = 0;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '}' ) {
      if (fmt[i + 1] === '}') { out += '}'; i++; continue; }
      throw pyRuntimeError('ValueError', "Single '}' encountered in format string");
    }
    if (c !== '{') { out += c; continue; }
    if (fmt[i + 1] === '{') { out += '{'; i++; continue; }
    const end = fmt.indexOf('}', i);
    if (end < 0) throw pyRuntimeError('ValueError', "Single '{' encountered in format string");
    const field = fmt.slice(i + 1, end);
    i = end;
    const [, ref = '', conv, spec = ''] = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field) ?? [];
    const head = /^[^.[]*/.exec(ref)![0];
    let v: unknown;
    if (head === '') {
      if (auto >= args.length) throw pyRuntimeError('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
      v = args[auto++];
    } else if (/^\d+$/.test(head)) {
      if (Number(head) >= args.length) throw pyRuntimeError('IndexError', `Replacement index ${head} out of range for positional args tuple`);
      v = args[Number(head)];
    } else {
      if (!Object.hasOwn(kwargs, head)) throw pyRuntimeError('KeyError', `'${head}'`);
      v = kwargs[head];
    }
    for (const m of ref.slice(head.length).matchAll(/\.([^.[]+)|\[([^\]]+)\]/g)) {
      v = m[1] !== undefined ? getField(v, m[1], false) : getField(v, m[2]!, true);
    }
    if (conv === 'r' || conv === 'a') v = pyRepr(v);
    else if (conv === 's') v = pyStr(v);
    out += formatSpec(v, spec);
  }
  return out;
}
