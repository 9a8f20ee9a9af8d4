/** json.loads with Python's results (1.0 stays a float) and its JSONDecodeError messages. */
import { PyFloat } from '../../../values/py.js';
import { filterError, setKey } from '../util.js';
import { pyRuntimeError } from '../../errors.js';

const WS = /[ \t\n\r]*/y;
const NUMBER = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;
const MAX_DEPTH = 1000;

export function jsonLoads(text: string): unknown {
  const p = { s: text, i: 0, depth: 0 };
  skipWs(p);
  const v = value(p);
  skipWs(p);
  if (p.i !== text.length) throw decodeError('Extra data', p);
  return v;
}

interface P {
  s: string;
  i: number;
  depth: number;
}

function skipWs(p: P): void {
  WS.lastIndex = p.i;
  WS.exec(p.s);
  p.i = WS.lastIndex;
}

/** "Expecting value: line 1 column 1 (char 0)" */
function decodeError(msg: string, p: P, at = p.i): Error {
  const before = p.s.slice(0, at);
  const line = before.split('\n').length;
  const col = at - (before.lastIndexOf('\n') + 1) + 1;
  return pyRuntimeError('json.decoder.JSONDecodeError', `${msg}: line ${line} column ${col} (char ${at})`);
}

function value(p: P): unknown {
  const ch = p.s[p.i];
  if (ch === '"') return string(p);
  if (ch === '{') return nested(p, object);
  if (ch === '[') return nested(p, array);
  for (const [lit, v] of [['null', null], ['true', true], ['false', false], ['NaN', new PyFloat(NaN)], ['Infinity', new PyFloat(Infinity)], ['-Infinity', new PyFloat(-Infinity)]] as const) {
    if (p.s.startsWith(lit, p.i)) {
      p.i += lit.length;
      return v;
    }
  }
  NUMBER.lastIndex = p.i;
  const m = NUMBER.exec(p.s);
  if (!m) throw decodeError('Expecting value', p);
  p.i = NUMBER.lastIndex;
  if (m[2] === undefined && m[3] === undefined) {
    const n = Number(m[1]);
    if (!Number.isSafeInteger(n)) throw filterError(`integer ${m[1]} is outside the supported range`);
    return n;
  }
  return new PyFloat(Number(m[0]));
}

function nested(p: P, fn: (p: P) => unknown): unknown {
  if (++p.depth > MAX_DEPTH) throw pyRuntimeError('RecursionError', 'maximum recursion depth exceeded while decoding a JSON document');
  try {
    return fn(p);
  } finally {
    p.depth--;
  }
}

function array(p: P): unknown[] {
  const out: unknown[] = [];
  p.i++;
  skipWs(p);
  if (p.s[p.i] === ']') {
    p.i++;
    return out;
  }
  for (;;) {
    skipWs(p);
    out.push(value(p));
    skipWs(p);
    const ch = p.s[p.i];
    p.i++;
    if (ch === ']') return out;
    if (ch !== ',') throw decodeError("Expecting ',' delimiter", p, p.i - 1);
  }
}

function object(p: P): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  p.i++;
  skipWs(p);
  if (p.s[p.i] === '}') {
    p.i++;
    return out;
  }
  for (;;) {
    skipWs(p);
    if (p.s[p.i] !== '"') throw decodeError('Expecting property name enclosed in double quotes', p);
    const key = string(p);
    skipWs(p);
    if (p.s[p.i] !== ':') throw decodeError("Expecting ':' delimiter", p);
    p.i++;
    skipWs(p);
    setKey(out, key, value(p));
    skipWs(p);
    const ch = p.s[p.i];
    p.i++;
    if (ch === '}') return out;
    if (ch !== ',') throw decodeError("Expecting ',' delimiter", p, p.i - 1);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function string(p: P): string {
  const start = p.i;
  p.i++;
  let out = '';
  for (;;) {
    if (p.i >= p.s.length) throw decodeError('Unterminated string starting at', p, start);
    const ch = p.s[p.i]!;
    if (ch === '"') {
      p.i++;
      return out;
    }
    if (ch < ' ') throw decodeError('Invalid control character at', p);
    if (ch !== '\\') {
      out += ch;
      p.i++;
      continue;
    }
    const e = p.s[p.i + 1];
    if (e === 'u') {
      const hex = p.s.slice(p.i + 2, p.i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw decodeError('Invalid \\uXXXX escape', p, p.i + 1);
      out += String.fromCharCode(parseInt(hex, 16));
      p.i += 6;
    } else if (e !== undefined && ESCAPES[e] !== undefined) {
      out += ESCAPES[e];
      p.i += 2;
    } else throw decodeError('Invalid \\escape', p);
  }
}
