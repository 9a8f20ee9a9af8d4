// How host variables and OpenSSH arguments become an SSH connection, and the known_hosts rules
// (plain, hashed, [host]:port, negation, @revoked) against keys made by ssh-keygen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSshSpec, checkKnownHost, hostKeyName, SshOptionError } from '@pgplay/engine';

const spec = (vars: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => readSshSpec('h1', (n) => vars[n], {}, env);

describe('connection/ssh-spec: host variables and ssh arguments', () => {
  it('reads ansible_host, port, user, key, password, timeout and retries', () => {
    const s = spec({ ansible_host: '10.99.1.11', ansible_port: 2222, ansible_user: 'admin', ansible_ssh_private_key_file: '/k', ansible_ssh_pass: 'pw', ansible_ssh_timeout: 7, ansible_ssh_retries: 2 });
    assert.deepEqual([s.host, s.port, s.user, s.privateKeyFiles, s.password, s.connectTimeoutS, s.retries, s.hostKeyChecking], ['10.99.1.11', 2222, 'admin', ['/k'], 'pw', 7, 2, true]);
    assert.equal(spec({}).host, 'h1');
    assert.equal(readSshSpec('h1', () => undefined, { remoteUser: 'ru', port: 2200 }).user, 'ru');
  });

  it('parses the OpenSSH options that matter from common and extra args', () => {
    const s = spec({
      ansible_ssh_common_args: "-o UserKnownHostsFile=/kh -o 'StrictHostKeyChecking no' -oConnectTimeout=4 -J jump@10.99.1.12:2200 -C -q",
      ansible_ssh_extra_args: '-i /extra -o ServerAliveInterval=2 -o ControlMaster=auto',
    });
    assert.deepEqual(s.knownHostsFiles.slice(0, 1), ['/kh']);
    assert.equal(s.hostKeyChecking, false);
    assert.equal(s.connectTimeoutS, 4);
    assert.deepEqual(s.jumps, [{ user: 'jump', host: '10.99.1.12', port: 2200 }]);
    assert.deepEqual(s.privateKeyFiles, ['/extra']);
    assert.equal(s.keepaliveIntervalS, 2);
    assert.deepEqual(spec({ ansible_ssh_common_args: '-o ProxyJump=a@b,c@d:23' }).jumps, [{ user: 'a', host: 'b', port: 22 }, { user: 'c', host: 'd', port: 23 }]);
  });

  it('takes host_key_checking from ANSIBLE_HOST_KEY_CHECKING or the variable; an explicit -o wins', () => {
    assert.equal(spec({}, { ANSIBLE_HOST_KEY_CHECKING: 'False' }).hostKeyChecking, false);
    assert.equal(spec({ ansible_host_key_checking: false }).hostKeyChecking, false);
    assert.equal(spec({ ansible_ssh_common_args: '-o StrictHostKeyChecking=yes' }, { ANSIBLE_HOST_KEY_CHECKING: 'False' }).hostKeyChecking, true);
  });

  it('keeps the connection between runs only with ControlMaster yes/auto/ask/autoask and ControlPersist (OpenSSH time format)', () => {
    const persist = (args: string, vars: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) => spec({ ansible_ssh_args: args, ...vars }, env);
    assert.equal(persist('-C -o ControlMaster=auto -o ControlPersist=60s').persistS, 60);
    assert.equal(persist('-o ControlMaster=yes -o ControlPersist=1h30m').persistS, 5400);
    assert.equal(persist('-o ControlMaster=autoask -o ControlPersist=10m').persistS, 600);
    assert.equal(persist('-o ControlMaster=auto -o ControlPersist=45').persistS, 45);
    assert.equal(persist('-o ControlMaster=auto -o ControlPersist=yes').persistS, 0);
    assert.equal(persist('-o ControlMaster=auto -o ControlPersist=0').persistS, 0);
    // Without a master, or with ControlPersist=no, OpenSSH keeps nothing; neither does pgplay.
    assert.equal(persist('-o ControlPersist=60s').persistS, undefined);
    assert.equal(persist('-o ControlMaster=no -o ControlPersist=60s').persistS, undefined);
    assert.equal(persist('-o ControlMaster=auto -o ControlPersist=no').persistS, undefined);
    assert.equal(spec({}).persistS, undefined);
    // ANSIBLE_SSH_ARGS when the variable is not set; the control directory from ansible's setting.
    const s = spec({}, { ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s', ANSIBLE_SSH_CONTROL_PATH_DIR: '/tmp/cpdir' });
    assert.deepEqual([s.persistS, s.controlDir], [60, '/tmp/cpdir']);
    assert.equal(persist('-o ControlMaster=auto -o ControlPersist=60s', { ansible_control_path_dir: '/var/cp' }).controlDir, '/var/cp');
    assert.match(String(persist('-o ControlMaster=auto -o ControlPersist=60s').controlDir), /\/\.pgplay\/cp$/);
    assert.throws(() => persist('-o ControlMaster=auto -o ControlPersist=soon'), (e: Error) => e instanceof SshOptionError && /cannot read ControlPersist=soon \(expected yes, no or a time such as 60s, 10m, 1h\)/.test(e.message));
  });

  it('refuses options it cannot honour, naming them', () => {
    assert.throws(() => spec({ ansible_ssh_common_args: "-o 'ProxyCommand=nc %h %p'" }), (e: Error) => e instanceof SshOptionError && /the ssh option proxycommand .* is not supported/.test(e.message));
    assert.throws(() => spec({ ansible_ssh_extra_args: '-A' }), /agent forwarding \(-A\) is not supported/);
    assert.throws(() => spec({ ansible_ssh_extra_args: '-o ForwardAgent=yes' }), /ForwardAgent=yes is not supported/);
    assert.throws(() => spec({ ansible_ssh_extra_args: '-L 80:x:80' }), /the ssh argument "-L" is not supported/);
    assert.throws(() => spec({ ansible_port: 'x' }), /is not a port number/);
  });
});

describe('connection/known-hosts: OpenSSH known_hosts rules', () => {
  let dir: string;
  let key: string;
  let other: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-kh-'));
    for (const n of ['a', 'b']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, n)]);
    key = readFileSync(join(dir, 'a.pub'), 'utf8').split(' ')[1]!;
    other = readFileSync(join(dir, 'b.pub'), 'utf8').split(' ')[1]!;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const check = (text: string, host: string, port = 22, k = key) => {
    const f = join(dir, 'known_hosts');
    writeFileSync(f, text);
    return checkKnownHost([join(dir, 'missing'), f], [hostKeyName(host, port)], 'ssh-ed25519', k).status;
  };

  it('matches plain names, patterns and [host]:port, and tells a changed key from an unknown host', () => {
    assert.equal(check(`10.99.1.11 ssh-ed25519 ${key}\n`, '10.99.1.11'), 'ok');
    assert.equal(check(`10.99.1.11 ssh-ed25519 ${other}\n`, '10.99.1.11'), 'changed');
    assert.equal(check(`10.99.1.12 ssh-ed25519 ${key}\n`, '10.99.1.11'), 'unknown');
    assert.equal(check(`[10.99.1.11]:2222 ssh-ed25519 ${key}\n`, '10.99.1.11', 2222), 'ok');
    assert.equal(check(`10.99.1.11 ssh-ed25519 ${key}\n`, '10.99.1.11', 2222), 'unknown');
    assert.equal(check(`# comment\n10.99.1.*,!10.99.1.12 ssh-ed25519 ${key}\n`, '10.99.1.11'), 'ok');
    assert.equal(check(`10.99.1.*,!10.99.1.12 ssh-ed25519 ${key}\n`, '10.99.1.12'), 'unknown');
    assert.equal(check(`@revoked * ssh-ed25519 ${key}\n10.99.1.11 ssh-ed25519 ${key}\n`, '10.99.1.11'), 'revoked');
  });

  it('matches entries hashed by ssh-keygen -H, also in [host]:port form', () => {
    const f = join(dir, 'hashed');
    writeFileSync(f, `10.99.1.11 ssh-ed25519 ${key}\n[10.99.1.13]:2200 ssh-ed25519 ${key}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', f], { stdio: 'ignore' });
    const text = readFileSync(f, 'utf8');
    assert.ok(text.startsWith('|1|') && !text.includes('10.99'));
    assert.equal(check(text, '10.99.1.11'), 'ok');
    assert.equal(check(text, '10.99.1.13', 2200), 'ok');
    assert.equal(check(text, '10.99.1.13'), 'unknown');
    assert.equal(check(text, '10.99.1.11', 22, other), 'changed');
  });
});
