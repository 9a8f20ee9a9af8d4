/**
 * `vault` and `unvault` (plugins/filter/encryption.py): encrypt a string into a vault envelope
 * (label `filter_default` unless vault_id says otherwise, so format 1.2) and decrypt one with a
 * given password. A value that is not vault text passes through unvault unchanged.
 */
import type { FilterFn } from '../../types.js';
import { arg, filterError, pyTruthy, typeError } from '../util.js';
import { pyTypeName, pyStr } from '../../../values/py.js';
import { WrappedVault, isVaultText } from '../../../values/vault-text.js';
import { VaultLib, vaultEncrypt } from '../../../vault/vault-lib.js';
import { isVaultEncrypted } from '../../../vault/vault-crypto.js';
import { JUndefined } from '../../runtime-values.js';

const isText = (v: unknown) => typeof v === 'string';
const bytesOf = (v: unknown): Buffer => {
  if (v instanceof JUndefined) v.fail();
  return Buffer.from(pyStr(v), 'utf8');
};

const vaultFilter: FilterFn = (_ctx, value, args, kwargs) => {
  const secret = arg<unknown>(args, kwargs, 0, 'secret', undefined);
  if (!isText(secret) && !(secret instanceof JUndefined)) throw typeError(`Secret passed is required to be a string, instead we got: <class '${pyTypeName(secret)}'>`);
  if (!isText(value) && !(value instanceof JUndefined)) throw typeError(`Can only vault strings, instead we got: <class '${pyTypeName(value)}'>`);
  const salt = arg<unknown>(args, kwargs, 1, 'salt', null);
  const vaultId = arg<unknown>(args, kwargs, 2, 'vault_id', 'filter_default');
  const wrap = arg<unknown>(args, kwargs, 3, 'wrap_object', false);
  const id = vaultId === null || vaultId === '' ? undefined : pyStr(vaultId);
  // An undefined value fails with its own error (ansible re-raises UndefinedError), so bytes first.
  const [plain, password, saltBytes] = [bytesOf(value), bytesOf(secret), salt === null ? undefined : bytesOf(salt)];
  try {
    const text = vaultEncrypt(plain, { id: id ?? 'default', password, source: 'VaultSecret()' }, id, saltBytes);
    // `if wrap_object:` in encryption.py: any truthy value wraps.
    return pyTruthy(wrap) ? new WrappedVault(text) : text;
  } catch (e) {
    const m = (e as Error).message;
    throw filterError(`Unable to encrypt: ${m}. ${m}`);
  }
};

const unvaultFilter: FilterFn = (_ctx, value, args, kwargs) => {
  const secret = arg<unknown>(args, kwargs, 0, 'secret', undefined);
  if (!isText(secret) && !(secret instanceof JUndefined)) throw typeError(`Secret passed is required to be as string, instead we got: <class '${pyTypeName(secret)}'>`);
  if (value instanceof WrappedVault) value = value.ciphertext;
  if (!isText(value) && !isVaultText(value) && !(value instanceof JUndefined)) throw typeError(`Vault should be in the form of a string, instead we got: <class '${pyTypeName(value)}'>`);
  const vaultId = pyStr(arg<unknown>(args, kwargs, 1, 'vault_id', 'filter_default'));
  const lib = new VaultLib([{ id: vaultId, password: bytesOf(secret), source: 'VaultSecret()' }]);
  if (value instanceof JUndefined) value.fail();
  const text = isVaultText(value) ? value.ciphertext : (value as string);
  if (!isVaultEncrypted(text)) return text;
  try {
    return lib.decrypt(text).plaintext.toString('utf8');
  } catch (e) {
    const m = (e as Error).message;
    throw filterError(`Unable to decrypt: ${m}. ${m}`);
  }
};

export const vaultFilters: Record<string, FilterFn> = { vault: vaultFilter, unvault: unvaultFilter };
