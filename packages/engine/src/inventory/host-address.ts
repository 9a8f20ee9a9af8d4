/**
 * Host names with optional ports and `[a:b]` ranges, as `parsing/utils/addresses.py` and
 * `plugins/inventory/__init__.py:expand_hostname_range` read them.
 */
export class HostPatternError extends Error {}

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const W = String.raw`[\p{L}\p{N}_]`; // Python's Unicode \w: str.isalnum() or '_'
const I6 = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const I4 = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
const LABEL = `(?:${W}|${ALNUM_RANGE})(?:${W}|[_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
export const IPV4 = new RegExp(`^(?:${I4}\\.){3}${I4}$`, 'i');
export const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${I6}:){7}${I6}`, `(?:${I6}:){1,6}:`, `(?:${I6}:)(?::${I6}){1,6}`, `(?:${I6}:){2}(?::${I6}){1,5}`,
      `(?:${I6}:){3}(?::${I6}){1,4}`, `(?:${I6}:){4}(?::${I6}){1,3}`, `(?:${I6}:){5}(?::${I6}){1,2}`,
      `(?:${I6}:){6}(?::${I6})`, `:(?::${I6}){1,6}`, `${I6}?::`, `(?:0:){6}(?:${I6}\\.){3}${I6}`,
      `::(?:ffff:)?(?:${I6}\\.){3}${I6}`, `(?:0:){5}ffff:(?:${I6}\\.){3}${I6}`,
    ].join('|') +
    ')$',
  'i',
);
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'iu');

/** `parse_address`: (host, port); throws for text that is no host identifier. */
export function parseAddress(address: string, allowRanges: boolean): { host: string; port: number | undefined } {
  let port: number | undefined;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address);
    if (m) {
      address = m[1]!;
      port = Number(m[2]);
    }
  }
  const valid = IPV4.test(address) || IPV6.test(address) || HOSTNAME.test(address);
  if (!valid) throw new HostPatternError(`Not a valid network hostname: ${address}`);
  if (!allowRanges && address.includes('[')) throw new HostPatternError('Detected range in host but was asked to ignore ranges');
  return { host: address, port };
}

/** `_expand_hostpattern`: an unparseable name is kept whole, as Ansible does. */
export function expandHostPattern(pattern: string): { hosts: string[]; port: number | undefined } {
  let name = pattern;
  let port: number | undefined;
  try {
    ({ host: name, port } = parseAddress(pattern, true));
  } catch {
    name = pattern;
    port = undefined;
  }
  return { hosts: name.includes('[') ? expandHostnameRange(name) : [name], port };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `web[01:03]` → web01 web02 web03; `[a:c]`; `[1:9:2]`; several ranges expand left to right. */
export function expandHostnameRange(line: string): string[] {
  const open = line.indexOf('[');
  const close = line.indexOf(']');
  const parts = line.replace('[', '|').replace(']', '|').split('|');
  if (open < 0 || close < 0 || parts.length !== 3) throw new HostPatternError(`invalid range in host pattern: ${line}`);
  const [head, nrange, tail] = parts as [string, string, string];
  const bounds = nrange.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostPatternError('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const step = bounds.length === 3 ? pyInt(bounds[2]!) : 1;
  if (!end) throw new HostPatternError('host range must specify end value');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new HostPatternError('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(beg.length, '0');
  }
  const out: string[] = [];
  for (const item of rangeSequence(beg, end, step)) {
    const name = head + fill(item) + tail;
    if (name.includes('[')) out.push(...expandHostnameRange(name));
    else out.push(name);
  }
  return out;
}

function rangeSequence(beg: string, end: string, step: number): (string | number)[] {
  if (step === 0) throw new HostPatternError('range() arg 3 must not be zero');
  const ib = beg.length === 1 ? LETTERS.indexOf(beg) : -1;
  const ie = end.length === 1 ? LETTERS.indexOf(end) : -1;
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) throw new HostPatternError('host range must have begin <= end');
    return pySlice(LETTERS.slice(ib, ie + 1).split(''), step);
  }
  const b = pyInt(beg);
  const e = pyInt(end) + 1;
  const out: number[] = [];
  if (step > 0) for (let i = b; i < e; i += step) out.push(i);
  else for (let i = b; i > e; i += step) out.push(i);
  return out;
}

/** `seq[::step]` over an ascending slice; a negative step over it is empty in Python. */
function pySlice<T>(items: T[], step: number): T[] {
  return step > 0 ? items.filter((_, i) => i % step === 0) : [];
}

/** Python's int() on range bounds: digits with optional sign and surrounding spaces. */
function pyInt(s: string): number {
  const t = s.trim().replace(/_/g, '');
  if (!/^[+-]?\d+$/.test(t)) throw new HostPatternError(`invalid literal for int() with base 10: '${s}'`);
  return Number(t);
}
