/** bool, ternary, mandatory, type_debug, quote, split, comment, to_uuid. */
import { createHash } from 'node:crypto';
import type { FilterFn } from '../../types.js';
import { isNumber, num, pyTypeName } from '../../../values/py.js';
import { arg, filterError, isUndefined, pyTruthy, toText, typeError } from '../util.js';
import { pyStrSplit } from './py-str.js';

/** Ansible's to_bool: only yes/on/1/true (any case) and the number 1 are true. */
export function toBool(a: unknown): boolean | null {
  if (a === null || a === undefined) return null;
  if (typeof a === 'boolean') return a;
  const v = typeof a === 'string' ? a.toLowerCase() : a;
  if (v === 'yes' || v === 'on' || v === '1' || v === 'true') return true;
  return isNumber(v) && num(v) === 1;
}

const ternary: FilterFn = (_ctx, value, args, kwargs) => {
  const t = arg(args, kwargs, 0, 'true_val', undefined);
  const f = arg(args, kwargs, 1, 'false_val', undefined);
  const n = arg<unknown>(args, kwargs, 2, 'none_val', null);
  if (args.length + Object.keys(kwargs).length < 2) throw typeError(`ternary() missing ${2 - args.length} required positional argument${args.length === 1 ? '' : 's'}: ${args.length === 1 ? "'false_val'" : "'true_val' and 'false_val'"}`);
  if (value === null && n !== null) return n;
  return pyTruthy(value) ? t : f;
};

const mandatory: FilterFn = (_ctx, value, args, kwargs) => {
  if (!isUndefined(value)) return value;
  const msg = arg<unknown>(args, kwargs, 0, 'msg', null);
  if (msg !== null) throw filterError(toText(msg));
  const name = value === undefined ? undefined : value.name;
  // Ansible's format string puts a space after the quoted name and another before "not".
  throw filterError(`Mandatory variable ${name !== undefined ? `'${String(name)}' ` : ''} not defined.`);
};

/** shlex.quote */
export function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return "'" + s.replace(/'/g, `'"'"'`) + "'";
}

const quote: FilterFn = (_ctx, value) => shlexQuote(value === null || value === undefined ? '' : toText(value));

const split: FilterFn = (_ctx, value, args, kwargs) => {
  if (typeof value !== 'string') throw typeError(`descriptor 'split' for 'str' objects doesn't apply to a '${pyTypeName(value)}' object`);
  const sep = arg<unknown>(args, kwargs, 0, 'sep', null);
  const maxsplit = arg<unknown>(args, kwargs, 1, 'maxsplit', -1);
  if (sep !== null && typeof sep !== 'string') throw typeError(`must be str or None, not ${pyTypeName(sep)}`);
  return pyStrSplit(value, sep, typeof maxsplit === 'number' ? maxsplit : -1);
};

/** A comment of more lines than this is a mistake or an attack; Python would try to build it. */
const MAX_REPEAT = 100_000;

const COMMENT_STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

const comment: FilterFn = (_ctx, value, args, kwargs) => {
  const style = toText(arg(args, kwargs, 0, 'style', 'plain'));
  const styleParams = Object.hasOwn(COMMENT_STYLES, style) ? COMMENT_STYLES[style]! : null;
  if (!styleParams) throw filterError(`'${style}'`);
  const kw: Record<string, unknown> = { ...kwargs };
  delete kw.style;
  const prepostfix = toText(kw.decoration ?? styleParams.decoration);
  for (const k of ['prefix_count', 'postfix_count']) {
    if (Object.hasOwn(kw, k) && Math.abs(Number(kw[k])) > MAX_REPEAT) throw filterError(`${k} too large (limit ${MAX_REPEAT})`);
  }
  const p: Record<string, unknown> = { newline: '\n', beginning: '', prefix: prepostfix.trimEnd(), prefix_count: 1, decoration: '', postfix: prepostfix.trimEnd(), postfix_count: 1, end: '', ...styleParams, ...kw };
  const s = (k: string): string => toText(p[k]);
  const text = toText(value);
  const nl = s('newline');
  const beginning = p.beginning ? s('beginning') + nl : '';
  let prefix = '';
  if (p.prefix) prefix = (s('prefix') !== nl ? s('prefix') + nl : nl).repeat(Math.max(0, Number(p.prefix_count)));
  const deco = s('decoration');
  const body = (deco + text.split(nl).join(nl + deco)).split(deco + nl).join(deco.trimEnd() + nl);
  const postfix = ['', ...Array.from({ length: Math.max(0, Number(p.postfix_count)) }, () => s('postfix'))].join(nl);
  const end = p.end ? nl + s('end') : '';
  return beginning + prefix + body + postfix + end;
};

const UUID_NAMESPACE_ANSIBLE = '361e6d51faec444a9079341386da8e2e';

/** uuid.uuid5(namespace, name) */
export function uuid5(namespaceHex: string, name: string): string {
  const h = createHash('sha1').update(Buffer.from(namespaceHex, 'hex')).update(Buffer.from(name, 'utf8')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const toUuid: FilterFn = (_ctx, value, args, kwargs) => {
  const ns = arg<unknown>(args, kwargs, 0, 'namespace', null);
  let hex = UUID_NAMESPACE_ANSIBLE;
  if (ns !== null) {
    const raw = toText(ns).replace(/^urn:/, '').replace(/^uuid:/, '').replace(/^\{|\}$/g, '').replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(raw)) throw filterError(`Invalid value '${toText(ns)}' for 'namespace': badly formed hexadecimal UUID string`);
    hex = raw.toLowerCase();
  }
  return uuid5(hex, toText(value));
};

export const textFilters: Record<string, FilterFn> = {
  bool: (_ctx, value) => toBool(value),
  ternary,
  mandatory,
  type_debug: (_ctx, value) => pyTypeName(value),
  quote,
  split,
  comment,
  to_uuid: toUuid,
};
