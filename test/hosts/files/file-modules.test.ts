// The file modules (copy, template, file, stat, slurp, fetch, assemble, tempfile) on real lab
// hosts over SSH, against ansible-playbook: as root by key, becoming root from the sudo user
// without a password and from the one with a password, and as a password-only login on files it
// owns. ansible-playbook (the pinned oracle) runs each play on h1,
// pgplay the same play on h2 (two fresh, identical hosts, both named h1 in their inventories).
// Every event (per-task status and full results, after the conformance harness's normalisation)
// must agree, and so must the probed end state (types, modes, owners, sha256, link targets) and
// the fetched file. Each variant: apply → a second run changes nothing → --check on a fresh path
// predicts and touches nothing → --diff shows the template's change.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { compareEvents } from '../../conformance/playbooks/harness/compare-events.js';
import { requireOracle } from '../../conformance/playbooks/harness/paths.js';
import { workDir } from '../ssh/support.js';
import { runSideEvents, type Event } from '../ssh/event-diff.js';

interface Variant {
  name: string;
  /** Play-level lines; ansible_user as a play var, since the inventory's ansible_user beats remote_user. */
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

function playbook(v: Variant, base: string): string {
  return `- hosts: h1
  gather_facts: false
${v.play}  tasks:
    - command: id -un
      become: false
      check_mode: false
      register: who
      changed_when: false
    - assert: {that: [who.stdout == "${v.name}"]}
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
    - fetch: {src: "${base}/app.conf", dest: "{{ playbook_dir }}/fetched"}
    - assert:
        that:
          - st.stat.checksum | length == 64
          - (sl.content | b64decode) == "name=${v.name}\\n"
    - tempfile: {state: file, path: "${base}", prefix: tmp-, suffix: .pgplay}
      register: tf
    - file: {path: "{{ tf.path }}", state: absent}
`;
}

const PROBE = (base: string) => `cd ${base} && for p in conf.d conf.d/01-one conf.d/02-two app.conf app.link assembled; do stat -c '%n %F %a %U %G' "$p"; done; sha256sum conf.d/01-one conf.d/02-two app.conf assembled; readlink app.link; ls | grep -c '^app.conf\\..*~$' || true`;

/** stat's times and device/inode numbers differ between two hosts (and two runs of ansible itself). */
const VOLATILE: ReadonlySet<string> = new Set(['atime', 'ctime', 'mtime', 'dev', 'inode']);

/** tempfile's random name (mkstemp's 8 characters), the one thing two runs cannot share. */
const tempName = (s: string) => s.replace(/\/tmp-[a-z0-9_]{8}\.pgplay\b/g, '/tmp-<RANDOM>.pgplay');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const changed = (events: Event[]): number | undefined => (events.find((e) => e['kind'] === 'recap')?.['stats'] as Record<string, { changed: number }> | undefined)?.['h1']?.changed;

describe('hosts/files: the file modules over SSH (root, become, password login), against ansible-playbook', function () {
  this.timeout(600_000);
  useLabTemplate();
  // One lab for every variant: h1 for ansible-playbook, h2 for pgplay; each variant its own paths.
  const lab = useLab({ suite: 'files', hosts: 2 });
  let dir: string;
  before(() => {
    requireOracle();
    dir = workDir('files');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Both tools on the same play (ansible on h1, pgplay on h2): every event must agree. */
  async function both(v: Variant, base: string, args: string[], opts: { cut?: (play: string) => string; fetched?: string } = {}) {
    const cut = opts.cut;
    const caseDir = join(dir, `${v.name}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(join(caseDir, 'templates'), { recursive: true });
    writeFileSync(join(caseDir, 'templates', 'app.j2'), 'name={{ variant }}\n');
    writeFileSync(join(caseDir, 'two.txt'), 'two\n');
    writeFileSync(join(caseDir, 'playbook.yml'), (cut ?? ((x) => x))(playbook(v, base)));
    const fetched: string[] = [];
    const inspect = (c: string) => fetched.push(readFileSync(join(c, 'fetched', 'h1', v.base, 'app.conf'), 'utf8'));
    // The wire counters show which probes the host's resident Python server answered.
    const wireFile = join(caseDir, 'wire.json');
    const [a, p] = await Promise.all([
      runSideEvents('ansible', caseDir, `files-${v.name}`, lab(), ['h1'], { args, inspect: opts.fetched === undefined ? undefined : inspect, volatile: VOLATILE, rewrite: tempName }),
      runSideEvents('pgplay', caseDir, `files-${v.name}`, lab(), ['h2'], { args, inspect: opts.fetched === undefined ? undefined : inspect, volatile: VOLATILE, rewrite: tempName, pgplayEnv: { PGPLAY_DEBUG_ROUNDTRIPS: wireFile } }),
    ]);
    const wire = JSON.parse(readFileSync(wireFile, 'utf8')) as { nativeRequests: number; residentCommands: number };
    const problems = compareEvents(a.events, p.events);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.equal(p.proc.exitCode, a.proc.exitCode, `exit codes: ansible ${a.proc.exitCode}, pgplay ${p.proc.exitCode}\n${a.proc.stdout}\n${p.proc.stderr}`);
    assert.ok(a.events.some((e) => e['kind'] === 'host-result'), 'the oracle recorded the run');
    if (opts.fetched !== undefined) assert.deepEqual(fetched, [opts.fetched, opts.fetched], 'the fetched file on both sides');
    return { code: p.proc.exitCode, changed: changed(p.events), events: p.events, wire };
  }

  /** The end state on both hosts, which must be the same. */
  async function probe(cmd: string): Promise<string> {
    const [a, p] = await Promise.all([lab().exec('h1', cmd), lab().exec('h2', cmd)]);
    assert.equal(p.stdout, a.stdout, 'end state: ansible host, then pgplay host');
    return p.stdout;
  }

  for (const v of VARIANTS) {
    it(`${v.name}: same events and end state on apply, re-run, --check and --diff`, async function () {
      const args = ['-e', `variant=${v.name}`];
      for (const h of ['h1', 'h2']) await lab().exec(h, `rm -rf ${v.base} ${v.base}-check`);

      const first = await both(v, v.base, args, { fetched: `name=${v.name}\n` });
      assert.equal(first.code, 0);
      assert.equal(first.changed, 9);
      const state = await probe(PROBE(v.base));
      const o = v.owner;
      assert.match(state, new RegExp(`^conf.d directory 750 ${o} ${o}$`, 'm'));
      assert.match(state, new RegExp(`^conf.d/01-one regular file 640 ${o} ${o}$`, 'm'));
      assert.match(state, new RegExp(`^conf.d/02-two regular file 644 ${o} ${o}$`, 'm'));
      assert.match(state, new RegExp(`^app.conf regular file 640 ${o} ${o}$`, 'm'));
      assert.match(state, /^app\.link symbolic link 777 /m);
      assert.match(state, /^app\.conf$/m, 'link target');
      assert.match(state, new RegExp(`^${sha256('one\n# --\ntwo\n')}  assembled$`, 'm'));

      const second = await both(v, v.base, args, { fetched: `name=${v.name}\n` });
      assert.equal(second.code, 0);
      // Only fetch (each run's controller side is a fresh sandbox, so the fetched copy is new) and the
      // temp file made and removed again change.
      const changedTasks = second.events.filter((e) => e['kind'] === 'host-result' && e['status'] === 'changed').map((e) => (e['task'] as { action: string }).action);
      assert.deepEqual(changedTasks, ['ansible.builtin.fetch', 'ansible.builtin.tempfile', 'ansible.builtin.file'], 'a second run changes nothing on the host');
      assert.equal(await probe(PROBE(v.base)), state);
      // The file probes went to the host's resident Python server (python3 is on the lab image);
      // the first probes of a run go the sh way, while the server starts. Under sudo it starts
      // only after a command went through the conversation, and with a password sudo's own check
      // makes the start slower: on a loaded machine all of this short run's probes can go the sh
      // way (seen once), so the tests below count it on a run long enough to tell.
      if (!v.play.includes('become: true')) assert.ok(second.wire.nativeRequests >= 3, `native file probes on the warm run: ${JSON.stringify(second.wire)}`);

      // A link to the not-yet-written app.conf would fail under --check (in ansible too): the check run stops before it.
      const fresh = `${v.base}-check`;
      const check = await both(v, fresh, [...args, '--check', '--diff'], { cut: (play) => play.replace(/    - file: \{src: app.conf[\s\S]*$/, '') });
      assert.equal(check.code, 0);
      assert.equal(check.changed, 4);
      assert.equal(await probe(`test -e ${fresh}; echo $?`), '1\n', '--check created nothing');

      const diff = await both(v, v.base, ['-e', `variant=${v.name}-2`, '--diff']);
      assert.equal(diff.code, 2, 'the assert on the old name fails after the change');
      const shown = JSON.stringify(diff.events);
      assert.ok(shown.includes(`"before":"name=${v.name}\\n"`) && shown.includes(`"after":"name=${v.name}-2\\n"`), `the diff shows the change: ${shown}`);
      assert.match(await probe(PROBE(v.base)), /^1$/m, 'one backup of the replaced app.conf');
    });
  }

  // Under sudo the probes go to a Python server started through the become conversation: its
  // answers must be the become user's view exactly as the sh probe in the resident sudo shell
  // prints it. pgplay alone (on h2), with PGPLAY_NATIVE_PROBES=0 and then =1 on fresh paths: the
  // same events and changed counts, cold and warm, the same end state, and the wire counters
  // show the warm run's probes went to the server (a silent fall-back to sh fails here).
  const BECOME: Variant[] = [
    { name: 'sudoer', play: '  become: true\n  vars: {ansible_user: sudoer}\n', base: '/srv/pgplay-native-root', owner: 'root' },
    { name: 'sudoer', play: '  become: true\n  become_user: sudopw\n  vars: {ansible_user: sudoer}\n', base: '/home/sudopw/pgplay-native', owner: 'sudopw' },
  ];
  for (const v of BECOME) {
    it(`under become as ${v.owner} from ${v.name}: the Python server's probes give the sh probes' events and end state`, async function () {
      const runs: Record<string, { events: Event[]; changed: number | undefined; wire: { nativeRequests: number; residentCommands: number } }[]> = {};
      const states: Record<string, string> = {};
      for (const native of ['0', '1']) {
        await lab().exec('h2', `rm -rf ${v.base}`);
        const caseDir = join(dir, `become-${v.owner}-${native}`);
        mkdirSync(join(caseDir, 'templates'), { recursive: true });
        writeFileSync(join(caseDir, 'templates', 'app.j2'), 'name={{ variant }}\n');
        writeFileSync(join(caseDir, 'two.txt'), 'two\n');
        // Forty more probes at the end, so the server is surely up for some of the warm run's.
        writeFileSync(join(caseDir, 'playbook.yml'), `${playbook(v, v.base)}    - copy: {content: "{{ item }}\\n", dest: "${v.base}/loop-{{ item }}", mode: "0640"}
      loop: "{{ range(40) | list }}"
`);
        runs[native] = [];
        for (const pass of ['cold', 'warm']) {
          const wireFile = join(caseDir, `wire-${pass}.json`);
          const r = await runSideEvents('pgplay', caseDir, `become-${v.owner}`, lab(), ['h2'], {
            args: ['-e', 'variant=sudoer'], volatile: VOLATILE, rewrite: tempName, pgplayEnv: { PGPLAY_DEBUG_ROUNDTRIPS: wireFile, PGPLAY_NATIVE_PROBES: native },
          });
          assert.equal(r.proc.exitCode, 0, `${pass} run, native=${native}: ${r.proc.stdout}${r.proc.stderr}`);
          runs[native].push({ events: r.events, changed: changed(r.events), wire: JSON.parse(readFileSync(wireFile, 'utf8')) });
        }
        states[native] = (await lab().exec('h2', PROBE(v.base))).stdout;
      }
      const [shCold, shWarm] = runs['0']!;
      const [nativeCold, nativeWarm] = runs['1']!;
      for (const [a, b, what] of [[shCold!, nativeCold!, 'cold'], [shWarm!, nativeWarm!, 'warm']] as const) {
        const problems = compareEvents(a.events, b.events);
        assert.deepEqual(problems, [], `${what} run, sh against native:\n${problems.join('\n')}`);
        assert.equal(b.changed, a.changed, `${what} changed count`);
      }
      assert.equal(shCold!.changed, 10);
      assert.equal(nativeWarm!.changed, 3, 'fetch and the temp file made and removed');
      assert.equal(states['1'], states['0'], 'end state, sh then native');
      assert.match(states['1']!, new RegExp(`^app.conf regular file 640 ${v.owner} ${v.owner}$`, 'm'));
      assert.equal(shWarm!.wire.nativeRequests, 0, 'PGPLAY_NATIVE_PROBES=0: no request to the server');
      // The first probes go the sh way: one on a channel of its own through the conversation (the
      // server starts only after one did), a few more while the server starts (more on a loaded machine).
      assert.ok(nativeWarm!.wire.nativeRequests >= 10, `the warm run's probes went to the server under become: ${JSON.stringify([shWarm!.wire, nativeWarm!.wire])}`);
      assert.ok(nativeWarm!.wire.residentCommands < shWarm!.wire.residentCommands, `fewer sh probes on the resident shell: ${JSON.stringify([shWarm!.wire, nativeWarm!.wire])}`);
    });
  }
});
