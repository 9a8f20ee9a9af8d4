/**
 * Password prompts on a real terminal (a pseudo-terminal from util-linux `script`): the answer is
 * typed when the prompt appears (no sleeps), is not echoed, and a mismatched confirmation fails
 * as ansible-vault's does.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../jinja2/support.js';

const PGPLAY = join(ROOT, 'packages', 'cli', 'dist', 'main.js');

/** Runs `pgplay vault ARGS` on a pseudo-terminal, answering each prompt in turn. */
function onTerminal(cwd: string, args: string[], answers: [string, string][]): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, PGPLAY, 'vault', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, LANG: 'C.UTF-8', TERM: 'dumb' } });
  let out = '';
  let next = 0;
  let scanned = 0;
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    while (next < answers.length) {
      const at = out.indexOf(answers[next]![0], scanned);
      if (at < 0) break;
      scanned = at + answers[next]![0].length;
      child.stdin.write(`${answers[next]![1]}\r`);
      next++;
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('conformance: vault password prompts on a terminal', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    execFileSync('script', ['--version']); // util-linux script is required, never skipped
    dir = mkdtempSync(join(tmpdir(), 'pgplay-vault-tty-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--ask-vault-pass for encrypt asks twice, then view asks once; nothing typed is echoed', async () => {
    writeFileSync(join(dir, 'f.yml'), 'k: v\n');
    const enc = await onTerminal(dir, ['encrypt', '--ask-vault-pass', 'f.yml'], [['New Vault password: ', 'typed-secret'], ['Confirm New Vault password: ', 'typed-secret']]);
    assert.equal(enc.code, 0, enc.out);
    assert.match(readFileSync(join(dir, 'f.yml'), 'utf8'), /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
    assert.match(enc.out, /Encryption successful/);
    const view = await onTerminal(dir, ['view', '--vault-id', 'prompt', 'f.yml'], [['Vault password (default): ', 'typed-secret']]);
    assert.equal(view.code, 0, view.out);
    assert.match(view.out, /k: v/);
    for (const r of [enc, view]) assert.ok(!r.out.includes('typed-secret'), `the password was echoed: ${r.out}`);
  });

  it('a confirmation that differs fails', async () => {
    const r = await onTerminal(dir, ['encrypt_string', '--vault-id', 'dev@prompt', 'x'], [['New vault password (dev): ', 'one'], ['Confirm new vault password (dev): ', 'two']]);
    assert.equal(r.code, 1);
    assert.match(r.out, /ERROR! Passwords do not match/);
  });
});
