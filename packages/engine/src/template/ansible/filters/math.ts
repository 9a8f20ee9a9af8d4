/** log, pow, root, human_readable, human_to_bytes (Ansible's mathstuff and text formatters). */
import type { FilterFn } from '../../types.js';
import { isNumber, num, pyTypeName } from '../../../values/py.js';
import { arg, filterError, float, pyTruthy, toText, typeError } from '../util.js';
import { formatFixed, roundHalfEven } from './py-format.js';
import { reSearch } from '../regex/ops.js';
import { pyRuntimeError } from '../../errors.js';

function real(v: unknown, fn: string): number {
  if (!isNumber(v)) throw typeError(`${fn}() can only be used on numbers: must be real number, not ${pyTypeName(v)}`);
  return num(v);
}

function checked(n: number, fn: string): number {
  if (Number.isNaN(n)) throw filterError(`${fn}: math domain error`);
  if (!Number.isFinite(n)) throw filterError(`${fn}: math range error`);
  return n;
}

const log: FilterFn = (_ctx, value, args, kwargs) => {
  const x = real(value, 'log');
  const base = arg<unknown>(args, kwargs, 0, 'base', null);
  if (x <= 0) throw pyRuntimeError('ValueError', 'math domain error');
  if (base === null) return float(Math.log(x));
  const b = real(base, 'log');
  if (b === 10) return float(Math.log10(x));
  if (b <= 0) throw pyRuntimeError('ValueError', 'math domain error');
  if (b === 1) throw pyRuntimeError('ZeroDivisionError', 'float division by zero');
  return float(Math.log(x) / Math.log(b));
};

const pow: FilterFn = (_ctx, value, args, kwargs) => {
  const x = real(value, 'pow');
  const y = real(arg(args, kwargs, 0, 'y', undefined), 'pow');
  if (x < 0 && !Number.isInteger(y)) throw pyRuntimeError('ValueError', 'math domain error');
  return float(checked(Math.pow(x, y), 'pow'));
};

const root: FilterFn = (_ctx, value, args, kwargs) => {
  const base = arg<unknown>(args, kwargs, 0, 'base', 2);
  if (!isNumber(value)) throw typeError(`root() can only be used on numbers: must be real number, not ${pyTypeName(value)}`);
  const x = num(value);
  if (isNumber(base) && num(base) === 2) {
    if (x < 0) throw typeError('root() can only be used on numbers: math domain error');
    return float(Math.sqrt(x));
  }
  const b = typeof base === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(base) ? Number(base) : real(base, 'root');
  if (x < 0) throw typeError('root() can only be used on numbers: math domain error');
  return float(Math.pow(x, 1.0 / b));
};

const SIZE_RANGES: [string, number][] = [['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50], ['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10], ['B', 1]];

const humanReadable: FilterFn = (_ctx, value, args, kwargs) => {
  const isbits = pyTruthy(arg(args, kwargs, 0, 'isbits', false));
  const unit = arg<unknown>(args, kwargs, 1, 'unit', null);
  if (!isNumber(value)) {
    if (unit !== null) throw typeError(`human_readable() failed on bad input: unsupported operand type(s) for /: '${pyTypeName(value)}' and 'int'`);
    throw typeError(`human_readable() failed on bad input: '>=' not supported between instances of '${pyTypeName(value)}' and 'int'`);
  }
  const size = num(value);
  const base = isbits ? 'bits' : 'Bytes';
  let [suffix, limit] = SIZE_RANGES[SIZE_RANGES.length - 1]!;
  for (const [s, l] of SIZE_RANGES) {
    if ((unit === null && size >= l) || (unit !== null && toText(unit).toUpperCase() === s)) {
      [suffix, limit] = [s, l];
      break;
    }
  }
  suffix = limit !== 1 ? suffix + base[0] : base;
  return `${formatFixed(size / limit, 2)} ${suffix}`;
};

const humanToBytes: FilterFn = (_ctx, value, args, kwargs) => {
  const defaultUnit = arg<unknown>(args, kwargs, 0, 'default_unit', null);
  const isbits = pyTruthy(arg(args, kwargs, 1, 'isbits', false));
  const text = toText(value);
  const fail = (): never => {
    throw filterError(`human_to_bytes() can't interpret following string: ${text}`);
  };
  const m = reSearch('^\\s*(\\d*\\.?\\d*)\\s*([A-Za-z]+)?', text, { i: true });
  if (!m) return fail();
  const numText = m.m[1]!;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(numText)) return fail();
  const n = Number(numText);
  const unit = m.m[2] ?? (defaultUnit === null ? null : toText(defaultUnit));
  if (unit === null) return roundHalfEven(n);
  const rangeKey = unit[0]!.toUpperCase();
  const range = SIZE_RANGES.find(([s]) => s === rangeKey);
  if (!range) return fail();
  const unitClass = isbits ? 'b' : 'B';
  const unitClassName = isbits ? 'bit' : 'byte';
  if (unit.length > 1 && !unit.toLowerCase().includes(unitClassName) && unit[1] !== unitClass) return fail();
  return roundHalfEven(n * range[1]);
};

export const mathFilters: Record<string, FilterFn> = {
  log,
  pow,
  root,
  human_readable: humanReadable,
  human_to_bytes: humanToBytes,
};
