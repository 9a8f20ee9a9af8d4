/**
 * lookup('unvault'): a controller file's contents, decrypted with the run's vault secrets when it
 * is a vault (plugins/lookup/unvault.py via DataLoader.get_real_file). Unlike `file`, nothing is
 * stripped. The decrypted text is recorded as a secret so output masks it.
 */
import type { LookupFn } from '../../types.js';
import { readFileSync, statSync } from 'node:fs';
import { isVaultEncrypted, VAULT_HEADER } from '../../../vault/vault-crypto.js';
import { revealSecrets } from '../../../vault/read-data-file.js';
import { toText } from '../util.js';
import { findFileOrWarn } from './search.js';
import { decodeBytes } from '../filters/codecs.js';

/** Errors that are not AnsibleLookupError reach the user through Templar._lookup's wrapper. */
class AnsibleParserError extends Error {
  override name = "<class 'ansible.errors.AnsibleParserError'>";
}
class AnsibleFileNotFound extends Error {
  override name = "<class 'ansible.errors.AnsibleFileNotFound'>";
}
class AnsibleVaultError extends Error {
  override name = "<class 'ansible.errors.AnsibleVaultError'>";
}

export const unvaultLookup: LookupFn = (ctx, terms) => {
  const vault = ctx.options.vaultLib;
  return terms.map((t) => {
    const term = toText(t);
    const path = findFileOrWarn(ctx, 'files', term);
    if (!path) throw new AnsibleParserError(`Unable to find file matching "${term}" `);
    if (!statSync(path).isFile()) {
      throw new AnsibleFileNotFound(`Could not find or access '${path}' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`);
    }
    const raw = readFileSync(path);
    if (!isVaultEncrypted(raw.subarray(0, VAULT_HEADER.length))) return decodeBytes(raw);
    if (!vault || vault.secrets.length === 0) throw new AnsibleParserError(`A vault password or secret must be specified to decrypt ${path}`);
    let text: string;
    try {
      text = decodeBytes(vault.decrypt(raw.toString('utf8'), path).plaintext);
    } catch (e) {
      throw new AnsibleVaultError((e as Error).message);
    }
    revealSecrets(vault, text);
    return text;
  });
};
