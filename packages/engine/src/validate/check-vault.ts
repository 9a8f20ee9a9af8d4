/**
 * Every `!vault` value written in the playbook is decrypted before any host is touched, so a
 * missing or wrong secret or a malformed envelope is reported with its file:line:col (ansible
 * finds these only when a task uses the value). Decrypted values join the secrets output masks.
 */
import type { Playbook } from '../load/model.js';
import type { Diagnostic } from './diagnostic.js';
import { isVaultText, type VaultText } from '../values/vault-text.js';
import { VaultError } from '../vault/vault-crypto.js';
import type { VaultLib } from '../vault/vault-lib.js';

function* vaultValues(v: unknown, seen: Set<object>): Generator<VaultText> {
  if (isVaultText(v)) {
    yield v;
    return;
  }
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  for (const x of Array.isArray(v) ? v : Object.values(v)) yield* vaultValues(x, seen);
}

export function checkVaultValues(pb: Playbook, vault: VaultLib): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const v of vaultValues(pb.plays, new Set())) {
    try {
      vault.reveal(vault.decrypt(v.ciphertext).plaintext.toString('utf8'));
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      out.push({
        code: 'vault', severity: 'error', ...v.where, message: `this !vault value cannot be decrypted: ${e.message}`,
        expected: e.kind === 'format' ? 'the ciphertext ansible-vault encrypt_string prints' : 'a vault secret (--vault-id, --vault-password-file, --ask-vault-pass) that decrypts it',
      });
    }
  }
  return out;
}
