/**
 * `pgplay vault encrypt|decrypt|view|rekey|encrypt_string|create|edit`: ansible-vault 2.16's
 * commands, options, messages and exit codes (1 for a vault error, 5 for a bad option), with
 * files interchangeable with ansible-vault's. Files are rewritten atomically (a temporary file
 * in the same directory renamed over the original); like ansible-vault, encrypt and decrypt
 * leave the file mode 0600, rekey and edit keep the previous mode.
 */
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, renameSync, statSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, realpathSync, unlinkSync } from 'node:fs';
import { dirname, join, basename, extname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { VaultError, VaultLib, vaultEncrypt, parseEnvelope, shlexSplit, type VaultSecret } from '@pgplay/engine';
import type { Io } from '../io.js';
import { VAULT_OPTION_SPECS, vaultOptionsOf, cliVaultSecrets, vaultLibFor, vaultWarn } from '../vault-secrets.js';

const ACTIONS = ['create', 'decrypt', 'edit', 'view', 'encrypt', 'encrypt_string', 'rekey'] as const;
type Action = (typeof ACTIONS)[number];

export const VAULT_USAGE = `usage: pgplay vault {create,decrypt,edit,view,encrypt,encrypt_string,rekey} [FILE...]
                    [--vault-id [LABEL@]SOURCE]... [--vault-password-file FILE]... [-J|--ask-vault-pass]
                    [--encrypt-vault-id LABEL] [--output FILE|-] [-n NAME]... [--stdin-name NAME]
                    [--new-vault-id ID | --new-vault-password-file FILE] [--skip-tty-check] [-v...]
`;

/** An ansible AnsibleOptionsError: exit 5. */
class OptionsError extends Error {}

interface Ctx {
  io: Io;
  args: string[];
  output?: string;
  vault: VaultLib;
  encrypt?: VaultSecret;
  encryptId?: string;
  newSecret?: VaultSecret;
  newId?: string;
  v: Record<string, unknown>;
}

async function readData(ctx: Ctx, file: string): Promise<Buffer> {
  try {
    if (file === '-') {
      if (!ctx.io.readStdin) throw new Error('standard input is not available');
      return await ctx.io.readStdin();
    }
    return readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const msg = err.code === 'ENOENT' ? `[Errno 2] No such file or directory: '${file}'` : err.message;
    throw new VaultError(`Unable to read source file (${file}): ${msg}`);
  }
}

/** write_data: stdout for `-`, else a new file (mode 0600 unless `mode`), atomically. */
function writeData(ctx: Ctx, data: Buffer | string, file: string, mode = 0o600): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (file === '-') {
    if (ctx.io.outBytes) ctx.io.outBytes(bytes);
    else ctx.io.out(bytes.toString('utf8'));
    return;
  }
  const dir = dirname(resolve(file));
  const tmp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, bytes, { mode, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, file);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EACCES') throw new VaultError(`Destination '${dir}' not writable`);
    throw new VaultError(`Unable to write to temporary vault file: ${err.message}`);
  }
}

const realPath = (f: string) => (f === '-' ? f : existsSync(f) ? realpathSync(f) : resolve(f));

function decryptOr(ctx: Ctx, data: Buffer, file: string, filename?: string) {
  try {
    return ctx.vault.decrypt(data.toString('utf8'), filename);
  } catch (e) {
    if (e instanceof VaultError) throw new VaultError(`${e.message} for ${file}`);
    throw e;
  }
}

async function encrypt(ctx: Ctx): Promise<void> {
  if (ctx.args.length === 0 && ctx.io.prompt) ctx.io.err('Reading plaintext input from stdin\n');
  for (const f of ctx.args.length ? ctx.args : ['-']) {
    const file = realPath(f);
    const data = await readData(ctx, file);
    writeData(ctx, vaultEncrypt(data, ctx.encrypt!, ctx.encryptId), ctx.output ?? file);
  }
  if (ctx.io.isTTY) ctx.io.err('Encryption successful\n');
}

async function decrypt(ctx: Ctx): Promise<void> {
  if (ctx.args.length === 0 && ctx.io.prompt) ctx.io.err('Reading ciphertext input from stdin\n');
  for (const f of ctx.args.length ? ctx.args : ['-']) {
    const file = realPath(f);
    const data = await readData(ctx, file);
    writeData(ctx, decryptOr(ctx, data, file, file).plaintext, ctx.output ?? file);
  }
  if (ctx.io.isTTY) ctx.io.err('Decryption successful\n');
}

async function view(ctx: Ctx): Promise<void> {
  for (const f of ctx.args) {
    const data = await readData(ctx, f);
    const text = decryptOr(ctx, data, f, f).plaintext.toString('utf8');
    // The pager is not run without a terminal; ansible then prints through its display (adds a newline).
    ctx.io.out(text.endsWith('\n') ? text : `${text}\n`);
  }
}

async function rekey(ctx: Ctx): Promise<void> {
  for (const f of ctx.args) {
    const file = realPath(f);
    const prev = statSync(file);
    const data = await readData(ctx, file);
    const { plaintext } = decryptOr(ctx, data, file);
    writeData(ctx, vaultEncrypt(plaintext, ctx.newSecret!, ctx.newId), file, prev.mode & 0o7777);
  }
  ctx.io.err('Rekey successful\n');
}

function formatYaml(ciphertext: string, name?: string): string {
  return [`${name ? `${name}: ` : ''}!vault |`, ...ciphertext.split('\n').filter((l) => l !== '').map((l) => `          ${l}`)].join('\n');
}

async function encryptString(ctx: Ctx, readStdin: boolean): Promise<void> {
  const items: [Buffer, string, string | undefined][] = [];
  const v = ctx.v;
  if (v.prompt) {
    if (!ctx.io.prompt) throw new OptionsError('cannot prompt for the string to encrypt: standard input is not a terminal');
    const name = await ctx.io.prompt('Variable name (enter for no name): ', false);
    const text = await ctx.io.prompt(v['show-input'] ? 'String to encrypt:' : 'String to encrypt (hidden): ', !v['show-input']);
    if (text === '') throw new OptionsError('The plaintext provided from the prompt was empty, not encrypting');
    items.push([Buffer.from(text), 'the interactive prompt', name || undefined]);
  }
  if (readStdin) {
    const data = await readData(ctx, '-');
    if (data.length === 0) throw new OptionsError('stdin was empty, not encrypting');
    items.push([data, 'stdin', v['stdin-name'] as string | undefined]);
  }
  const args = ctx.args.filter((a) => a !== '-');
  const names = (v.name as string[] | undefined) ?? [];
  if (names.length && args.length > names.length) {
    ctx.io.err('The number of --name options do not match the number of args.\n');
    ctx.io.err(`The last named variable will be "${names[names.length - 1]}". The rest will not have names.\n`);
  }
  args.forEach((a, i) => {
    if (a === '') throw new OptionsError('The plaintext provided from the command line args was empty, not encrypting');
    items.push([Buffer.from(a), 'the command line args', names[i]]);
  });
  const outs = items.map(([plain, src, name], i) => {
    if (items.length > 1) {
      ctx.io.err(name
        ? `# The encrypted version of variable ("${name}", the string #${i + 1} from ${src}).\n`
        : `# The encrypted version of the string #${i + 1} from ${src}.)\n`);
    }
    return formatYaml(vaultEncrypt(plain, ctx.encrypt!, ctx.encryptId), name);
  });
  writeData(ctx, [...outs, ''].join('\n'), ctx.output ?? '-');
  if (ctx.io.isTTY) ctx.io.err('Encryption successful\n');
}

/** Opens $EDITOR (ansible's EDITOR setting: $EDITOR, else vi) on a private plaintext copy, re-encrypts if changed. */
function editWith(ctx: Ctx, target: string, secret: VaultSecret, vaultId: string | undefined, existing?: Buffer, forceSave = false): void {
  const editor = shlexSplit(process.env.EDITOR || 'vi', false);
  const work = mkdtempSync(join(tmpdir(), 'pgplay-vault-edit-'));
  const tmp = join(work, `plain${extname(target)}`);
  try {
    writeFileSync(tmp, existing ?? Buffer.alloc(0), { mode: 0o600 });
    const r = spawnSync(editor[0]!, [...editor.slice(1), tmp], { stdio: 'inherit' });
    if (r.error) throw new VaultError(`Unable to execute the command "${[...editor, tmp].join(' ')}": ${r.error.message}`);
    const edited = readFileSync(tmp);
    if (forceSave || !existing || !existing.equals(edited)) {
      const mode = existsSync(target) ? statSync(target).mode & 0o7777 : 0o600;
      writeData(ctx, vaultEncrypt(edited, secret, vaultId), target, mode);
    }
  } finally {
    // The plaintext copy is overwritten before it is removed (ansible shreds it).
    if (existsSync(tmp)) writeFileSync(tmp, randomBytes(statSync(tmp).size));
    rmSync(work, { recursive: true, force: true });
  }
}

function create(ctx: Ctx): void {
  if (ctx.args.length !== 1) throw new OptionsError('ansible-vault create can take only one filename argument');
  if (!ctx.io.prompt && !ctx.v['skip-tty-check']) throw new OptionsError('not a tty, editor cannot be opened');
  const file = ctx.args[0]!;
  const dir = dirname(file);
  if (dir && !existsSync(dir)) {
    vaultWarn(ctx.io)(`${dir} does not exist, creating...`);
    mkdirSync(dir, { recursive: true });
  }
  if (existsSync(file)) throw new VaultError(`${file} exists, please use 'edit' instead`);
  editWith(ctx, file, ctx.encrypt!, ctx.encryptId);
}

async function edit(ctx: Ctx): Promise<void> {
  for (const f of ctx.args) {
    const file = realPath(f);
    const data = await readData(ctx, file);
    const { plaintext, vaultId } = decryptOr(ctx, data, file);
    const env = parseEnvelope(data.toString('utf8'), file);
    const secret = ctx.vault.secrets.find((s) => s.id === vaultId)!;
    editWith(ctx, file, secret, env.vaultId, plaintext, env.cipher !== 'AES256');
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv, allowPositionals: true,
    options: {
      ...VAULT_OPTION_SPECS,
      verbose: { type: 'boolean', short: 'v', multiple: true },
      output: { type: 'string' },
      'encrypt-vault-id': { type: 'string' },
      name: { type: 'string', short: 'n', multiple: true },
      'stdin-name': { type: 'string' },
      prompt: { type: 'boolean', short: 'p' },
      'show-input': { type: 'boolean' },
      'new-vault-password-file': { type: 'string' },
      'new-vault-id': { type: 'string' },
      'skip-tty-check': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function vaultCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h' || !ACTIONS.includes(action as Action)) {
    (action === '--help' || action === '-h' ? io.out : io.err)(VAULT_USAGE);
    if (action !== undefined && action !== '--help' && action !== '-h') io.err(`pgplay vault: error: argument action: invalid choice: '${action}'\n`);
    return action === '--help' || action === '-h' ? 0 : 5;
  }
  try {
    return await run(action as Action, rest, io);
  } catch (e) {
    if (e instanceof OptionsError) {
      io.err(`ERROR! ${e.message}\n`);
      return 5;
    }
    if (e instanceof VaultError) {
      io.err(`ERROR! ${e.message}\n`);
      return 1;
    }
    if ((e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err(`${VAULT_USAGE}pgplay vault: error: ${(e as Error).message}\n`);
      return 5;
    }
    throw e;
  }
}

async function run(action: Action, argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv);
  if (v.help) {
    io.out(VAULT_USAGE);
    return 0;
  }
  const opts = vaultOptionsOf(v);
  const verbosity = v.verbose?.length ?? 0;
  for (const id of opts.vaultIds) if (id.includes(';')) throw new OptionsError(`'${id}' is not a valid vault id. The character ';' is not allowed in vault ids`);
  if (v.output !== undefined && positionals.length > 1) throw new OptionsError('At most one input file may be used with the --output option');
  const readStdin = action === 'encrypt_string' && (positionals.includes('-') || positionals.length === 0 || v['stdin-name'] !== undefined);
  if (action === 'encrypt_string' && v.prompt && readStdin) throw new OptionsError('The --prompt option is not supported if also reading input from stdin');
  const output = v.output === undefined || v.output === '-' ? v.output : resolve(v.output);
  const ctx: Ctx = { io, args: positionals, ...(output !== undefined ? { output } : {}), vault: new VaultLib([]), v };

  if (['decrypt', 'view', 'rekey', 'edit'].includes(action)) {
    const secrets = await cliVaultSecrets(io, opts, { autoPrompt: true, verbosity });
    if (secrets.length === 0) throw new OptionsError("A vault password is required to use Ansible's Vault");
    ctx.vault = vaultLibFor(secrets, io, verbosity);
  }
  if (['encrypt', 'encrypt_string', 'create'].includes(action)) {
    const encryptVaultId = (v['encrypt-vault-id'] as string | undefined) || process.env.ANSIBLE_VAULT_ENCRYPT_IDENTITY || undefined;
    const secrets = await cliVaultSecrets(io, opts, { autoPrompt: true, createNewPassword: true, verbosity });
    if (secrets.length > 1 && !encryptVaultId) {
      throw new OptionsError(`The vault-ids ${secrets.map((s) => s.id).join(',')} are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id`);
    }
    if (secrets.length === 0) throw new OptionsError("A vault password is required to use Ansible's Vault");
    ctx.vault = vaultLibFor(secrets, io, verbosity);
    ctx.encrypt = ctx.vault.encryptSecret(encryptVaultId);
    ctx.encryptId = ctx.encrypt.id;
  }
  if (action === 'rekey') {
    const encryptVaultId = (v['encrypt-vault-id'] as string | undefined) || process.env.ANSIBLE_VAULT_ENCRYPT_IDENTITY || undefined;
    if (v['new-vault-id'] !== undefined && v['new-vault-password-file'] !== undefined) {
      throw new OptionsError('argument --new-vault-id: not allowed with argument --new-vault-password-file');
    }
    const newIds = [...(encryptVaultId ? (process.env.ANSIBLE_VAULT_IDENTITY_LIST ?? '').split(',').map((x) => x.trim()).filter(Boolean) : [])];
    if (v['new-vault-id']) newIds.push(v['new-vault-id'] as string);
    const newFiles = v['new-vault-password-file'] ? [v['new-vault-password-file'] as string] : [];
    // The new secrets come only from the --new-* options (and the prompt), never from the environment's old ones.
    const env = { ...process.env, ANSIBLE_VAULT_IDENTITY_LIST: undefined, ANSIBLE_VAULT_PASSWORD_FILE: undefined };
    const fresh = await cliVaultSecrets(io, { vaultIds: newIds, vaultPasswordFiles: newFiles, askVaultPass: opts.askVaultPass }, { autoPrompt: true, createNewPassword: true, verbosity, env });
    if (fresh.length === 0) throw new OptionsError("A new vault password is required to use Ansible's Vault rekey");
    ctx.newSecret = new VaultLib(fresh).encryptSecret(encryptVaultId);
    ctx.newId = ctx.newSecret.id;
  }
  switch (action) {
    case 'encrypt': await encrypt(ctx); break;
    case 'decrypt': await decrypt(ctx); break;
    case 'view': await view(ctx); break;
    case 'rekey': await rekey(ctx); break;
    case 'encrypt_string': await encryptString(ctx, readStdin); break;
    case 'create': create(ctx); break;
    case 'edit': await edit(ctx); break;
  }
  return 0;
}
