/**
 * `pgplay vault` beside `ansible-vault` (the pinned one in .venv): each command's files are
 * read by the other tool, messages and exit codes agree, file modes after a rewrite agree, and
 * encrypt_string output works in a playbook run by ansible-playbook.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, statSync, chmodSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../jinja2/support.js';

const BIN = join(ROOT, '.venv', 'bin');
const PGPLAY = join(ROOT, 'packages', 'cli', 'dist', 'main.js');

describe('conformance: pgplay vault against ansible-vault', function () {
  this.timeout(180_000);
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-vault-cli-'));
    writeFileSync(join(dir, 'ansible.cfg'), '');
    writeFileSync(join(dir, 'pw1'), 'first password\n');
    writeFileSync(join(dir, 'pw2'), 'second password\n');
    writeFileSync(join(dir, 'pw-script'), '#!/bin/sh\necho "first password"\n', { mode: 0o755 });
    writeFileSync(join(dir, 'ids-client.sh'), '#!/bin/sh\n[ "$1" = --vault-id ] || exit 3\ncase "$2" in dev) echo "first password";; prod) echo "second password";; *) echo "no $2" >&2; exit 2;; esac\n', { mode: 0o755 });
    env = { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C.UTF-8', ANSIBLE_CONFIG: join(dir, 'ansible.cfg') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (tool: 'pgplay' | 'ansible', args: string[], input = '', extra: Record<string, string> = {}) => {
    const [cmd, pre] = tool === 'pgplay' ? [process.execPath, [PGPLAY, 'vault']] : [join(BIN, 'ansible-vault'), []];
    const r = spawnSync(cmd, [...pre, ...args], { cwd: dir, env: { ...env, ...extra }, input, maxBuffer: 1 << 24 });
    return { code: r.status, out: r.stdout.toString(), err: r.stderr.toString() };
  };
  const ok = (r: { code: number | null; err: string }) => assert.equal(r.code, 0, r.err);
  const other = (t: 'pgplay' | 'ansible') => (t === 'pgplay' ? 'ansible' : 'pgplay');

  for (const tool of ['pgplay', 'ansible'] as const) {
    it(`${tool} encrypts a file in place (1.1), the other decrypts it; both leave mode 0600`, () => {
      const f = `enc-${tool}.yml`;
      writeFileSync(join(dir, f), 'a: 1\nb: [x, y]\n');
      chmodSync(join(dir, f), 0o644);
      ok(run(tool, ['encrypt', '--vault-password-file', 'pw1', f]));
      assert.match(readFileSync(join(dir, f), 'utf8'), /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
      assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600);
      const r = run(other(tool), ['decrypt', '--vault-password-file', 'pw1', '--output', '-', f]);
      ok(r);
      assert.equal(r.out, 'a: 1\nb: [x, y]\n');
    });

    it(`${tool} encrypts stdin with a labelled vault id (1.2) to --output, the other views it`, () => {
      const f = `stdin-${tool}.yml`;
      ok(run(tool, ['encrypt', '--vault-id', 'dev@pw1', '--output', f, '-'], 'from stdin\n'));
      assert.match(readFileSync(join(dir, f), 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/);
      const r = run(other(tool), ['view', '--vault-id', 'dev@pw1', f]);
      ok(r);
      assert.equal(r.out, 'from stdin\n');
    });

    it(`${tool} picks --encrypt-vault-id among several ids, and refuses without it`, () => {
      const f = `multi-${tool}.yml`;
      writeFileSync(join(dir, f), 'z: 26\n');
      const refused = run(tool, ['encrypt', '--vault-id', 'dev@pw1', '--vault-id', 'prod@pw2', f]);
      assert.equal(refused.code, 5);
      assert.match(refused.err, /ERROR! The vault-ids dev,prod are available to encrypt\. Specify the vault-id to encrypt with --encrypt-vault-id/);
      ok(run(tool, ['encrypt', '--vault-id', 'dev@pw1', '--vault-id', 'prod@pw2', '--encrypt-vault-id', 'prod', f]));
      assert.match(readFileSync(join(dir, f), 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
      const r = run(other(tool), ['decrypt', '--vault-id', 'dev@pw1', '--vault-id', 'prod@pw2', '--output', '-', f]);
      assert.equal(r.out, 'z: 26\n');
    });

    it(`${tool} rekeys keeping the file mode; the other reads it with the new secret only`, () => {
      const f = `rekey-${tool}.yml`;
      writeFileSync(join(dir, f), 'secret: rekeyed\n');
      ok(run(tool, ['encrypt', '--vault-password-file', 'pw1', f]));
      chmodSync(join(dir, f), 0o640);
      const r = run(tool, ['rekey', '--vault-password-file', 'pw1', '--new-vault-id', 'prod@pw2', f]);
      ok(r);
      assert.match(r.err, /Rekey successful/);
      assert.equal(statSync(join(dir, f)).mode & 0o777, 0o640);
      assert.match(readFileSync(join(dir, f), 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
      assert.notEqual(run(other(tool), ['view', '--vault-password-file', 'pw1', f]).code, 0);
      assert.equal(run(other(tool), ['view', '--vault-password-file', 'pw2', f]).out, 'secret: rekeyed\n');
    });

    it(`${tool} takes passwords from scripts and -client scripts`, () => {
      const f = `script-${tool}.yml`;
      ok(run(tool, ['encrypt', '--vault-id', 'prod@ids-client.sh', '--output', f, '-'], 'via client\n'));
      assert.equal(run(other(tool), ['view', '--vault-password-file', 'pw2', f]).out, 'via client\n');
      ok(run(tool, ['encrypt', '--vault-password-file', 'pw-script', '--output', `s2-${f}`, '-'], 'via script\n'));
      assert.equal(run(other(tool), ['view', '--vault-password-file', 'pw1', `s2-${f}`]).out, 'via script\n');
      const missing = run(tool, ['view', '--vault-id', 'qa@ids-client.sh', f]);
      assert.equal(missing.code, 1);
      assert.match(missing.err, /ERROR! Vault password client script \S+ids-client\.sh did not find a secret for vault-id=qa: b'no qa\\n'/);
    });
  }

  it('encrypt_string output (with --name, several strings, stdin) is what ansible-vault writes and works in ansible-playbook', () => {
    const p = run('pgplay', ['encrypt_string', '--vault-id', 'dev@pw1', '-n', 'token', '-n', 'other', 'tok-1', 'tok-2']);
    const a = run('ansible', ['encrypt_string', '--vault-id', 'dev@pw1', '-n', 'token', '-n', 'other', 'tok-1', 'tok-2']);
    ok(p);
    assert.equal(p.err, a.err);
    const shape = (s: string) => s.replace(/^ {10}[0-9a-f]+$/gm, '          HEX');
    assert.equal(shape(p.out), shape(a.out));
    const stdin = run('pgplay', ['encrypt_string', '--vault-id', 'dev@pw1', '--stdin-name', 'piped'], 'from a pipe');
    ok(stdin);
    writeFileSync(join(dir, 'pb.yml'), `- hosts: localhost\n  gather_facts: false\n  vars:\n${(p.out + stdin.out).replace(/^/gm, '    ')}\n  tasks:\n    - assert:\n        that: [token == 'tok-1', other == 'tok-2', piped == 'from a pipe']\n`);
    const r = spawnSync(join(BIN, 'ansible-playbook'), ['-i', 'localhost,', '-c', 'local', '--vault-id', 'dev@pw1', 'pb.yml'], { cwd: dir, env: { ...env, ANSIBLE_PYTHON_INTERPRETER: join(BIN, 'python') } });
    assert.equal(r.status, 0, r.stdout.toString() + r.stderr.toString());
  });

  it('gives ansible-vault\'s errors and exit codes', () => {
    const cases: string[][] = [
      ['view', '--vault-password-file', 'pw2', 'enc-ansible.yml'],
      ['view', '--vault-password-file', 'pw1', 'ansible.cfg'],
      ['decrypt', '--vault-password-file', 'pw1', 'does-not-exist.yml'],
      ['view', '--vault-password-file', 'no-such-pw', 'enc-ansible.yml'],
      ['encrypt', '--vault-password-file', 'pw1', '--output', 'o', 'a', 'b'],
      ['encrypt_string', '--vault-password-file', 'pw1', '-p', '-'],
      ['encrypt', '--vault-id', 'a;b@pw1', 'x'],
      ['encrypt', '--vault-password-file', 'pw1', 'enc-ansible.yml'],
      ['create', '--vault-password-file', 'pw1', 'a', 'b'],
      ['create', '--vault-password-file', 'pw1', 'new.yml'],
    ];
    for (const c of cases) {
      const p = run('pgplay', c);
      const a = run('ansible', c);
      const lastError = (s: string) => s.split('\n').filter((l) => l.startsWith('ERROR!')).pop()?.replace(dir, '<DIR>');
      assert.equal(p.code, a.code, `${c.join(' ')}: exit ${p.code} vs ${a.code}\n${p.err}\n${a.err}`);
      assert.equal(lastError(p.err), lastError(a.err), c.join(' '));
    }
  });

  it('--ask-vault-pass without a terminal is a clear error (ansible would read the pipe)', () => {
    const r = run('pgplay', ['view', '--ask-vault-pass', 'enc-ansible.yml']);
    assert.equal(r.code, 1);
    assert.match(r.err, /ERROR! cannot prompt for the vault password \(default\): standard input is not a terminal/);
  });

  it('create and edit run $EDITOR on a private plaintext copy and re-encrypt it', () => {
    writeFileSync(join(dir, 'editor.sh'), '#!/bin/sh\n# appends a line to the file it is given, as a user would\necho "edited: true" >> "$1"\n', { mode: 0o755 });
    const withEditor = { EDITOR: join(dir, 'editor.sh') };
    ok(run('pgplay', ['create', '--skip-tty-check', '--vault-id', 'dev@pw1', 'created.yml'], '', withEditor));
    assert.match(readFileSync(join(dir, 'created.yml'), 'utf8'), /^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/);
    assert.equal(run('ansible', ['view', '--vault-id', 'dev@pw1', 'created.yml']).out, 'edited: true\n');
    copyFileSync(join(dir, 'enc-ansible.yml'), join(dir, 'edit-me.yml'));
    chmodSync(join(dir, 'edit-me.yml'), 0o640);
    ok(run('pgplay', ['edit', '--vault-password-file', 'pw1', 'edit-me.yml'], '', withEditor));
    assert.equal(statSync(join(dir, 'edit-me.yml')).mode & 0o777, 0o640);
    assert.equal(run('ansible', ['view', '--vault-password-file', 'pw1', 'edit-me.yml']).out, 'a: 1\nb: [x, y]\nedited: true\n');
    assert.ok(!existsSync(join(dir, 'new.yml')));
  });
});
