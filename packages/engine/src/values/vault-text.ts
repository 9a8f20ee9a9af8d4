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

/**
 * What `vault(wrap_object=true)` returns: ansible's AnsibleVaultEncryptedUnicode built from the
 * envelope alone (no VaultLib attached), so it behaves as its ciphertext text: it prints as the
 * envelope, never equals anything (its __eq__ is False without a vault), and `is vault_encrypted`
 * gives None (is_encrypted() returns the missing vault).
 */
export class WrappedVault {
  readonly pyTypeName = 'AnsibleVaultEncryptedUnicode';
  constructor(readonly ciphertext: string) {
    Object.freeze(this);
  }
  pyStr(): string {
    return this.ciphertext;
  }
  toString(): string {
    return this.ciphertext;
  }
}
