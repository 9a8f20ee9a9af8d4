/**
 * Reading files on the controller for copy/template/assemble. The one place that will decrypt
 * vaulted files once the engine exposes the vault (another branch adds a decrypting read to the
 * controller services); until then a vaulted file is refused, never copied encrypted.
 */
import { readFileSync } from 'node:fs';
import { ModuleFailure } from '@pgplay/engine/module-api';

const VAULT_HEADER = '$ANSIBLE_VAULT;';

export function readControllerFile(path: string, decrypt = true): Buffer {
  const data = readFileSync(path);
  if (decrypt && data.subarray(0, VAULT_HEADER.length).toString() === VAULT_HEADER) {
    throw new ModuleFailure(`${path} is vault-encrypted; pgplay cannot decrypt files yet (set decrypt: false to copy it as it is)`);
  }
  return data;
}
