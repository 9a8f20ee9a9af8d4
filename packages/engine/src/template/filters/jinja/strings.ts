/** Jinja2's text filters (jinja2/filters.py), same defaults and edge cases. */
import { wrap as pyTextWrap } from '../../../values/textwrap.js';
import type { FilterFn } from '../../types.js';
import { PyFloat, PyTuple, isDict, isNumber, num, pyRepr, pyStr, pyTypeName } from '../../../values/py.js';
import { parsePyFloat } from './numbers.js';
import { Markup, JUndefined, escapeHtml } from '../../runtime-values.js';
import { TemplateError, pyRuntimeError } from '../../errors.js';
import { asStr, iterate, truthy } from '../../py/ops.js';
import { percentFormat, formatFloat } from '../../py/format.js';
import { pyJsonDumps } from '../../py/json.js';
import { STR_METHODS } from '../../py/methods-str.js';
import { arg, intOr, str } from './helpers.js';

export { escapeHtml };

export function escapeValue(v: unknown): Markup {
  if (v instanceof Markup) return v;
  return new Markup(escapeHtml(str(v)));
}

/** Filters that call a str method directly: a non-string has no such attribute in Python. */
function strict(v: unknown, method: string): string {
  const s = asStr(v);
  if (s === undefined) throw new TemplateError('template-type', `'${pyTypeName(v)}' object has no attribute '${method}'`);
  return s;
}

/** textwrap's width: an explicit None fails its `width <= 0` check. */
function widthOf(w: unknown): number {
  if (w === null) throw new TemplateError('template-type', "'<=' not supported between instances of 'NoneType' and 'int'");
  return intOr(w, 79);
}

function jinjaTitle(s: string): string {
  return s.split(/([-\s({[<]+)/).filter((x) => x).map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('');
}

function indent(s: string, width: unknown, first: boolean, blank: boolean): string {
  if (width === null) throw new TemplateError('template-type', "can't multiply sequence by non-int of type 'NoneType'");
  const ind = typeof width === 'string' ? width : ' '.repeat(intOr(width, 4));
  const lines = STR_METHODS.splitlines!(s + '\n', [], {}) as string[];
  let rv: string;
  if (blank) rv = lines.join('\n' + ind);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n');
  }
  return first ? ind + rv : rv;
}

function truncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  if (length < end.length) throw new TemplateError('template-runtime', `expected length >= ${end.length}, got ${length}`);
  if (s.length <= length + leeway) return s;
  if (killwords) return s.slice(0, length - end.length) + end;
  const head = s.slice(0, length - end.length);
  const i = head.lastIndexOf(' ');
  return (i < 0 ? head : head.slice(0, i)) + end;
}

/** jinja2's do_truncate: asserts on the length first, and only strings can actually be cut. */
function doTruncate(v: unknown, a: unknown[], kw: Record<string, unknown>): unknown {
  const length = arg(a, kw, 0, 'length', 255);
  const end = str(arg(a, kw, 2, 'end', '...'));
  const leeway = intOr(arg(a, kw, 3, 'leeway', 5), 5);
  if (!isNumber(length)) throw new TemplateError('template-type', `'>=' not supported between instances of '${pyTypeName(length)}' and 'int'`);
  if (num(length) < end.length) throw new TemplateError('template-runtime', `expected length >= ${end.length}, got ${pyStr(length)}`);
  const s = asStr(v);
  if (s === undefined) {
    if (!Array.isArray(v)) throw new TemplateError('template-type', `object of type '${pyTypeName(v)}' has no len()`);
    if (v.length <= num(length) + leeway) return v;
    throw new TemplateError('template-type', `'list' object has no attribute 'rsplit'`);
  }
  return truncate(s, intOr(length, 255), truthy(arg(a, kw, 1, 'killwords', false)), end, leeway);
}

/** do_wordwrap: each line wrapped by textwrap on its own, tabs and whitespace kept as they are. */
function wordwrap(s: string, width: number, breakLong: boolean, wrapstring: string, breakOnHyphens: boolean): string {
  const lines = STR_METHODS.splitlines!(s, [], {}) as string[];
  if (lines.length > 0 && width <= 0) throw new TemplateError('template-runtime', `invalid width ${width} (must be > 0)`);
  return lines.map((l) => pyTextWrap(l, { width, expandTabs: false, replaceWhitespace: false, breakLongWords: breakLong, breakOnHyphens }).join(wrapstring)).join(wrapstring);
}

/** Python's float(value), with its errors. */
function pyFloatOf(value: unknown): number {
  if (isNumber(value)) return num(value);
  const s = asStr(value);
  if (s === undefined) throw new TemplateError('template-type', `float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
  const f = parsePyFloat(s);
  if (f === undefined) throw pyRuntimeError('ValueError', `could not convert string to float: ${pyRepr(s)}`);
  return f;
}

function filesizeformat(value: unknown, binary: boolean): string {
  const bytes = pyFloatOf(value);
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = 0;
  let prefix = '';
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i]!;
    if (bytes < unit) break;
  }
  return `${formatFloat((base * bytes) / unit, 'f', 1)} ${prefix}`;
}

function striptags(s: string): string {
  const noComments = s.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '');
  const text = noComments.split(/\s+/).filter((x) => x).join(' ');
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function urlQuote(s: string, safe: string): string {
  return Array.from(new TextEncoder().encode(s), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9_.~-]/.test(c) || safe.includes(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }).join('');
}

function urlencode(v: unknown): string {
  const s = asStr(v);
  if (s !== undefined) return urlQuote(s, '/');
  // Anything not iterable is quoted as its str() (jinja2: `not isinstance(value, Iterable)`).
  if (!Array.isArray(v) && !isDict(v)) return urlQuote(str(v), '/');
  const pairs = isDict(v) ? Object.entries(v) : iterate(v).map((p) => {
    const kv = iterate(p);
    if (kv.length !== 2) throw pyRuntimeError('ValueError', `${kv.length < 2 ? 'not enough' : 'too many'} values to unpack (expected 2${kv.length < 2 ? `, got ${kv.length}` : ''})`);
    return kv as [unknown, unknown];
  });
  const qs = (s: string): string => urlQuote(s, '').replace(/%20/g, '+');
  return pairs.map(([k, x]) => `${qs(str(k))}=${qs(str(x))}`).join('&');
}

function urlize(s: string, trimLimit: number | null, nofollow: boolean, target: unknown, rel: unknown): string {
  const rels = new Set(String(rel ?? 'noopener').split(' ').filter((x) => x));
  if (nofollow) rels.add('nofollow');
  const relAttr = rels.size ? ` rel="${escapeHtml([...rels].sort().join(' '))}"` : '';
  const targetAttr = typeof target === 'string' ? ` target="${escapeHtml(target)}"` : '';
  return s.split(/(\s+)/).map((word) => {
    const m = /^([(<]*)(.*?)([.,)>\n]*)$/s.exec(word)!;
    const [, head, middle, tail] = m;
    const short = (u: string): string => (trimLimit !== null && u.length > trimLimit ? u.slice(0, trimLimit) + '...' : u);
    let href: string | undefined;
    if (/^https?:\/\//.test(middle!)) href = middle;
    else if (/^www\./.test(middle!) || (/^[\w.-]+\.(org|net|com)$/.test(middle!) && !middle!.includes('@'))) href = `https://${middle}`;
    else if (/^[^@\s]+@[\w.-]+\.\w+$/.test(middle!) && !middle!.includes(':')) {
      return `${escapeHtml(head!)}<a href="mailto:${escapeHtml(middle!)}">${escapeHtml(middle!)}</a>${escapeHtml(tail!)}`;
    }
    if (href === undefined) return escapeHtml(word);
    return `${escapeHtml(head!)}<a href="${escapeHtml(href)}"${relAttr}${targetAttr}>${escapeHtml(short(middle!))}</a>${escapeHtml(tail!)}`;
  }).join('');
}

function xmlattr(d: unknown, autospace: boolean): Markup {
  if (!isDict(d)) throw new TemplateError('template-type', "'xmlattr' expects a dict");
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (v === null || v instanceof JUndefined) continue;
    if (/[\s/>=]/.test(k)) throw new TemplateError('template-runtime', `Invalid character in attribute name: ${pyRepr(k)}`);
    parts.push(`${escapeHtml(k)}="${escapeHtml(str(v))}"`);
  }
  const rv = parts.join(' ');
  return new Markup(autospace && rv ? ' ' + rv : rv);
}

export const STRING_FILTERS: Record<string, FilterFn> = {
  capitalize: (_c, v) => STR_METHODS.capitalize!(str(v), [], {}),
  center: (_c, v, a, kw) => STR_METHODS.center!(str(v), [arg(a, kw, 0, 'width', 80)], {}),
  escape: (_c, v) => escapeValue(v),
  e: (_c, v) => escapeValue(v),
  forceescape: (_c, v) => new Markup(escapeHtml(str(v))),
  format: (_c, v, a, kw) => {
    if (a.length && Object.keys(kw).length) throw new TemplateError('template-runtime', "can't handle positional and keyword arguments at the same time");
    // jinja2: soft_str(value) % (kwargs or args), args being the positional tuple.
    return percentFormat(str(v), Object.keys(kw).length ? kw : tupleOf(a));
  },
  indent: (_c, v, a, kw) => indent(strict(v, 'splitlines'), arg(a, kw, 0, 'width', 4), truthy(arg(a, kw, 1, 'first', false)), truthy(arg(a, kw, 2, 'blank', false))),
  lower: (_c, v) => str(v).toLowerCase(),
  upper: (_c, v) => str(v).toUpperCase(),
  title: (_c, v) => jinjaTitle(str(v)),
  replace: (_c, v, a, kw) => STR_METHODS.replace!(str(v), [str(a[0]), str(a[1]), arg(a, kw, 2, 'count', null)], {}),
  safe: (_c, v) => (v instanceof Markup ? v : new Markup(str(v))),
  string: (_c, v) => (v instanceof Markup ? v : str(v)),
  striptags: (_c, v) => striptags(str(v)),
  trim: (_c, v, a, kw) => STR_METHODS.strip!(str(v), [arg(a, kw, 0, 'chars', null)], {}),
  truncate: (_c, v, a, kw) => doTruncate(v, a, kw),
  wordcount: (_c, v) => (str(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  wordwrap: (_c, v, a, kw) => wordwrap(strict(v, 'splitlines'), widthOf(arg(a, kw, 0, 'width', 79)), truthy(arg(a, kw, 1, 'break_long_words', true)),
    (arg(a, kw, 2, 'wrapstring', null) as string | null) ?? '\n', truthy(arg(a, kw, 3, 'break_on_hyphens', true))),
  filesizeformat: (_c, v, a, kw) => filesizeformat(v, truthy(arg(a, kw, 0, 'binary', false))),
  pprint: (_c, v) => pyRepr(v),
  tojson: (_c, v, a, kw) => {
    const ind = arg(a, kw, 0, 'indent', null);
    const s = pyJsonDumps(v, { sortKeys: true, indent: ind as number | null });
    return new Markup(s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027'));
  },
  urlencode: (_c, v) => urlencode(v),
  urlize: (_c, v, a, kw) => {
    const tl = arg(a, kw, 0, 'trim_url_limit', null);
    return new Markup(urlize(str(v), isNumber(tl) ? num(tl) : null, truthy(arg(a, kw, 1, 'nofollow', false)),
      arg(a, kw, 2, 'target', null), arg(a, kw, 3, 'rel', null)));
  },
  xmlattr: (_c, v, a, kw) => xmlattr(v, truthy(arg(a, kw, 0, 'autospace', true))),
};

function tupleOf(a: unknown[]): PyTuple {
  return PyTuple.of_(a);
}

export { pyStr, PyFloat };
