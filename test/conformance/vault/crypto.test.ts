/**
 * Vault files interoperate with the pinned ansible-vault in both directions: formats 1.1 and
 * 1.2, several vault ids, binary and empty plaintexts, and the same envelope bytes for the same
 * salt (ANSIBLE_VAULT_ENCRYPT_SALT).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VaultLib, vaultEncrypt, VaultError, parseEnvelope, type VaultSecret } from '@pgplay/engine';
import { ROOT } from '../jinja2/support.js';

const VAULT = join(ROOT, '.venv', 'bin', 'ansible-vault');
const secret = (id: string, pw: string): VaultSecret => ({ id, password: Buffer.from(pw), source: 'test' });

describe('conformance: vault files against ansible-vault', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(VAULT), `${VAULT} is missing: run scripts/test.sh once to make .venv`);
    dir = mkdtempSync(join(tmpdir(), 'pgplay-vault-'));
    writeFileSync(join(dir, 'pw-a'), 'correct horse\n');
    writeFileSync(join(dir, 'pw-b'), 'battery staple');
    writeFileSync(join(dir, 'ansible.cfg'), '');
    env.ANSIBLE_CONFIG = join(dir, 'ansible.cfg');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  // ANSIBLE_CONFIG points at an empty file made in before(): no user or machine settings apply.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', LANG: 'C.UTF-8' };
  const av = (args: string[], input?: string | Buffer, extra: Record<string, string> = {}) =>
    execFileSync(VAULT, args, { cwd: dir, env: { ...env, ...extra }, input: input ?? '', maxBuffer: 1 << 24 });

  const plaintexts: [string, Buffer][] = [
    ['yaml text', Buffer.from('db_password: s3cr3t\nlist: [1, 2]\n')],
    ['utf-8', Buffer.from('pässwörd ✓ 🗝\n')],
    ['binary', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256))],
    ['exactly one block', Buffer.from('0123456789abcdef')],
    ['one byte', Buffer.from('x')],
  ];

  for (const [what, plain] of plaintexts) {
    for (const label of [undefined, 'dev', 'prod']) {
      const fmt = label ? `1.2 (${label})` : '1.1';
      it(`ansible-vault ${fmt} → pgplay decrypts ${what}`, () => {
        const f = join(dir, `in-${label ?? 'none'}`);
        writeFileSync(f, plain);
        av(['encrypt', '--vault-id', `${label ? `${label}@` : ''}pw-a`, f]);
        const text = readFileSync(f, 'utf8');
        assert.match(text, label ? new RegExp(`^\\$ANSIBLE_VAULT;1\\.2;AES256;${label}\\n`) : /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
        const lib = new VaultLib([secret('other', 'wrong'), secret(label ?? 'default', 'correct horse')]);
        const r = lib.decrypt(text, f);
        assert.deepEqual(r.plaintext, plain);
        assert.equal(r.vaultId, label ?? 'default');
      });
      it(`pgplay ${fmt} → ansible-vault decrypts ${what}`, () => {
        const f = join(dir, `out-${label ?? 'none'}`);
        const text = vaultEncrypt(plain, secret(label ?? 'default', 'battery staple'), label);
        writeFileSync(f, text);
        for (const line of text.split('\n').slice(1)) assert.ok(line.length <= 80);
        assert.deepEqual(av(['decrypt', '--vault-id', `${label ? `${label}@` : ''}pw-b`, '--output', '-', f]), plain);
        // view prints text through the display, which ends it with a newline.
        if (what !== 'binary') assert.equal(av(['view', '--vault-password-file', 'pw-b', f]).toString(), plain.toString().replace(/\n?$/, '\n'));
      });
    }
  }

  it('writes the same bytes as ansible-vault for the same salt', () => {
    const salt = 'fixed-salt-for-the-test';
    for (const label of [undefined, 'dev']) {
      const theirs = av(['encrypt_string', '--vault-id', `${label ? `${label}@` : ''}pw-b`, '--output', '-', 'top secret'], undefined, { ANSIBLE_VAULT_ENCRYPT_SALT: salt }).toString('utf8');
      const ours = vaultEncrypt('top secret', secret(label ?? 'default', 'battery staple'), label, Buffer.from(salt));
      const body = theirs.replace(/^!vault \|\n/, '').split('\n').map((l) => l.trim()).filter(Boolean).join('\n') + '\n';
      assert.equal(ours, body);
    }
  });

  it('decrypts ansible-vault files made with several vault ids, trying each secret', () => {
    const made = ['dev', 'prod', 'test'].map((id, i) => {
      writeFileSync(join(dir, `pw-${id}`), `password-${i}`);
      return [id, av(['encrypt_string', '--vault-id', `${id}@pw-${id}`, '--output', '-', `value-${id}`]).toString('utf8')] as const;
    });
    const lib = new VaultLib(['dev', 'prod', 'test'].map((id, i) => secret(id, `password-${i}`)));
    for (const [id, out] of made) {
      const text = out.replace(/^!vault \|\n/, '').split('\n').map((l) => l.trim()).join('\n');
      const r = lib.decrypt(text);
      assert.equal(r.plaintext.toString(), `value-${id}`);
      assert.equal(r.vaultId, id);
    }
    // A label that no secret has: every secret is still tried (ANSIBLE_VAULT_ID_MATCH is off).
    const relabelled = made[1]![1].replace(/^!vault \|\n/, '').replace(';prod', ';nobody').split('\n').map((l) => l.trim()).join('\n');
    assert.equal(lib.decrypt(relabelled).plaintext.toString(), 'value-prod');
    assert.throws(() => new VaultLib(lib.secrets, { idMatch: true }).decrypt(relabelled), /Decryption failed/);
  });

  it('refuses a wrong password with ansible-vault\'s wording, naming the file', () => {
    const text = vaultEncrypt('x', secret('default', 'right'));
    assert.throws(() => new VaultLib([secret('default', 'wrong')]).decrypt(text, '/tmp/f.yml'),
      (e: unknown) => e instanceof VaultError && e.message === 'Decryption failed (no vault secrets were found that could decrypt) on /tmp/f.yml');
    assert.throws(() => new VaultLib([]).decrypt(text), /^VaultError: Attempting to decrypt but no vault secrets found$/);
    const r = spawnSync(VAULT, ['view', '--vault-password-file', 'pw-a', '-'], { cwd: dir, env, input: text });
    assert.match(r.stderr.toString(), /Decryption failed \(no vault secrets were found that could decrypt\)/);
  });

  it('reports a malformed envelope as ansible does', () => {
    const lib = new VaultLib([secret('default', 'pw')]);
    assert.throws(() => lib.decrypt('$ANSIBLE_VAULT;1.1;AES256\n3030\n'), /^VaultError: Vault vaulttext format error: not enough values to unpack \(expected 3, got 1\)$/);
    assert.throws(() => lib.decrypt('$ANSIBLE_VAULT;1.1;AES256\nzz\n'), /Vault format unhexlify error: Non-hexadecimal digit found/);
    assert.throws(() => lib.decrypt('$ANSIBLE_VAULT;1.1;AES999\n3030\n'), /AES999 cipher could not be found/);
    assert.throws(() => lib.decrypt('$ANSIBLE_VAULT\n3030\n'), /Vault envelope format error/);
    assert.equal(parseEnvelope('$ANSIBLE_VAULT;1.2;AES256;dev\nab\ncd\n').body, 'abcd');
  });
});
