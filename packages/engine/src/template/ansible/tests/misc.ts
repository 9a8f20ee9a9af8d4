/** version, subset/superset/contains, any/all, truthy/falsy, nan, vault_encrypted, uri/url/urn. */
import type { TestFn } from '../../types.js';
import { isDict, isFloat, isNumber, pyEquals, pyTypeName } from '../../../values/py.js';
import { iterate, hashKey } from '../filters/sets.js';
import { urlsplit } from '../filters/url.js';
import { arg, pyTruthy, toText, typeError } from '../util.js';
import { versionCompare } from './versions.js';
import { WrappedVault, isVaultText } from '../../../values/vault-text.js';

const BOOLEANS_TRUE = ['y', 'yes', 'on', '1', 'true', 't'];
const BOOLEANS_FALSE = ['n', 'no', 'off', '0', 'false', 'f'];

/** module_utils.parsing.convert_bool.boolean; null when not a boolean-like value (TypeError). */
function convertBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const n = v.toLowerCase().trim();
    return BOOLEANS_TRUE.includes(n) ? true : BOOLEANS_FALSE.includes(n) ? false : null;
  }
  if (isNumber(v)) return pyEquals(v, 1) ? true : pyEquals(v, 0) ? false : null;
  return null;
}

function truthy(v: unknown, convert: unknown): boolean {
  if (pyTruthy(convert)) {
    const b = convertBool(v);
    if (b !== null) return b;
  }
  return pyTruthy(v);
}

function hashable(items: unknown[]): string[] {
  return items.map((x) => {
    const k = hashKey(x);
    if (k === null) throw typeError(`unhashable type: '${Array.isArray(x) ? 'list' : 'dict'}'`);
    return k;
  });
}

const subset: TestFn = (_ctx, a, args) => {
  const b = new Set(hashable(iterate(args[0])));
  return hashable(iterate(a)).every((k) => b.has(k));
};
const superset: TestFn = (_ctx, a, args) => {
  const s = new Set(hashable(iterate(a)));
  return hashable(iterate(args[0])).every((k) => s.has(k));
};

/** Python `value in seq`: membership for lists and dict keys, substring for str. */
function contains(seq: unknown, value: unknown): boolean {
  if (typeof seq === 'string') {
    if (typeof value !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeof value}`);
    return seq.includes(value);
  }
  if (!Array.isArray(seq) && !isDict(seq)) throw typeError(`argument of type '${pyTypeName(seq)}' is not iterable`);
  return iterate(seq).some((x) => pyEquals(x, value));
}

const VAULT_HEADER = '$ANSIBLE_VAULT;';

function isUri(value: unknown, schemes: unknown): boolean {
  if (typeof value !== 'string') return false;
  const scheme = urlsplit(value).scheme;
  return !pyTruthy(schemes) || iterate(schemes).some((s) => pyEquals(s, scheme));
}

export const miscTests: Record<string, TestFn> = {
  version: (_ctx, v, args, kw) => versionCompare(toText(v), toText(arg(args, kw, 0, 'version', '')), toText(arg(args, kw, 1, 'operator', 'eq')), arg(args, kw, 2, 'strict', null), arg<string | null>(args, kw, 3, 'version_type', null)),
  subset,
  issubset: subset,
  superset,
  issuperset: superset,
  contains: (_ctx, seq, args) => contains(seq, args[0]),
  any: (_ctx, v) => iterate(v).some(pyTruthy),
  all: (_ctx, v) => iterate(v).every(pyTruthy),
  truthy: (_ctx, v, args, kw) => truthy(v, arg(args, kw, 0, 'convert_bool', false)),
  falsy: (_ctx, v, args, kw) => !truthy(v, arg(args, kw, 0, 'convert_bool', false)),
  nan: (_ctx, v) => isFloat(v) && Number.isNaN(v.value),
  isnan: (_ctx, v) => isFloat(v) && Number.isNaN(v.value),
  // `getattr(value, '__ENCRYPTED__', False) and value.is_encrypted()`: a `!vault` value as written
  // (compile-expr looks past decryption for it) is; a plain string never is; a wrap_object result
  // has no vault, so is_encrypted() gives None, which renders as nothing.
  vault_encrypted: (_ctx, v) => (v instanceof WrappedVault ? (null as unknown as boolean) : isVaultText(v) && v.ciphertext.startsWith(VAULT_HEADER)),
  uri: (_ctx, v, args, kw) => isUri(v, arg(args, kw, 0, 'schemes', null)),
  url: (_ctx, v, args, kw) => {
    if (!isUri(v, arg(args, kw, 0, 'schemes', null))) return false;
    const s = urlsplit(v as string);
    return Boolean(s.netloc) || s.scheme === 'file';
  },
  urn: (_ctx, v) => isUri(v, ['urn']),
};
miscTests.version_compare = miscTests.version!;
