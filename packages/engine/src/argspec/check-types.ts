/**
 * ansible-core 2.16's argument type checkers (module_utils/common/validation.py check_type_*,
 * parsing/convert_bool.py boolean, text/formatters.py human_to_bytes), ported for role
 * argument_specs and validate_argument_spec. Each throws CheckTypeError with ansible's text,
 * because the validator quotes that text in its "unable to convert" messages.
 */
import { homedir } from 'node:os';
import { isDict, isFloat, pyFloat, pyStr, pyRepr, PyFloat, type PyTuple } from '../values/py.js';

export class CheckTypeError extends Error {}

/**
 * The Python class a value has when the validator sees it: a string read from YAML and never
 * templated is still an AnsibleUnicode, and ansible's messages name that class. Lists and dicts
 * are rebuilt by the Templar on the way (plain list/dict) even when nothing in them is templated.
 */
export function pyClass(v: unknown, fromYaml = false): string {
  const y = 'ansible.parsing.yaml.objects.';
  let name: string;
  if (v === null || v === undefined) name = 'NoneType';
  else if (typeof v === 'boolean') name = 'bool';
  else if (typeof v === 'number') name = 'int';
  else if (isFloat(v)) name = 'float';
  else if (typeof v === 'string') name = fromYaml ? `${y}AnsibleUnicode` : 'str';
  else if (Array.isArray(v)) name = 'list';
  else if (isDict(v)) name = 'dict';
  else name = 'object';
  return `<class '${name}'>`;
}

const BOOLEANS_TRUE = ['y', 'yes', 'on', '1', 'true', 't'];
const BOOLEANS_FALSE = ['n', 'no', 'off', '0', 'false', 'f'];
/**
 * repr() of ansible's BOOLEANS frozenset. Python iterates it in string-hash order, which changes
 * with every interpreter start (PYTHONHASHSEED); this is one of those orders.
 */
const BOOLEANS_LISTED = "0, 1, 'off', 't', 'f', 'n', '0', 'on', 'no', 'yes', 'false', '1', 'y', 'true'";

export function boolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const n = typeof v === 'string' ? v.toLowerCase().trim() : v;
  if (typeof n === 'string' ? BOOLEANS_TRUE.includes(n) : n === 1 || (isFloat(n) && n.value === 1)) return true;
  if (typeof n === 'string' ? BOOLEANS_FALSE.includes(n) : n === 0 || (isFloat(n) && n.value === 0)) return false;
  throw new CheckTypeError(`The value '${pyStr(v)}' is not a valid boolean.  Valid booleans include: ${BOOLEANS_LISTED}`);
}

export function checkTypeStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && v !== undefined) return pyStr(v);
  throw new CheckTypeError(`'${pyRepr(v)}' is not a string and conversion is not allowed`);
}

export function checkTypeList(v: unknown, fromYaml = false): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.split(',');
  if (typeof v === 'number' || typeof v === 'boolean' || isFloat(v)) return [pyStr(v)];
  throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a list`);
}

/** check_type_dict's key=value splitting: quotes group, backslash escapes, comma or space separates. */
function keyValueFields(value: string): Record<string, unknown> {
  const fields: string[] = [];
  let buf = '';
  let quote: string | false = false;
  let escape = false;
  for (const c of value.trim()) {
    if (escape) {
      buf += c;
      escape = false;
    } else if (c === '\\') escape = true;
    else if (!quote && (c === "'" || c === '"')) quote = c;
    else if (quote && quote === c) quote = false;
    else if (!quote && (c === ',' || c === ' ')) {
      if (buf) fields.push(buf);
      buf = '';
    } else buf += c;
  }
  if (buf) fields.push(buf);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const i = f.indexOf('=');
    // dict(x.split("=", 1)) on a field without "=" is a ValueError in Python.
    if (i < 0) throw new CheckTypeError(`dictionary update sequence element #${fields.indexOf(f)} has length 1; 2 is required`);
    out[f.slice(0, i)] = f.slice(i + 1);
  }
  return out;
}

export function checkTypeDict(v: unknown, fromYaml = false): Record<string, unknown> {
  if (isDict(v)) return v;
  if (typeof v === 'string') {
    if (v.startsWith('{')) {
      try {
        return JSON.parse(v) as Record<string, unknown>;
      } catch {
        throw new CheckTypeError('unable to evaluate string as dictionary');
      }
    }
    if (v.includes('=')) return keyValueFields(v);
    throw new CheckTypeError('dictionary requested, could not parse JSON or key=value');
  }
  throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a dict`);
}

export function checkTypeBool(v: unknown, fromYaml = false): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number' || isFloat(v)) return boolean(v);
  throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a bool`);
}

/** Python int(str): optional sign, digits with single underscores between them, spaces around. */
const PY_INT = /^\s*[-+]?\d+(?:_\d+)*\s*$/;

export function checkTypeInt(v: unknown, fromYaml = false): number | boolean {
  if (typeof v === 'number') return v;
  // bool is an int subclass in Python
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && PY_INT.test(v)) return parseInt(v.replace(/_/g, ''), 10);
  throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to an int`);
}

/** Python float(str): decimal or exponent form, inf/infinity/nan, underscores between digits. */
const PY_FLOAT = /^\s*[-+]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][-+]?\d+(?:_\d+)*)?|\d+(?:_\d+)*\.(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)\s*$/i;

export function checkTypeFloat(v: unknown, fromYaml = false): PyFloat {
  if (isFloat(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return pyFloat(Number(v));
  if (typeof v === 'string' && PY_FLOAT.test(v)) {
    const t = v.trim().replace(/_/g, '').toLowerCase();
    const sign = t.startsWith('-') ? -1 : 1;
    const body = t.replace(/^[-+]/, '');
    return pyFloat(body.startsWith('inf') ? sign * Infinity : body === 'nan' ? NaN : Number(t));
  }
  throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a float`);
}

/** os.path.expanduser(os.path.expandvars(value)) on the controller. */
export function checkTypePath(v: unknown): string {
  const s = checkTypeStr(v).replace(/\$(\w+)|\$\{([^}]*)\}/g, (m, a: string | undefined, b: string | undefined) => process.env[a ?? b ?? ''] ?? m);
  return s === '~' || s.startsWith('~/') ? homedir() + s.slice(1) : s;
}

const SIZE_RANGES: Record<string, number> = { Y: 2 ** 80, Z: 2 ** 70, E: 2 ** 60, P: 2 ** 50, T: 2 ** 40, G: 2 ** 30, M: 2 ** 20, K: 2 ** 10, B: 1 };

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function humanToBytes(number: unknown, isbits = false): number {
  const text = pyStr(number);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(text)!;
  const numText = m[1]!;
  if (numText === '' || numText === '.') throw new CheckTypeError(`human_to_bytes() can't interpret following number: ${numText} (original input string: ${text})`);
  const num = Number(numText);
  const unit = m[2];
  if (unit === undefined) return roundHalfEven(num);
  const rangeKey = unit[0]!.toUpperCase();
  const limit = SIZE_RANGES[rangeKey];
  if (limit === undefined) throw new CheckTypeError(`human_to_bytes() failed to convert ${text} (unit = ${unit}). The suffix must be one of ${Object.keys(SIZE_RANGES).join(', ')}`);
  const unitClass = isbits ? 'b' : 'B';
  const unitClassName = isbits ? 'bit' : 'byte';
  if (unit.length > 1 && !unit.toLowerCase().includes(unitClassName) && unit[1] !== unitClass) {
    const expect = rangeKey === 'B' ? `expect ${unitClass} or ${unitClassName}` : `expect ${rangeKey}${unitClass} or ${rangeKey}`;
    throw new CheckTypeError(`human_to_bytes() failed to convert ${text}. Value is not a valid string (${expect})`);
  }
  return roundHalfEven(num * limit);
}

export function checkTypeBytes(v: unknown, fromYaml = false): number {
  try {
    return humanToBytes(v);
  } catch {
    throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a Byte value`);
  }
}

export function checkTypeBits(v: unknown, fromYaml = false): number {
  try {
    return humanToBytes(v, true);
  } catch {
    throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a Bit value`);
  }
}

/** json.dumps with Python's default separators, as ansible's jsonify. */
export function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (isFloat(v)) return Number.isFinite(v.value) ? pyRepr(v) : Number.isNaN(v.value) ? 'NaN' : v.value > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (Array.isArray(v)) return `[${(v as unknown[] | PyTuple).map(pyJsonDumps).join(', ')}]`;
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${pyJsonDumps(k)}: ${pyJsonDumps(x)}`).join(', ')}}`;
  return JSON.stringify(pyStr(v));
}

export function checkTypeJsonarg(v: unknown, fromYaml = false): string {
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v) || isDict(v)) return pyJsonDumps(v);
  throw new CheckTypeError(`${pyClass(v, fromYaml)} cannot be converted to a json string`);
}

export type TypeChecker = (v: unknown, fromYaml?: boolean) => unknown;

/** DEFAULT_TYPE_VALIDATORS */
export const TYPE_CHECKERS: Record<string, TypeChecker> = {
  str: checkTypeStr,
  list: checkTypeList,
  dict: checkTypeDict,
  bool: checkTypeBool,
  int: checkTypeInt,
  float: checkTypeFloat,
  path: checkTypePath,
  raw: (v) => v,
  jsonarg: checkTypeJsonarg,
  json: checkTypeJsonarg,
  bytes: checkTypeBytes,
  bits: checkTypeBits,
};
