/**
 * What the conformance corpus cannot show (its generator runs ansible without vault secrets, with
 * a fixed environment and plain variables): unvault with the run's secrets, the config lookup's
 * environment and its refusals, inventory_hostnames' warning, and `is vault_encrypted` reading a
 * scope's `!vault` value as written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateError, VaultLib, VaultText, ansibleRegistry, templateValue, vaultEncrypt, type Scope, type TemplateOptions } from '@pgplay/engine';

const secret = (password: string, id = 'default') => ({ id, password: Buffer.from(password), source: 'test' });

describe('template/ansible: unvault, config, inventory_hostnames and vault_encrypted beyond the corpus', () => {
  let dir: string;
  const opts = (extra: Partial<TemplateOptions> = {}): TemplateOptions => ({ registry: ansibleRegistry, cwd: dir, searchPath: [dir], ...extra });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-vault-lookups-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('unvault', () => {
    beforeEach(() => {
      writeFileSync(join(dir, 'token.vault'), vaultEncrypt('token-value-1\n\n', secret('pw1')));
    });

    it('decrypts with the run secrets, keeps the text unstripped and records it as a secret', () => {
      const vault = new VaultLib([secret('other', 'ops'), secret('pw1')]);
      assert.equal(templateValue("{{ lookup('unvault', 'token.vault') | to_json }}", {}, opts({ vaultLib: vault })), '"token-value-1\\n\\n"');
      assert.ok(vault.secretTexts().includes('token-value-1'));
    });

    it('without secrets names the file as get_real_file does; a wrong password is a vault error', () => {
      assert.throws(() => templateValue("{{ lookup('unvault', 'token.vault') }}", {}, opts()),
        (e: unknown) => e instanceof TemplateError && e.message.includes(`original message: A vault password or secret must be specified to decrypt ${join(dir, 'token.vault')}`));
      assert.throws(() => templateValue("{{ lookup('unvault', 'token.vault') }}", {}, opts({ vaultLib: new VaultLib([secret('nope')]) })),
        (e: unknown) => e instanceof TemplateError && /AnsibleVaultError'>, original message: Decryption failed \(no vault secrets were found that could decrypt\) on /.test(e.message));
    });

    it('warns as find_file_in_search_path does when the file is missing', () => {
      const warnings: string[] = [];
      assert.throws(() => templateValue("{{ lookup('unvault', 'nope.txt') }}", {}, opts({ warn: (m) => warnings.push(m) })), /Unable to find file matching "nope.txt" /);
      assert.deepEqual(warnings, ["Unable to find 'nope.txt' in expected paths (use -vvvvv to see paths)"]);
    });
  });

  describe('config', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    });
    const cfg = (t: string): unknown => templateValue(t, {}, opts());

    it('reads the environment variables pgplay honours, converted as ensure_type converts them', () => {
      process.env.ANSIBLE_TIMEOUT = '30';
      process.env.ANSIBLE_INJECT_FACT_VARS = 'no';
      process.env.ANSIBLE_GATHERING = 'explicit';
      process.env.ANSIBLE_VAULT_IDENTITY_LIST = 'dev@a.txt, prod@b.txt';
      assert.deepEqual(cfg("{{ query('config', 'DEFAULT_TIMEOUT', 'INJECT_FACTS_AS_VARS', 'DEFAULT_GATHERING', 'DEFAULT_VAULT_IDENTITY_LIST') }}"),
        [30, false, 'explicit', ['dev@a.txt', 'prod@b.txt']]);
    });

    it('refuses what it cannot report as pgplay applies it: an ignored variable that is set, other settings, plugin settings', () => {
      process.env.ANSIBLE_BECOME_USER = 'admin';
      const notYet = (t: string, what: RegExp) => assert.throws(() => cfg(t), (e: unknown) => e instanceof TemplateError && /is not supported by pgplay yet/.test(e.message) && what.test(e.message));
      notYet("{{ lookup('config', 'DEFAULT_BECOME_USER') }}", /ANSIBLE_BECOME_USER set/);
      notYet("{{ lookup('config', 'DEFAULT_FORKS') }}", /'DEFAULT_FORKS'/);
      notYet("{{ lookup('config', 'remote_user', plugin_type='connection', plugin_name='ssh') }}", /plugin_name='ssh'/);
      process.env.ANSIBLE_VAULT_IDENTITY = '';
      notYet("{{ lookup('config', 'DEFAULT_VAULT_IDENTITY') }}", /ANSIBLE_VAULT_IDENTITY set to the empty string/);
      process.env.ANSIBLE_TIMEOUT = 'soon';
      notYet("{{ lookup('config', 'DEFAULT_TIMEOUT') }}", /ANSIBLE_TIMEOUT="soon"/);
    });

    it('on_missing=warn warns once per missing setting and skips it', () => {
      const warnings: string[] = [];
      assert.deepEqual(templateValue("{{ query('config', 'NOPE', 'DEFAULT_BECOME_METHOD', on_missing='warn') }}", {}, opts({ warn: (m) => warnings.push(m) })), ['sudo']);
      assert.deepEqual(warnings, ['Skipping, did not find setting NOPE']);
    });
  });

  it('inventory_hostnames warns for a pattern that matches nothing, as get_hosts does', () => {
    const warnings: string[] = [];
    const groups = { all: ['a', 'b'], ungrouped: ['b'], web: ['a'] };
    assert.deepEqual(templateValue("{{ query('inventory_hostnames', 'web:nosuch') }}", { groups }, opts({ warn: (m) => warnings.push(m) })), ['a']);
    assert.deepEqual(warnings, ['Could not match supplied host pattern, ignoring: nosuch']);
  });

  it('vault_encrypted sees a !vault value through Scope.raw, not a copy of its plaintext', () => {
    const envelope = vaultEncrypt('plain-42', secret('pw1'));
    const v = new VaultText(envelope, { file: 'vars.yml', line: 1, column: 1 });
    const raw: Record<string, unknown> = { sec: v, deep: { list: [v, 'x'] }, plain: 'plain-42' };
    const scope: Scope = {
      has: (n) => n in raw,
      get: (n) => (n === 'sec' ? 'plain-42' : n === 'deep' ? { list: ['plain-42', 'x'] } : raw[n]),
      raw: (n) => raw[n],
    };
    const t = (s: string) => templateValue(s, scope, opts());
    assert.equal(t('{{ sec is vault_encrypted }} {{ deep.list[0] is vault_encrypted }} {{ deep["list"][-2] is vault_encrypted }}'), 'True True True');
    assert.equal(t('{{ plain is vault_encrypted }} {{ deep.list[1] is vault_encrypted }} {{ sec == "plain-42" }}'), 'False False True');
    // A template-local name shadows the variable: it holds the decrypted text, as `{% set %}` of a rendered value does.
    assert.equal(t('{% set sec = sec ~ "" %}{{ sec is vault_encrypted }}'), false);
  });
});
