/**
 * The one function that reads a data file (vars_files, group_vars/host_vars, include_vars,
 * `-e @file`, copy/template sources on the controller): its bytes, decrypted when the whole file
 * is a vault (DataLoader._get_file_contents / get_real_file). Every value of a decrypted file is a
 * secret: its strings are recorded with the VaultLib so output masks them.
 */
import { readFileSync } from 'node:fs';
import { isVaultEncrypted } from './vault-crypto.js';
import { VaultLib } from './vault-lib.js';
import { isDict } from '../values/py.js';

export interface DataFile {
  bytes: Buffer;
  /** The file was a vault (bytes are the plaintext). */
  vaulted: boolean;
}

/** Reads `path`, decrypting a vaulted file with `vault`'s secrets (an error naming the file without them). */
export function readDataFile(path: string, vault: VaultLib | undefined): DataFile {
  const raw = readFileSync(path);
  if (!isVaultEncrypted(raw.subarray(0, 64))) return { bytes: raw, vaulted: false };
  const { plaintext } = (vault ?? new VaultLib()).decrypt(raw.toString('utf8'), path);
  return { bytes: plaintext, vaulted: true };
}

/** readDataFile as UTF-8 text. */
export function readDataText(path: string, vault: VaultLib | undefined): { text: string; vaulted: boolean } {
  const f = readDataFile(path, vault);
  return { text: f.bytes.toString('utf8'), vaulted: f.vaulted };
}

/** Records every string inside a value from a vaulted file (or a decrypted `!vault` value) as a secret. */
export function revealSecrets(vault: VaultLib | undefined, value: unknown, depth = 0): void {
  if (!vault || depth > 64) return;
  if (typeof value === 'string') vault.reveal(value);
  else if (Array.isArray(value)) for (const v of value) revealSecrets(vault, v, depth + 1);
  else if (isDict(value)) for (const v of Object.values(value)) revealSecrets(vault, v, depth + 1);
}
