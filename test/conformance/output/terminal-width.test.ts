/**
 * The default callback on a terminal wider than 80 columns (a pseudo-terminal from util-linux
 * `script`, `stty cols 140`): banners, `[WARNING]` and `[ERROR]` lines follow the width as
 * ansible's Display does (max(79, columns - 1)); the same run by ansible-playbook is the oracle.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../jinja2/support.js';

const PGPLAY = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const ANSIBLE = join(ROOT, '.venv', 'bin', 'ansible-playbook');
const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

function onTerminal(cwd: string, cols: number, argv: string[]): string {
  const out = execFileSync('script', ['-qec', `stty cols ${cols}; ${argv.map(q).join(' ')}`, '/dev/null'], {
    cwd, encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, LANG: 'C.UTF-8', TERM: 'dumb', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0', ANSIBLE_RETRY_FILES_ENABLED: '0' },
  });
  // The terminal's carriage returns, and colour codes should a tool add any.
  return out.replace(/\r/g, '').replace(/\x1b\[[0-9;]*m/g, '');
}

describe('conformance: output on a wide terminal', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    execFileSync('script', ['--version']); // util-linux script is required, never skipped
    dir = mkdtempSync(join(tmpdir(), 'pgplay-tty-width-'));
    writeFileSync(join(dir, 'inventory.ini'), `localhost ansible_connection=local ansible_python_interpreter=${join(ROOT, '.venv', 'bin', 'python')}\n`);
    writeFileSync(join(dir, 'playbook.yml'), [
      '- hosts: localhost',
      '  gather_facts: false',
      '  tasks:',
      '    - name: a task whose name is long enough to show where the banner stars end on a wide terminal',
      '      debug: msg=one',
      '    - name: a warning that wraps at the width',
      '      debug:',
      '        msg: two',
      '      when: "{{ true }}"',
      '',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const cols of [140, 60]) {
    it(`prints what ansible-playbook prints at ${cols} columns`, () => {
      const args = ['-i', 'inventory.ini', 'playbook.yml', '--start-at-task', 'a task whose name is long enough*'];
      const want = onTerminal(dir, cols, [ANSIBLE, ...args]);
      const got = onTerminal(dir, cols, [process.execPath, PGPLAY, 'run', ...args]);
      assert.match(want, /\[WARNING\]: conditional statements/, 'the case has its warning');
      assert.equal(got, want);
    });
  }

  it('wraps an [ERROR] line at the terminal width', () => {
    const args = ['-i', 'inventory.ini', 'playbook.yml', '--start-at-task', 'no task has a name like this one, which is long enough to wrap twice at eighty columns'];
    const want = onTerminal(dir, 140, [ANSIBLE, ...args]);
    assert.match(want, /\[ERROR\]: No matching task/);
    assert.equal(onTerminal(dir, 140, [process.execPath, PGPLAY, 'run', ...args]), want);
  });
});
