// The network modules (uri, get_url, wait_for, wait_for_connection) on real lab hosts, against
// ansible-playbook: each host runs its own HTTP and HTTPS server on 127.0.0.1 (a Python script; the
// TLS certificate from a CA this suite makes with openssl), and the playbook asks `localhost` —
// the target's own server, reached by pgplay through an SSH direct-tcpip channel. ansible-playbook
// runs on h1, pgplay on h2 (fresh, identical hosts, both called h1): every event must agree after
// the harness's normalisation plus the values that differ between two requests of the same tool
// (dates, elapsed seconds, the downloaded temp file's name), and so must the end state.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { compareEvents } from '../../conformance/playbooks/harness/compare-events.js';
import { requireOracle } from '../../conformance/playbooks/harness/paths.js';
import { runPgplay, workDir } from '../ssh/support.js';
import { rootSh } from '../apt/support.js';
import { runSideEvents, type Event } from '../ssh/event-diff.js';

const SERVER = fileURLToPath(new URL('../../../hosts/net/http-server.py', import.meta.url));
const BASE = '/srv/pgplay-net';

/** Values two requests cannot share: response dates, seconds taken, get_url's temp file name. */
const VOLATILE: ReadonlySet<string> = new Set(['date', 'elapsed', 'src']);
/** Python names the C source line of its ssl module in TLS errors; that line is the oracle's build, not behaviour. */
const sslLine = (s: string) => s.replace(/ \(_ssl\.c:\d+\)/g, '');

const PLAY = `- hosts: h1
  gather_facts: false
  vars: {web: "http://localhost:8080", tls: "https://localhost:8443", d: "${BASE}"}
  tasks:
    - file: {path: "{{ d }}/dl", state: directory}
    - uri: {url: "{{ web }}/echo", method: POST, body_format: json, body: {a: 1, b: [x, y]}, headers: {X-Custom: hi}}
    - uri: {url: "{{ web }}/echo", method: PUT, body_format: form-urlencoded, body: {a: "1 2", b: "x&y"}, return_content: true}
    - uri: {url: "{{ web }}/redirect"}
    - uri: {url: "{{ web }}/redirect", method: POST, status_code: [302]}
    - uri: {url: "{{ web }}/redirect", follow_redirects: none, status_code: 302}
    - uri: {url: "{{ web }}/auth", url_username: u, url_password: s3cret-pw}
    - uri: {url: "{{ web }}/auth", user: u, password: s3cret-pw, force_basic_auth: true}
    - uri: {url: "{{ web }}/status/404"}
      ignore_errors: true
    - uri: {url: "{{ web }}/status/201", status_code: [200, 201], return_content: true}
    - uri: {url: "http://127.0.0.1:8099/"}
      ignore_errors: true
    - uri: {url: "{{ web }}/slow", timeout: 2}
      ignore_errors: true
    - uri: {url: "{{ tls }}/echo", ca_path: "{{ d }}/ca.pem"}
    - uri: {url: "{{ tls }}/echo", validate_certs: false}
    - uri: {url: "{{ tls }}/echo"}
      ignore_errors: true
    - uri: {url: "{{ web }}/file/x.txt", dest: "{{ d }}/x.txt", mode: "0600"}
    - uri: {url: "{{ web }}/echo", creates: "{{ d }}/x.txt"}
    - uri: {url: "{{ web }}/echo", removes: "{{ d }}/nothing"}
    - uri: {url: "{{ web }}/echo", method: HEAD}
    - uri: {url: "{{ web }}/status/503", status_code: [200, 201]}
      ignore_errors: true
    - get_url: {url: "{{ web }}/file/a.bin", dest: "{{ d }}/a.bin", checksum: "sha256:{{ web }}/sums", mode: "0640"}
    - get_url: {url: "{{ tls }}/file/b.bin", dest: "{{ d }}/dl/", validate_certs: false}
    - get_url: {url: "{{ web }}/file/c.bin", dest: "{{ d }}/c.bin", checksum: "sha1:abc"}
      ignore_errors: true
    - get_url: {url: "{{ web }}/file/a.bin", dest: "{{ d }}/a.bin", force: true, backup: true}
    - get_url: {url: "{{ web }}/status/500", dest: "{{ d }}/e.bin"}
      ignore_errors: true
    - get_url: {url: "{{ web }}/file/f.bin", dest: "{{ d }}/missing/f.bin"}
      ignore_errors: true
    - wait_for: {port: 8080, timeout: 10}
    - wait_for: {path: "{{ d }}/x.txt", search_regex: "content (?P<what>/\\\\w+)"}
    - wait_for: {port: 8099, state: stopped, timeout: 5}
    - wait_for: {port: 8080, state: drained, active_connection_states: [ESTABLISHED], timeout: 10}
    - wait_for: {path: "{{ d }}/nothing", state: absent, timeout: 5}
    - wait_for: {port: 8099, timeout: 2, sleep: 1}
      ignore_errors: true
    - wait_for: {path: "{{ d }}/x.txt", state: absent, timeout: 2, msg: still there}
      ignore_errors: true
    - wait_for_connection: {timeout: 20}
    - file: {path: "{{ d }}/{{ item }}", state: directory}
      loop: [x, y]
    - unarchive: {src: files.tgz, dest: "{{ d }}/x", list_files: true}
    - unarchive: {src: "{{ d }}/a.tar", remote_src: true, dest: "{{ d }}/y", exclude: ["*.log"], mode: "u=rwX,g=rX,o=", extra_opts: [--strip-components=1]}
    - unarchive: {src: files.tgz, dest: "{{ d }}/x", creates: "{{ d }}/x/top"}
    - unarchive: {src: files.tgz, dest: "{{ d }}/nope"}
      ignore_errors: true
`;

const PROBE = `cd ${BASE} && stat -c '%n %a %U %G %s' x.txt a.bin dl/b.bin; sha256sum x.txt a.bin dl/b.bin; ls; find x y | sort | xargs stat -c '%n %a %s'`;

const changedActions = (events: Event[]) => events.filter((e) => e['kind'] === 'host-result' && e['status'] === 'changed').map((e) => (e['task'] as { action: string }).action);

describe('hosts/net: uri, get_url, wait_for, wait_for_connection against ansible-playbook', function () {
  this.timeout(600_000);
  useLabTemplate();
  const lab = useLab({ suite: 'netmods', hosts: 2 });
  let dir: string;
  /** A tar.gz made here with tar (a tree with a sub-directory and a file unarchive's exclude skips). */
  let archive: Buffer;

  before(async function () {
    this.timeout(120_000);
    requireOracle();
    dir = workDir('net');
    // A CA and a server certificate for localhost / 127.0.0.1, made here and copied to both hosts.
    const pki = join(dir, 'pki');
    mkdirSync(pki);
    const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });
    ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=pgplay test CA');
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=localhost');
    writeFileSync(join(pki, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    ossl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'top', 'sub'), { recursive: true });
    writeFileSync(join(tree, 'top', 'one.txt'), 'one\n');
    writeFileSync(join(tree, 'top', 'sub', 'two.txt'), 'two\n');
    writeFileSync(join(tree, 'top', 'skip.log'), 'skip\n');
    // Fixed times and owner, so both hosts (and both runs) unpack the same bytes with the same mtimes.
    execFileSync('tar', ['--owner=0', '--group=0', '--mtime=2024-01-01 00:00:00', '-czf', join(dir, 'files.tgz'), '-C', tree, 'top']);
    execFileSync('tar', ['--owner=0', '--group=0', '--mtime=2024-01-01 00:00:00', '-cf', join(dir, 'a.tar'), '-C', tree, 'top']);
    archive = readFileSync(join(dir, 'files.tgz'));
    const server = readFileSync(SERVER, 'utf8');
    await Promise.all(['h1', 'h2'].map(async (h) => {
      await rootSh(lab(), h, `mkdir -p ${BASE} /etc/pgplay-net && cat > /etc/pgplay-net/server.py`, server);
      for (const f of ['ca.pem', 'srv.pem', 'srv.key']) await rootSh(lab(), h, `cat > /etc/pgplay-net/${f}`, readFileSync(join(pki, f), 'utf8'));
      await rootSh(lab(), h, `base64 -d > ${BASE}/a.tar`, readFileSync(join(dir, 'a.tar')).toString('base64'));
      await rootSh(lab(), h, `cp /etc/pgplay-net/ca.pem ${BASE}/ca.pem
systemd-run --unit=pgplay-http python3 /etc/pgplay-net/server.py 8080
systemd-run --unit=pgplay-https python3 /etc/pgplay-net/server.py 8443 /etc/pgplay-net/srv.pem /etc/pgplay-net/srv.key
timeout 30 bash -c 'until (exec 3<>/dev/tcp/127.0.0.1/8080 && exec 4<>/dev/tcp/127.0.0.1/8443) 2>/dev/null; do sleep 0.1; done'`);
    }));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  async function both(args: string[] = []) {
    const caseDir = join(dir, `case-${Math.random().toString(36).slice(2)}`);
    mkdirSync(caseDir);
    writeFileSync(join(caseDir, 'playbook.yml'), PLAY);
    writeFileSync(join(caseDir, 'files.tgz'), archive);
    const [a, p] = await Promise.all([
      runSideEvents('ansible', caseDir, 'net', lab(), ['h1'], { args, volatile: VOLATILE, rewrite: sslLine }),
      runSideEvents('pgplay', caseDir, 'net', lab(), ['h2'], { args, volatile: VOLATILE, rewrite: sslLine }),
    ]);
    const problems = compareEvents(a.events, p.events);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.equal(p.proc.exitCode, a.proc.exitCode, `exit codes: ansible ${a.proc.exitCode}, pgplay ${p.proc.exitCode}\n${p.proc.stderr}`);
    assert.ok(a.events.some((e) => e['kind'] === 'host-result'), 'the oracle recorded the run');
    return p.events;
  }

  async function probe(cmd: string): Promise<string> {
    const [a, p] = await Promise.all([lab().exec('h1', cmd), lab().exec('h2', cmd)]);
    assert.equal(p.stdout, a.stdout, 'end state: ansible host, then pgplay host');
    return p.stdout;
  }

  it('--check: uri and wait_for skip, get_url asks with HEAD, nothing is written', async () => {
    await both(['--check']);
    assert.equal(await probe(`ls ${BASE}`), 'a.tar\nca.pem\n');
  });

  it('apply: same results, messages and files; a re-run changes only what ansible changes', async () => {
    const first = await both();
    assert.deepEqual(changedActions(first), ['ansible.builtin.file', 'ansible.builtin.uri', 'ansible.builtin.get_url', 'ansible.builtin.get_url', 'ansible.builtin.file', 'ansible.builtin.file', 'ansible.builtin.file', 'ansible.builtin.unarchive', 'ansible.builtin.unarchive']);
    const state = await probe(PROBE);
    assert.match(state, /^x\.txt 600 root root 25$/m);
    assert.match(state, /^a\.bin 640 root root 25$/m);
    assert.match(state, /^x\/top\/sub\/two\.txt 644 4$/m);
    assert.match(state, /^y\/one\.txt 640 4$/m);
    assert.doesNotMatch(state, /^y\/skip\.log/m);
    const second = await both();
    // uri with dest writes (and reports a change) every time, as in ansible; get_url and unarchive do not.
    // (The loop's file task reports each item and the whole.)
    assert.deepEqual(changedActions(second), ['ansible.builtin.uri']);
    assert.equal(await probe(PROBE), state);
  });

  it('an SSH server that refuses forwarding fails the task saying what to change', async () => {
    await rootSh(lab(), 'h2', "echo 'AllowTcpForwarding no' > /etc/ssh/sshd_config.d/pgplay-net.conf && systemctl reload ssh");
    try {
      const play = `- hosts: h2\n  gather_facts: false\n  tasks:\n    - uri: {url: "http://localhost:8080/echo"}\n    - wait_for: {port: 8080, timeout: 5}\n      ignore_errors: true\n`;
      const r = await runPgplay(lab(), dir, play);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /fatal: \[h2\]: FAILED! => .*refused to open a TCP connection to localhost port 8080 .*AllowTcpForwarding/);
    } finally {
      await rootSh(lab(), 'h2', 'rm -f /etc/ssh/sshd_config.d/pgplay-net.conf && systemctl reload ssh');
    }
  });
});
