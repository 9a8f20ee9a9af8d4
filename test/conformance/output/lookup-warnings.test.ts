/**
 * Lookup failures under errors=warn|ignore (Templar._lookup): the `[WARNING]` paragraphs on stderr,
 * which the playbook-case harness does not compare. The same playbook is run by the pinned
 * ansible-playbook (the oracle) and by pgplay, and their stderr must be identical: the texts for
 * AnsibleLookupError ("Lookup failed but the error is being ignored: …") and for every other class
 * ("An unhandled exception occurred while running the lookup plugin …"), nothing for ignore, one
 * warning for a text repeated (Display de-duplicates), and find_file_in_search_path's own warning.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../jinja2/support.js';

const PGPLAY = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const ANSIBLE = join(ROOT, '.venv', 'bin', 'ansible-playbook');

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  tasks:
    - debug: msg="{{ lookup('sequence', 'end=x', errors='warn') }}"
    - name: the same text again is not shown again
      debug: msg="{{ lookup('sequence', 'end=x', errors='warn') }}"
    - debug: msg="{{ lookup('sequence', 'end=y', errors='ignore') }}"
    - debug: msg="{{ query('file', 'no-such-file', errors='warn') }}"
    - debug: msg="{{ query('file', 'no-such-file-either', errors='ignore') }}"
    - debug: msg="{{ lookup('first_found', 'no-such-file', errors='warn') }}"
    - debug: msg="{{ lookup('ini', 'k', file='no-such-file.ini', errors='warn') }}"
    - debug: msg="{{ lookup('password', '/dev/null length=x', errors='warn') }}"
    - debug: msg="{{ lookup('template', 'no-such-template.j2', errors='ignore') }}"
    - debug:
        msg: "{{ query('subelements', [{'a': 1}], 'b', errors='warn') }}"
    - debug: msg="{{ item }}"
      with_fileglob: no-such-dir/*.txt
    - debug: msg="{{ lookup('vars', 'nope', errors='warn') }}"
      ignore_errors: true
`;

function run(cwd: string, argv: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), {
    cwd, encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0', ANSIBLE_RETRY_FILES_ENABLED: '0' },
  });
  assert.equal(r.error, undefined);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('conformance: lookup errors=warn|ignore warnings', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-lookup-warn-'));
    writeFileSync(join(dir, 'inventory.ini'), `h1 ansible_connection=local ansible_python_interpreter=${join(ROOT, '.venv', 'bin', 'python')}\n`);
    writeFileSync(join(dir, 'playbook.yml'), PLAYBOOK);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints ansible-playbook's [WARNING] paragraphs, and the same task output", () => {
    const args = ['-i', 'inventory.ini', 'playbook.yml'];
    const want = run(dir, [ANSIBLE, ...args]);
    const got = run(dir, [process.execPath, PGPLAY, 'run', ...args]);
    // The oracle shows what this test is about; guards against a playbook that stopped exercising it.
    assert.equal(want.stderr.match(/\[WARNING\]: An unhandled exception occurred while running the lookup plugin\n'sequence'/g)?.length, 1);
    assert.match(want.stderr, /\[WARNING\]: Lookup failed but the error is being ignored: The 'file' lookup had/);
    assert.match(want.stderr, /Error was a <class 'ValueError'>/);
    assert.doesNotMatch(want.stderr, /end=y|no-such-file-either/);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.stdout, want.stdout);
  });
});
