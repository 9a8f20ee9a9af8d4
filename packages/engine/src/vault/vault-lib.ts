/**
 * VaultLib: the secrets of a run and the choice of which one decrypts a vault, as ansible-core
 * 2.16 chooses it (VaultLib.decrypt_and_get_vault_id): the candidates are the secrets labelled
 * like the vault's 1.2 header (a 1.1 vault has the default label) plus, unless
 * ANSIBLE_VAULT_ID_MATCH, every other secret; they are tried in the order the secrets were given.
 */
import { VaultError, decryptPayload, encryptPayload, formatEnvelope, isVaultEncrypted, parseEnvelope } from './vault-crypto.js';

export const DEFAULT_VAULT_IDENTITY = 'default';

/** One vault secret: its label (vault id) and the password bytes. */
export interface VaultSecret {
  readonly id: string;
  readonly password: Buffer;
  /** Where it came from, for -vvvv notes ("FileVaultSecret(filename='…')"); never the password. */
  readonly source: string;
}

export interface DecryptResult {
  plaintext: Buffer;
  vaultId: string;
}

export interface VaultLibOptions {
  /** ANSIBLE_VAULT_ID_MATCH: only the secrets whose label matches the vault's are tried. */
  idMatch?: boolean;
  /** ANSIBLE_VAULT_IDENTITY: the label of a 1.1 vault and of secrets given without one. */
  defaultIdentity?: string;
  /** -vvvv notes (Trying secret … for vault_id=…). */
  note?: (text: string) => void;
}

/** Secrets shorter than this are not masked: hiding every "a" or "1" would garble all output. */
export const MIN_MASKED_LENGTH = 3;

export class VaultLib {
  private readonly revealed = new Set<string>();
  private readonly decrypted = new Map<string, DecryptResult>();

  constructor(readonly secrets: readonly VaultSecret[] = [], private readonly options: VaultLibOptions = {}) {
    for (const s of secrets) this.reveal(s.password.toString('utf8'));
  }

  /** Records a decrypted value: output masks it from now on. */
  reveal(text: string): void {
    const t = text.trim();
    if (t.length >= MIN_MASKED_LENGTH) this.revealed.add(text).add(t);
  }

  /** Every value that must never reach output (passwords and decrypted values), longest first. */
  secretTexts(): string[] {
    return [...this.revealed].sort((a, b) => b.length - a.length);
  }

  decrypt(text: string, filename?: string): DecryptResult {
    // PBKDF2 costs ~10 ms per try; validation and the run decrypt the same values, once each.
    const hit = this.decrypted.get(text);
    if (hit) return { plaintext: Buffer.from(hit.plaintext), vaultId: hit.vaultId };
    const r = this.decryptUncached(text, filename);
    this.decrypted.set(text, { plaintext: Buffer.from(r.plaintext), vaultId: r.vaultId });
    return r;
  }

  private decryptUncached(text: string, filename?: string): DecryptResult {
    if (!isVaultEncrypted(text)) {
      throw new VaultError(`input is not vault encrypted data. ${filename ? `${filename} is not a vault encrypted file` : ''}`);
    }
    const env = parseEnvelope(text, filename);
    if (env.cipher !== 'AES256') throw new VaultError(`${env.cipher} cipher could not be found`);
    if (this.secrets.length === 0) throw new VaultError('Attempting to decrypt but no vault secrets found', 'secrets');
    const vaultId = env.vaultId ?? this.options.defaultIdentity ?? DEFAULT_VAULT_IDENTITY;
    const order = [vaultId];
    if (!this.options.idMatch) for (const s of this.secrets) if (s.id !== vaultId && !order.includes(s.id)) order.push(s.id);
    // match_secrets keeps the secrets' own order (filtered by the candidate labels), so a
    // labelled secret given after another one is not tried first: ansible-core 2.16 does the same.
    const candidates = this.secrets.filter((s) => order.includes(s.id));
    for (const s of candidates) {
      this.options.note?.(`Trying secret ${s.source} for vault_id=${s.id}`);
      try {
        return { plaintext: decryptPayload(env.body, s.password), vaultId: s.id };
      } catch (e) {
        if (e instanceof VaultError && e.kind === 'format') throw e;
        this.options.note?.(`Tried to use the vault secret (${s.id}) to decrypt (${filename ?? 'None'}) but it failed. Error: ${(e as Error).message}`);
      }
    }
    throw new VaultError(`Decryption failed (no vault secrets were found that could decrypt)${filename ? ` on ${filename}` : ''}`, 'password');
  }

  /**
   * The secret to encrypt with (match_encrypt_secret): the one labelled `encryptVaultId`, else
   * the first one.
   */
  encryptSecret(encryptVaultId?: string): VaultSecret {
    if (encryptVaultId) {
      const s = this.secrets.find((x) => x.id === encryptVaultId);
      if (!s) {
        const ids = `[${this.secrets.map((x) => `'${x.id}'`).join(', ')}]`;
        throw new VaultError(`Did not find a match for --encrypt-vault-id=${encryptVaultId} in the known vault-ids ${ids}`);
      }
      return s;
    }
    const s = this.secrets[0];
    if (!s) throw new VaultError('A vault password must be specified to encrypt data');
    return s;
  }
}

/** VaultLib.encrypt with a given secret: the whole envelope text, newline-terminated. */
export function vaultEncrypt(plaintext: Uint8Array | string, secret: VaultSecret, vaultId?: string, salt?: Uint8Array): string {
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  if (isVaultEncrypted(bytes)) throw new VaultError('input is already encrypted');
  return formatEnvelope(encryptPayload(bytes, secret.password, salt), vaultId);
}
