/**
 * The vault options every command shares (ansible's add_vault_options) and the secrets they
 * name, loaded with the process environment (ANSIBLE_VAULT_PASSWORD_FILE,
 * ANSIBLE_VAULT_IDENTITY_LIST, ANSIBLE_VAULT_IDENTITY, ANSIBLE_ASK_VAULT_PASS) and the terminal.
 */
import { loadVaultSecrets, VaultLib, type VaultSecret } from '@pgplay/engine';
import type { Io } from './io.js';

export interface VaultOptions {
  vaultIds: string[];
  vaultPasswordFiles: string[];
  askVaultPass: boolean;
}

/** parseArgs option specs: --vault-id, --vault-password-file/--vault-pass-file, -J/--ask-vault-pass(word). */
export const VAULT_OPTION_SPECS = {
  'vault-id': { type: 'string', multiple: true },
  'vault-password-file': { type: 'string', multiple: true },
  'vault-pass-file': { type: 'string', multiple: true },
  'ask-vault-pass': { type: 'boolean', short: 'J' },
  'ask-vault-password': { type: 'boolean' },
} as const;

export function vaultOptionsOf(v: Record<string, unknown>): VaultOptions {
  const list = (k: string) => (v[k] as string[] | undefined) ?? [];
  return {
    vaultIds: list('vault-id'),
    vaultPasswordFiles: [...list('vault-password-file'), ...list('vault-pass-file')],
    askVaultPass: v['ask-vault-pass'] === true || v['ask-vault-password'] === true,
  };
}

export interface SecretsFor {
  createNewPassword?: boolean;
  autoPrompt?: boolean;
  verbosity?: number;
  /** Defaults to process.env; rekey's new secrets are read without its ANSIBLE_VAULT_* sources. */
  env?: Readonly<Record<string, string | undefined>>;
}

export function vaultWarn(io: Io): (text: string) => void {
  return (text) => io.err(`[WARNING]: ${text}\n`);
}

export async function cliVaultSecrets(io: Io, o: VaultOptions, how: SecretsFor = {}): Promise<VaultSecret[]> {
  const prompt = io.prompt;
  return loadVaultSecrets({
    vaultIds: o.vaultIds, passwordFiles: o.vaultPasswordFiles, askVaultPass: o.askVaultPass, env: how.env ?? process.env,
    ...(prompt ? { prompt: (t: string) => prompt(t, true) } : {}),
    ...(how.createNewPassword ? { createNewPassword: true } : {}),
    ...(how.autoPrompt ? { autoPrompt: true } : {}),
    warn: vaultWarn(io),
    ...((how.verbosity ?? 0) >= 4 ? { note: (t: string) => io.out(`${t}\n`) } : {}),
  });
}

/** ANSIBLE_VAULT_ID_MATCH and ANSIBLE_VAULT_IDENTITY for VaultLib. */
export function vaultLibFor(secrets: VaultSecret[], io: Io, verbosity = 0): VaultLib {
  const env = process.env;
  return new VaultLib(secrets, {
    idMatch: ['1', 'true', 'yes', 'on'].includes((env.ANSIBLE_VAULT_ID_MATCH ?? '').toLowerCase()),
    ...(env.ANSIBLE_VAULT_IDENTITY ? { defaultIdentity: env.ANSIBLE_VAULT_IDENTITY } : {}),
    ...(verbosity >= 4 ? { note: (t: string) => io.out(`${t}\n`) } : {}),
  });
}
