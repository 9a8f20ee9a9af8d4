/**
 * `!vault` values decrypted when a task uses them (AnsibleVaultEncryptedUnicode is lazy too), and
 * the masking that keeps every decrypted value and vault password out of events, errors and text.
 */
import type { VaultText } from '../values/vault-text.js';
import { VaultLib } from '../vault/vault-lib.js';
import { VaultError } from '../vault/vault-crypto.js';
import { TemplateError } from '../template/errors.js';
import { errorContext } from './error-context.js';
import { isDict, PyTuple } from '../values/py.js';

export const SECRET_MASK = '********';

/**
 * The decrypting function templating calls for a `!vault` value. A failure keeps ansible's
 * message and adds where the vaulted value is written (ansible adds it only for format errors).
 */
export function vaultReader(vault: VaultLib): (v: VaultText) => string {
  const cache = new WeakMap<VaultText, string>();
  return (v) => {
    const hit = cache.get(v);
    if (hit !== undefined) return hit;
    let text: string;
    try {
      text = vault.decrypt(v.ciphertext).plaintext.toString('utf8');
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      throw new TemplateError('vault', `${e.message}${errorContext({ file: v.where.file, line: v.where.line, column: v.where.column })}`, v.where);
    }
    vault.reveal(text);
    cache.set(v, text);
    return text;
  };
}

/** `text` with every secret replaced by ********. */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(SECRET_MASK);
  return out;
}

/** A copy of `value` with every secret masked in its strings (keys included); other values as they are. */
export function maskValue<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (secrets.length === 0 || depth > 100) return value;
  if (typeof value === 'string') return maskText(value, secrets) as T;
  if (Array.isArray(value)) {
    const items = value.map((v) => maskValue(v, secrets, depth + 1));
    if (items.every((v, i) => v === value[i])) return value;
    return (value instanceof PyTuple ? PyTuple.of_(items) : items) as T;
  }
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    let changed = false;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const mk = maskText(k, secrets);
      const mv = maskValue(v, secrets, depth + 1);
      if (mk !== k || mv !== v) changed = true;
      out[mk] = mv;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
