/**
 * Where vault secrets come from, pgplay run beside ansible-playbook on the same playbook:
 * --vault-id label@file|script|client, --vault-password-file, ANSIBLE_VAULT_PASSWORD_FILE,
 * ANSIBLE_VAULT_IDENTITY_LIST, a vaulted password file, sources that fail (a warning while
 * another source works, an error when none does), and which secrets are tried.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vaultEncrypt, type VaultSecret } from '@pgplay/engine';
import { ROOT } from '../jinja2/support.js';

const BIN = join(ROOT, '.venv', 'bin');
const PGPLAY = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const s = (id: string, pw: string): VaultSecret => ({ id, password: Buffer.from(pw), source: 'test' });
const block = (text: string, indent: string) => `!vault |\n${text.trimEnd().split('\n').map((l) => `${indent}${l}`).join('\n')}`;

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Exit codes: [ansible, pgplay] when they differ on purpose (README deliberate differences). */
  exits?: [number, number];
}

describe('conformance: vault secret sources, pgplay run against ansible-playbook', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-vault-src-'));
    writeFileSync(join(dir, 'ansible.cfg'), '');
    writeFileSync(join(dir, 'hosts.ini'), 'h1 ansible_connection=local\n');
    writeFileSync(join(dir, 'f-dev'), 'pw-dev\n');
    writeFileSync(join(dir, 'f-prod'), 'pw-prod\n');
    writeFileSync(join(dir, 'empty'), '\n');
    writeFileSync(join(dir, 'f-prod-vaulted'), vaultEncrypt('pw-prod\n', s('dev', 'pw-dev'), 'dev'));
    writeFileSync(join(dir, 'prod-script'), '#!/bin/sh\necho pw-prod\n', { mode: 0o755 });
    writeFileSync(join(dir, 'ids-client'), '#!/bin/sh\ncase "$2" in dev) echo pw-dev;; prod) echo pw-prod;; *) echo "no such id: $2" >&2; exit 2;; esac\n', { mode: 0o755 });
    writeFileSync(join(dir, 'pb.yml'), [
      '- hosts: all', '  gather_facts: false', '  vars:',
      `    dev_secret: ${block(vaultEncrypt('D-value', s('dev', 'pw-dev'), 'dev'), '      ')}`,
      `    prod_secret: ${block(vaultEncrypt('P-value', s('prod', 'pw-prod'), 'prod'), '      ')}`,
      '  tasks:', '    - assert: {that: [dev_secret == "D-value", prod_secret == "P-value"], quiet: true}', '',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Case[] = [
    { name: 'two labelled --vault-id files', args: ['--vault-id', 'dev@f-dev', '--vault-id', 'prod@f-prod'] },
    { name: 'ANSIBLE_VAULT_IDENTITY_LIST', args: [], env: { ANSIBLE_VAULT_IDENTITY_LIST: 'dev@f-dev,prod@f-prod' } },
    { name: 'ANSIBLE_VAULT_PASSWORD_FILE with a --vault-id', args: ['--vault-id', 'prod@f-prod'], env: { ANSIBLE_VAULT_PASSWORD_FILE: 'f-dev' } },
    { name: '--vault-password-file and a password script', args: ['--vault-password-file', 'f-dev', '--vault-id', 'prod@prod-script'] },
    { name: 'a -client script asked for each label', args: ['--vault-id', 'dev@ids-client', '--vault-id', 'prod@ids-client'] },
    { name: 'a password file vaulted with an earlier secret', args: ['--vault-id', 'dev@f-dev', '--vault-id', 'prod@f-prod-vaulted'] },
    { name: 'labels swapped: every secret is tried', args: ['--vault-id', 'prod@f-dev', '--vault-id', 'dev@f-prod'] },
    { name: 'unlabelled --vault-id sources', args: ['--vault-id', 'f-prod', '--vault-id', 'f-dev'] },
    { name: 'a missing file next to working ones warns only', args: ['--vault-id', 'dev@missing', '--vault-id', 'dev@f-dev', '--vault-id', 'prod@f-prod'] },
    { name: 'only a missing file', args: ['--vault-password-file', 'missing'] },
    { name: 'an empty password file', args: ['--vault-password-file', 'empty'] },
    { name: 'a -client script that has no such label', args: ['--vault-id', 'qa@ids-client'] },
    { name: 'ANSIBLE_VAULT_ID_MATCH with swapped labels', args: ['--vault-id', 'prod@f-dev', '--vault-id', 'dev@f-prod'], env: { ANSIBLE_VAULT_ID_MATCH: '1' }, exits: [2, 4] },
    { name: 'a wrong password', args: ['--vault-id', 'dev@f-dev', '--vault-id', 'prod@f-dev'], exits: [2, 4] },
    { name: '--ask-vault-pass with no terminal (and nothing on stdin)', args: ['--ask-vault-pass'] },
  ];

  const run = (tool: 'ansible' | 'pgplay', c: Case) => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C.UTF-8', ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_PYTHON_INTERPRETER: join(BIN, 'python'), ...c.env };
    const [cmd, argv] = tool === 'ansible' ? [join(BIN, 'ansible-playbook'), [...c.args, '-i', 'hosts.ini', 'pb.yml']] : [process.execPath, [PGPLAY, 'run', 'pb.yml', '-i', 'hosts.ini', ...c.args]];
    const r = spawnSync(cmd, argv, { cwd: dir, env, input: '' });
    const errors = r.stderr.toString().split('\n').filter((l) => l.startsWith('ERROR!')).map((l) => l.split(dir).join('<DIR>'));
    return { code: r.status, errors, out: r.stdout.toString() + r.stderr.toString() };
  };

  for (const c of cases) {
    it(c.name, () => {
      const a = run('ansible', c);
      const p = run('pgplay', c);
      const [wantA, wantP] = c.exits ?? [a.code, a.code];
      assert.equal(a.code, wantA, `ansible-playbook exited ${a.code}, the case expects ${wantA}:\n${a.out}`);
      assert.equal(p.code, wantP, `pgplay exited ${p.code}, ansible ${a.code}:\n${p.out}`);
      if (a.code === 1 && !c.args.includes('--ask-vault-pass')) assert.deepEqual(p.errors, a.errors);
      for (const pw of ['pw-dev', 'pw-prod', 'D-value', 'P-value']) assert.ok(!p.out.includes(pw), `pgplay printed ${pw}`);
    });
  }
});
