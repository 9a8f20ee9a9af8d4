// The file modules on real lab hosts over SSH: as root by key, becoming root from the sudo user
// without a password and from the one with a password, and as a password-only login. Each run:
// apply → state probed on the host (types, modes, owners, sha256, link targets) → a second run
// changes nothing → --check on a fresh path predicts and touches nothing → --diff shows the change.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { runPgplay, workDir } from '../ssh/support.js';

interface Variant {
  name: string;
  /** Play-level lines (vars, become). */
  play: string;
  /** Where the variant may write. */
  base: string;
  owner: string;
}

const VARIANTS: Variant[] = [
  { name: 'root', play: '', base: '/srv/pgplay-files-root', owner: 'root' },
  { name: 'sudoer', play: '  become: true\n  vars: {ansible_user: sudoer}\n', base: '/srv/pgplay-files-sudoer', owner: 'root' },
  { name: 'sudopw', play: '  become: true\n  vars: {ansible_user: sudopw, ansible_become_password: "{{ lab_sudopw_password }}"}\n', base: '/srv/pgplay-files-sudopw', owner: 'root' },
  { name: 'pwonly', play: '  vars: {ansible_user: pwonly, ansible_password: "{{ lab_pwonly_password }}"}\n', base: '/home/pwonly/pgplay-files', owner: 'pwonly' },
];

function playbook(v: Variant, base: string, fetchDir: string): string {
  return `- hosts: h1
  gather_facts: false
${v.play}  tasks:
    - file: {path: "${base}/conf.d", state: directory, mode: "0750"}
    - copy: {content: "one\\n", dest: "${base}/conf.d/01-one", mode: "0640"}
    - copy: {src: two.txt, dest: "${base}/conf.d/02-two"}
    - template: {src: app.j2, dest: "${base}/app.conf", mode: "u=rw,g=r,o=", backup: true}
    - file: {src: app.conf, dest: "${base}/app.link", state: link}
    - assemble: {src: "${base}/conf.d", dest: "${base}/assembled", delimiter: "# --"}
    - stat: {path: "${base}/assembled", checksum_algorithm: sha256}
      register: st
    - slurp: {src: "${base}/app.conf"}
      register: sl
    - fetch: {src: "${base}/app.conf", dest: "${fetchDir}"}
    - assert:
        that:
          - st.stat.checksum | length == 64
          - (sl.content | b64decode) == "name=${v.name}\\n"
`;
}

const PROBE = (base: string) => `cd ${base} && for p in conf.d conf.d/01-one conf.d/02-two app.conf app.link assembled; do stat -c '%n %F %a %U %G' "$p"; done; sha256sum conf.d/01-one conf.d/02-two app.conf assembled; readlink app.link`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const recap = (out: string) => /h1\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/.exec(out);

describe('hosts/files: the file modules over SSH with become', function () {
  this.timeout(300_000);
  useLabTemplate();
  const lab = useLab({ suite: 'files', hosts: 1 });
  let dir: string;
  before(() => {
    dir = workDir('files');
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'app.j2'), 'name={{ variant }}\n');
    writeFileSync(join(dir, 'two.txt'), 'two\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const v of VARIANTS) {
    it(`${v.name}: applies, re-runs unchanged, --check predicts, --diff shows`, async function () {
      const fetchDir = join(dir, `fetched-${v.name}`);
      const args = ['-e', `variant=${v.name}`];
      const first = await runPgplay(lab(), dir, playbook(v, v.base, fetchDir), { args });
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.equal(recap(first.stdout)![2], '7', first.stdout);

      const probe = await lab().exec('h1', PROBE(v.base));
      const o = v.owner;
      assert.match(probe.stdout, new RegExp(`^conf.d directory 750 ${o} ${o}$`, 'm'));
      assert.match(probe.stdout, new RegExp(`^conf.d/01-one regular file 640 ${o} ${o}$`, 'm'));
      assert.match(probe.stdout, new RegExp(`^conf.d/02-two regular file 644 ${o} ${o}$`, 'm'));
      assert.match(probe.stdout, new RegExp(`^app.conf regular file 640 ${o} ${o}$`, 'm'));
      assert.match(probe.stdout, /^app\.link symbolic link 777 /m);
      assert.match(probe.stdout, /^app\.conf$/m, 'link target');
      assert.match(probe.stdout, new RegExp(`^${sha256('one\n# --\ntwo\n')}  assembled$`, 'm'));
      assert.equal(readFileSync(join(fetchDir, 'h1', v.base, 'app.conf'), 'utf8'), `name=${v.name}\n`);

      const second = await runPgplay(lab(), dir, playbook(v, v.base, fetchDir), { args });
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.equal(recap(second.stdout)![2], '0', `second run changed nothing:\n${second.stdout}`);

      const fresh = `${v.base}-check`;
      const check = await runPgplay(lab(), dir, playbook(v, fresh, fetchDir).replace(/    - file: \{src: app.conf[\s\S]*$/, ''), { args: [...args, '--check', '--diff'] });
      assert.equal(check.code, 0, check.stdout + check.stderr);
      // A link to the not-yet-written app.conf would fail under --check (as in ansible): the check run stops before it.
      assert.equal(recap(check.stdout)![2], '4', check.stdout);
      // template's after header names the rendering's controller temp file, as in ansible.
      assert.match(check.stdout, new RegExp(`\\+\\+\\+ after: \\S+/app\\.j2\\n@@ -0,0 \\+1 @@\\n\\+name=${v.name}\\n`));
      const gone = await lab().exec('h1', `test -e ${fresh}; echo $?`);
      assert.equal(gone.stdout.trim(), '1', '--check created nothing');

      const diff = await runPgplay(lab(), dir, playbook(v, v.base, fetchDir), { args: ['-e', `variant=${v.name}-2`, '--diff'] });
      assert.equal(diff.code, 2, `the assert on the old name fails after the change:\n${diff.stdout}${diff.stderr}`);
      assert.match(diff.stdout, new RegExp(`--- before: ${v.base}/app.conf\\n\\+\\+\\+ after: .*app.j2\\n@@ -1 \\+1 @@\\n-name=${v.name}\\n\\+name=${v.name}-2`));
      const backups = await lab().exec('h1', `ls ${v.base} | grep -c '^app.conf\\..*~$'`);
      assert.equal(backups.stdout.trim(), '1', 'one backup of the replaced app.conf');
    });
  }
});
