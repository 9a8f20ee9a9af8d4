// lineinfile, blockinfile, replace and ini_file on real lab hosts over SSH, with become from the
// passwordless sudo user on root-owned files: ansible-playbook (the pinned oracle) runs the play on
// h1, pgplay on h2 (two fresh, identical hosts); the default-callback text (hosts named alike),
// including the probed end state (sha256, mode, owner of every file), must be the same. Then a
// second run changes nothing on either side, and a --check --diff run of other edits predicts the
// same changes and leaves the files as they were.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { runAnsible, runPgplay, workDir, type CliResult } from '../ssh/support.js';

const SETUP = `
    - name: starting files, owned by root
      become: false
      remote_user: root
      shell: |
        rm -rf /srv/text && mkdir -p /srv/text && cd /srv/text
        printf 'Port 22\\n#PermitRootLogin yes\\nX11Forwarding yes\\n' > sshd_config
        printf '[main]\\nkey = 1\\n\\n[other]\\nkey = 2\\n' > app.ini
        printf 'one\\r\\ntwo\\r\\n' > crlf.txt
        printf 'no newline' > noeol.txt
        chmod 0640 sshd_config && chown root:adm app.ini
      changed_when: false`;

const EDITS = `
    - name: lineinfile replaces a regexp match
      lineinfile: {path: /srv/text/sshd_config, regexp: '^#?PermitRootLogin', line: PermitRootLogin no}
    - name: lineinfile backrefs
      lineinfile: {path: /srv/text/sshd_config, regexp: '^Port (\\d+)$', line: 'Port \\1 # kept', backrefs: true}
    - name: lineinfile creates with a mode and owner
      lineinfile: {path: /srv/text/new/created.conf, line: created, create: true, mode: '0600', owner: sudoer}
    - name: blockinfile into a CRLF file
      blockinfile: {path: /srv/text/crlf.txt, block: "three\\nfour", insertafter: '^one'}
    - name: blockinfile at the end of a file without a newline
      blockinfile: {path: /srv/text/noeol.txt, block: "more", backup: true}
      register: b
    - name: replace between markers
      replace: {path: /srv/text/app.ini, after: '\\[other\\]', regexp: '^key = .*$', replace: 'key = 3'}
    - name: ini_file adds an option and keeps the owner
      community.general.ini_file: {path: /srv/text/app.ini, section: main, option: extra, value: 'yes', mode: 'g+w'}
    - name: ini_file removes a section
      ini_file: {path: /srv/text/app.ini, section: other, state: absent}`;

const CHECKED = `
    - name: would replace
      lineinfile: {path: /srv/text/sshd_config, regexp: '^X11', line: X11Forwarding no}
    - name: would add a block
      blockinfile: {path: /srv/text/noeol.txt, marker: "# {mark} two", block: "x", mode: '0600'}
    - name: would replace text
      replace: {path: /srv/text/app.ini, regexp: 'yes', replace: 'no'}
    - name: would add an option
      ini_file: {path: /srv/text/app.ini, section: new, option: o, value: v}`;

const PROBE = `
    - name: probe the end state
      become: false
      remote_user: root
      shell: cd /srv/text && find . -type f ! -name '*~' | sort | while read f; do echo "$f $(stat -c '%a %U:%G' "$f") $(sha256sum < "$f" | cut -c1-16)"; done; ls | grep -c '~$' || true
      register: probe
      changed_when: false
    - debug: var=probe.stdout_lines`;

function playbook(host: string, tasks: string, withSetup: boolean): string {
  return `- hosts: ${host}
  gather_facts: false
  remote_user: sudoer
  become: true
  tasks:${withSetup ? SETUP : ''}${tasks}${PROBE}
`;
}

/** The text with the host names made alike and the backup suffix (pid, time) hidden. */
function normalise(out: string, host: string): string[] {
  return out
    .split('\n')
    .map((l) => l.split(`[${host}]`).join('[hX]').replace(/^hX?\d* +:/, 'hX :').replace(/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~/g, '.<BACKUP>~'))
    .map((l) => (l.startsWith(`${host} `) ? 'hX' + l.slice(host.length) : l))
    .filter((l) => !l.startsWith('[WARNING]'));
}

describe('hosts: text-editing modules over SSH with become, against ansible-playbook', function () {
  this.timeout(600_000);
  useLabTemplate();
  const lab = useLab({ suite: 'textmods', hosts: 2 });
  let dir: string;
  before(() => {
    dir = workDir('textmods');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function both(tasks: string, setup: boolean, args: string[] = []): Promise<[string[], string[], CliResult]> {
    const [a, p] = await Promise.all([runAnsible(lab(), dir, playbook('h1', tasks, setup), args), runPgplay(lab(), dir, playbook('h2', tasks, setup), { args })]);
    assert.equal(p.code, a.code, `exit codes: ansible ${a.code}, pgplay ${p.code}\n${a.stdout}\n${a.stderr}\n---\n${p.stdout}\n${p.stderr}`);
    return [normalise(a.stdout, 'h1'), normalise(p.stdout, 'h2'), p];
  }

  it('applies the same edits with the same results and end state', async () => {
    const [a, p] = await both(EDITS, true);
    assert.deepEqual(p, a);
    assert.ok(p.some((l) => l.includes('./new/created.conf 600 sudoer:root')), p.join('\n'));
  });

  it('changes nothing on a second run', async () => {
    const [a, p, raw] = await both(EDITS, false);
    assert.deepEqual(p, a);
    assert.match(raw.stdout, /h2 +: ok=\d+ +changed=0 /);
  });

  it('predicts further edits under --check --diff and leaves the files alone', async () => {
    const [a, p, raw] = await both(CHECKED, false, ['--check', '--diff']);
    assert.deepEqual(p, a);
    assert.match(raw.stdout, /h2 +: ok=\d+ +changed=4 /);
    const [a2, p2] = await both('', false);
    assert.deepEqual(p2, a2);
  });
});
