/**
 * Ansible Vault's AES256 cipher and envelope, byte for byte as ansible-core 2.16
 * (parsing/vault/__init__.py, VaultAES256): PBKDF2-HMAC-SHA256 with 10000 iterations derives
 * 80 bytes from the password and a 32-byte salt (cipher key, HMAC key, CTR counter block);
 * the PKCS#7-padded plaintext is encrypted with AES-256-CTR and signed with HMAC-SHA256.
 * The payload `hex(salt)\nhex(hmac)\nhex(ciphertext)` is hexlified once more and cut into
 * 80-column lines under the `$ANSIBLE_VAULT;1.1;AES256` (or `;1.2;AES256;label`) header.
 * Node's crypto does all of it, so no dependency is needed.
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const VAULT_HEADER = '$ANSIBLE_VAULT';
const KEY_LENGTH = 32;
const IV_LENGTH = 16;
const ITERATIONS = 10000;

/** A vault problem, worded as ansible-core words it (AnsibleVaultError / AnsibleVaultFormatError). */
export class VaultError extends Error {
  constructor(message: string, readonly kind: 'format' | 'password' | 'hmac' | 'secrets' | 'other' = 'other') {
    super(message);
    this.name = 'VaultError';
  }
}

/** is_encrypted: the text (ASCII only) starts with the vault header. */
export function isVaultEncrypted(data: string | Uint8Array): boolean {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  for (const b of buf) if (b > 0x7f) return false;
  return buf.subarray(0, VAULT_HEADER.length).toString('latin1') === VAULT_HEADER;
}

export interface Envelope {
  /** The hexlified payload, newlines removed. */
  body: string;
  version: string;
  cipher: string;
  /** The label of a 1.2 header, else undefined (the caller's default identity applies). */
  vaultId?: string;
}

/** parse_vaulttext_envelope. */
export function parseEnvelope(text: string, filename?: string): Envelope {
  try {
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    const header = lines[0]!.trim().split(';');
    if (header.length < 3) throw new Error('list index out of range');
    return {
      body: lines.slice(1).join(''),
      version: header[1]!.trim(),
      cipher: header[2]!.trim(),
      ...(header.length >= 4 ? { vaultId: header[3]!.trim() } : {}),
    };
  } catch (e) {
    throw new VaultError(`Vault envelope format error${filename ? ` in ${filename}` : ''}: ${(e as Error).message}`, 'format');
  }
}

/** format_vaulttext_envelope: a label other than "default" makes it format 1.2. */
export function formatEnvelope(body: string, vaultId?: string): string {
  const version = vaultId && vaultId !== 'default' ? '1.2' : '1.1';
  const header = [VAULT_HEADER, version, 'AES256', ...(version === '1.2' ? [vaultId!] : [])].join(';');
  const lines = [header];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  return lines.join('\n') + '\n';
}

function deriveKeys(password: Uint8Array, salt: Uint8Array): { key1: Buffer; key2: Buffer; iv: Buffer } {
  const d = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH, 'sha256');
  return { key1: d.subarray(0, KEY_LENGTH), key2: d.subarray(KEY_LENGTH, 2 * KEY_LENGTH), iv: d.subarray(2 * KEY_LENGTH) };
}

function pkcs7Pad(b: Uint8Array): Buffer {
  const n = 16 - (b.length % 16);
  return Buffer.concat([b, Buffer.alloc(n, n)]);
}

function pkcs7Unpad(b: Buffer): Buffer {
  const n = b.length ? b[b.length - 1]! : 0;
  // cryptography's unpadder checks every pad byte; a bad pad after a good HMAC means a corrupt vault.
  if (n < 1 || n > 16 || n > b.length || !b.subarray(b.length - n).every((x) => x === n)) throw new VaultError('Invalid padding bytes.', 'format');
  return b.subarray(0, b.length - n);
}

/** Python's binascii.unhexlify, with its error wording. */
function unhexlify(hex: string): Buffer {
  if (hex.length % 2 !== 0) throw new VaultError('Vault format unhexlify error: Odd-length string', 'format');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new VaultError('Vault format unhexlify error: Non-hexadecimal digit found', 'format');
  return Buffer.from(hex, 'hex');
}

/** VaultAES256.encrypt: the hexlified payload (no envelope). */
export function encryptPayload(plaintext: Uint8Array, password: Uint8Array, salt: Uint8Array = randomBytes(32)): string {
  if (salt.length === 0) throw new VaultError('Empty or invalid salt passed to encrypt()');
  const { key1, key2, iv } = deriveKeys(password, salt);
  const c = createCipheriv('aes-256-ctr', key1, iv);
  const ciphertext = Buffer.concat([c.update(pkcs7Pad(plaintext)), c.final()]);
  const hmac = createHmac('sha256', key2).update(ciphertext).digest('hex');
  const inner = [Buffer.from(salt).toString('hex'), hmac, ciphertext.toString('hex')].join('\n');
  return Buffer.from(inner, 'latin1').toString('hex');
}

/** VaultAES256.decrypt: the plaintext, or a VaultError ('hmac' when the password is wrong). */
export function decryptPayload(body: string, password: Uint8Array): Buffer {
  const inner = unhexlify(body).toString('latin1');
  const parts = inner.split('\n');
  if (parts.length < 3) throw new VaultError(`Vault vaulttext format error: not enough values to unpack (expected 3, got ${parts.length})`, 'format');
  const [saltHex, hmacHex] = parts as [string, string];
  const ciphertextHex = parts.slice(2).join('\n');
  const salt = unhexlify(saltHex);
  const ciphertext = unhexlify(ciphertextHex);
  const { key1, key2, iv } = deriveKeys(password, salt);
  const expected = createHmac('sha256', key2).update(ciphertext).digest();
  const given = unhexlify(hmacHex);
  // Constant time, as VaultAES256._is_equal / cryptography's HMAC.verify: no early exit on the first differing byte.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VaultError('HMAC verification failed: Signature did not match digest.', 'hmac');
  const d = createDecipheriv('aes-256-ctr', key1, iv);
  return pkcs7Unpad(Buffer.concat([d.update(ciphertext), d.final()]));
}
