/**
 * A `!vault` scalar as loaded: the ciphertext, decrypted when a variable holding it is read with
 * vault secrets available (the vault issue). Without secrets, reading it is an error, as in Ansible.
 */
export class VaultText {
  constructor(
    readonly ciphertext: string,
    readonly where: { file: string; line: number; column: number },
  ) {
    Object.freeze(this);
  }
  toJSON(): string {
    return '<vault>';
  }
}
export function isVaultText(v: unknown): v is VaultText {
  return v instanceof VaultText;
}
