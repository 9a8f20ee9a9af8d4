/**
 * Where vault secrets come from, as ansible-core 2.16's CLI.setup_vault_secrets gathers them:
 * ANSIBLE_VAULT_IDENTITY_LIST first, then each `--vault-id [label@]source`, then each
 * `--vault-password-file` (and ANSIBLE_VAULT_PASSWORD_FILE) as `default@file`, then
 * `--ask-vault-pass` as a prompt. A source is `prompt`, a file whose stripped content is the
 * password (itself possibly vault-encrypted with an earlier secret), an executable whose stdout
 * is the password, or a `*-client` executable that is asked `--vault-id LABEL`. A source that
 * fails warns; it is an error only when no source at all gave a secret.
 */
import { readFileSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve, extname, basename } from 'node:path';
import { homedir } from 'node:os';
import { VaultError, isVaultEncrypted } from './vault-crypto.js';
import { VaultLib, DEFAULT_VAULT_IDENTITY, type VaultSecret } from './vault-lib.js';

export interface VaultSourceOptions {
  /** `--vault-id` values, in order. */
  vaultIds?: readonly string[];
  /** `--vault-password-file` values, in order. */
  passwordFiles?: readonly string[];
  askVaultPass?: boolean;
  /** Environment for ANSIBLE_VAULT_* settings (default: none; the CLI passes process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Reads a password without echo. Absent when there is no terminal: a prompt source is then an
   * error instead of a read from a pipe.
   */
  prompt?: (text: string) => Promise<string>;
  /** ansible-vault encrypt/create/rekey ask twice ("New vault password", "Confirm …"). */
  createNewPassword?: boolean;
  /** ansible-vault adds a prompt when nothing else is given; ansible-playbook does not. */
  autoPrompt?: boolean;
  warn?: (text: string) => void;
  /** -vvvv/-vvvvv notes. */
  note?: (text: string) => void;
}

/** CLI.split_vault_id: "label@source" or just "source". */
export function splitVaultId(slug: string): [string | undefined, string] {
  const at = slug.indexOf('@');
  return at < 0 ? [undefined, slug] : [slug.slice(0, at), slug.slice(at + 1)];
}

function pyBytesRepr(b: Buffer): string {
  let s = '';
  for (const c of b) {
    if (c === 0x5c) s += '\\\\';
    else if (c === 0x27) s += "\\'";
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `b'${s}'`;
}

/** Python's bytes.strip(): ASCII whitespace at both ends. */
function stripBytes(b: Buffer, chars = ' \t\n\r\x0b\x0c'): Buffer {
  let i = 0;
  let j = b.length;
  while (i < j && chars.includes(String.fromCharCode(b[i]!))) i++;
  while (j > i && chars.includes(String.fromCharCode(b[j - 1]!))) j--;
  return b.subarray(i, j);
}

function unfrack(p: string): string {
  return resolve(p.startsWith('~') ? homedir() + p.slice(1) : p);
}

function isExecutable(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Reads one file or script source (get_file_vault_secret + load). */
function fileSecret(source: string, label: string | undefined, known: VaultSecret[], o: VaultSourceOptions): VaultSecret {
  const path = unfrack(source);
  if (!existsSync(path)) throw new VaultError(`The vault password file ${path} was not found`);
  const id = label ?? o.env?.ANSIBLE_VAULT_IDENTITY ?? DEFAULT_VAULT_IDENTITY;
  if (isExecutable(path)) {
    const client = basename(source, extname(source)).endsWith('-client');
    if (client) o.note?.(`The vault password file ${path} is a client script.`);
    const args = client && label ? ['--vault-id', label] : [];
    if (client) o.note?.(`Executing vault password client script: ${path} --vault-id ${label ?? 'None'}`);
    // A plain script's stderr goes to the terminal (it may prompt there); a client's is captured.
    const r = spawnSync(path, args, { stdio: ['inherit', 'pipe', client ? 'pipe' : 'inherit'], maxBuffer: 1 << 20 });
    if (r.error) {
      throw new VaultError(`Problem running vault password ${client ? 'client ' : ''}script ${path} (${r.error.message}). If this is not a script, remove the executable bit from the file.`);
    }
    const stderr = r.stderr ? pyBytesRepr(r.stderr) : 'None';
    if (client && r.status === 2) throw new VaultError(`Vault password client script ${path} did not find a secret for vault-id=${label ?? 'None'}: ${stderr}`);
    if (r.status !== 0) {
      throw new VaultError(client
        ? `Vault password client script ${path} returned non-zero (${r.status}) when getting secret for vault-id=${label ?? 'None'}: ${stderr}`
        : `Vault password script ${path} returned non-zero (${r.status}): ${stderr}`);
    }
    const pass = stripBytes(r.stdout, '\r\n');
    if (pass.length === 0) throw new VaultError(`Invalid vault password was provided from script (${path})`);
    const kind = client ? `ClientScriptVaultSecret(filename='${path}', vault_id='${label ?? 'None'}')` : `ScriptVaultSecret(filename='${path}')`;
    return { id, password: Buffer.from(pass), source: kind };
  }
  let data: Buffer;
  try {
    data = stripBytes(readFileSync(path));
  } catch (e) {
    throw new VaultError(`Could not read vault password file ${path}: ${(e as Error).message}`);
  }
  // A password file may itself be vaulted with a secret given before it (_decrypt_if_vault_data).
  if (isVaultEncrypted(data)) data = new VaultLib(known).decrypt(data.toString('utf8'), path).plaintext;
  const pass = stripBytes(data, '\r\n');
  if (pass.length === 0) throw new VaultError(`Invalid vault password was provided from file (${path})`);
  return { id, password: Buffer.from(pass), source: `FileVaultSecret(filename='${path}')` };
}

async function promptSecret(kind: 'prompt' | 'prompt_ask_vault_pass', id: string, o: VaultSourceOptions): Promise<VaultSecret> {
  const formats = o.createNewPassword
    ? kind === 'prompt' ? [`New vault password (${id}): `, `Confirm new vault password (${id}): `] : ['New Vault password: ', 'Confirm New Vault password: ']
    : kind === 'prompt' ? [`Vault password (${id}): `] : ['Vault password: '];
  if (!o.prompt) {
    throw new VaultError(`cannot prompt for the vault password (${id}): standard input is not a terminal; use --vault-password-file or --vault-id LABEL@FILE instead`);
  }
  const answers: Buffer[] = [];
  for (const f of formats) {
    const answer = await o.prompt(f);
    if (!answer) throw new VaultError('Invalid vault password was provided');
    answers.push(stripBytes(Buffer.from(answer, 'utf8')));
  }
  if (answers.some((a) => !a.equals(answers[0]!))) throw new VaultError('Passwords do not match');
  return { id, password: answers[0]!, source: 'PromptVaultSecret()' };
}

function envList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

/** The vault secrets of a run or an ansible-vault command, in the order they are tried. */
export async function loadVaultSecrets(o: VaultSourceOptions): Promise<VaultSecret[]> {
  const env = o.env ?? {};
  const defaultId = env.ANSIBLE_VAULT_IDENTITY || DEFAULT_VAULT_IDENTITY;
  const slugs = [...envList(env.ANSIBLE_VAULT_IDENTITY_LIST), ...(o.vaultIds ?? [])];
  const files = [...(o.passwordFiles ?? [])];
  if (env.ANSIBLE_VAULT_PASSWORD_FILE) files.push(env.ANSIBLE_VAULT_PASSWORD_FILE);
  for (const f of files) slugs.push(`${defaultId}@${f}`);
  const ask = o.askVaultPass || ['1', 'true', 'yes', 'on'].includes((env.ANSIBLE_ASK_VAULT_PASS ?? '').toLowerCase());
  if (ask || (slugs.length === 0 && o.autoPrompt)) slugs.push(`${defaultId}@prompt_ask_vault_pass`);
  const secrets: VaultSecret[] = [];
  let last: Error | undefined;
  for (const slug of slugs) {
    const [label, source] = splitVaultId(slug);
    if (source === 'prompt' || source === 'prompt_ask_vault_pass') {
      try {
        secrets.push(await promptSecret(source, label || defaultId, { ...o, env }));
      } catch (e) {
        o.warn?.(`Error in vault password prompt (${label ?? 'None'}): ${(e as Error).message}`);
        throw e;
      }
      continue;
    }
    try {
      secrets.push(fileSecret(source, label, secrets, { ...o, env }));
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      o.warn?.(`Error ${/was not found/.test(e.message) ? 'getting vault password file' : 'in vault password file loading'} (${label ?? 'None'}): ${e.message}`);
      last = e;
    }
  }
  if (last && secrets.length === 0) throw last;
  return secrets;
}
