// dpkg_selections on lab hosts with packages from the test repository: ansible-playbook on h1, pgplay
// on h2 (fresh, identical hosts); the registered results and the probed selections must be the same
// text; a second run changes nothing; --check predicts and leaves the selections alone.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { runAnsible, runPgplay, sameHostName, workDir } from '../ssh/support.js';
import { rootSh, useTestRepo } from './support.js';

const TASKS = `
    - dpkg_selections: {name: pgplay-app, selection: hold}
      register: r1
    - ansible.builtin.dpkg_selections: {name: pgplay-base, selection: deinstall}
      register: r2
    - dpkg_selections: {name: pgplay-extra, selection: install}
      register: r3
    - debug: {msg: "{{ [r1, r2, r3] | map('dict2items') | map('rejectattr', 'key', 'eq', 'invocation') | map('items2dict') | list }}"}
    - command: dpkg --get-selections pgplay-app pgplay-base pgplay-extra
      register: sel
      changed_when: false
      check_mode: false
    - debug: {var: sel.stdout_lines}`;

const play = (host: string, tasks: string) => `- hosts: ${host}
  gather_facts: false
  remote_user: root
  tasks:${tasks}
`;

/** Output lines with the host name made alike; timing-free already (default callback). */
const norm = (out: string, host: string) => out.split('\n').map((l) => sameHostName(l, host)).filter((l) => !l.startsWith('[WARNING]'));

describe('hosts/apt: dpkg_selections against ansible-playbook', function () {
  this.timeout(300_000);
  useLabTemplate();
  const lab = useLab({ suite: 'dpkgsel', hosts: 2 });
  useTestRepo(lab);
  let dir = '';
  before(async () => {
    dir = workDir('dpkgsel');
    await Promise.all(['h1', 'h2'].map((h) => rootSh(lab(), h, 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgplay-app=1.0-1')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function both(tasks: string, args: string[] = []): Promise<string[]> {
    const [a, p] = await Promise.all([runAnsible(lab(), dir, play('h1', tasks), args), runPgplay(lab(), dir, play('h2', tasks), { args })]);
    assert.equal(p.code, a.code, `exit codes: ansible ${a.code}, pgplay ${p.code}\n${a.stdout}\n${a.stderr}\n---\n${p.stdout}\n${p.stderr}`);
    assert.deepEqual(norm(p.stdout, 'h2'), norm(a.stdout, 'h1'));
    return norm(p.stdout, 'h2');
  }

  it('--check predicts the changes and leaves the selections as they were', async () => {
    const out = await both(TASKS, ['--check']);
    assert.ok(out.some((l) => /hX +: ok=6 +changed=2 /.test(l)), out.join('\n'));
    assert.match(await rootSh(lab(), 'h2', 'dpkg --get-selections pgplay-app'), /pgplay-app\s+install/);
  });

  it('sets the selections with the same results and probed state', async () => {
    const out = await both(TASKS);
    assert.ok(out.some((l) => /"before": "install"/.test(l)), out.join('\n'));
    assert.ok(out.some((l) => /hX +: ok=6 +changed=2 /.test(l)), out.join('\n'));
    assert.match(await rootSh(lab(), 'h2', 'dpkg --get-selections pgplay-app'), /pgplay-app\s+hold/);
  });

  it('changes nothing on a second run', async () => {
    const out = await both(TASKS);
    assert.ok(out.some((l) => /hX +: ok=6 +changed=0 /.test(l)), out.join('\n'));
  });

  it('fails the same way for a package dpkg does not know (available is not enough)', async () => {
    await both(`
    - dpkg_selections: {name: pgplay-tool, selection: hold}`);
  });
});
