/** Ansible Vault: cipher, secrets and their sources (re-exported by the engine's index). */
export { VaultError, VAULT_HEADER, isVaultEncrypted, parseEnvelope, formatEnvelope, encryptPayload, decryptPayload } from './vault-crypto.js';
export type { Envelope } from './vault-crypto.js';
export { VaultLib, vaultEncrypt, DEFAULT_VAULT_IDENTITY, MIN_MASKED_LENGTH } from './vault-lib.js';
export { readDataFile, readDataText, revealSecrets } from './read-data-file.js';
export type { DataFile } from './read-data-file.js';
export type { VaultSecret, DecryptResult, VaultLibOptions } from './vault-lib.js';
export { loadVaultSecrets, splitVaultId } from './secret-sources.js';
export type { VaultSourceOptions } from './secret-sources.js';
