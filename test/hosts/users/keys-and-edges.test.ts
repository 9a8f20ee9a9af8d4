// The less travelled paths of user, authorized_key and cron against the pinned ansible-playbook on
// identical fresh lab hosts (ansible on h1, pgplay on h2): generated keys with a passphrase, an
// existing key kept then overwritten with force, expiry changes, userdel --remove --force, a home
// that is not made; authorized_keys files with comments, invalid lines, duplicates, options with
// quotes, symlinks followed, exclusive; crontabs with jobs found by their line (header inserted or
// renamed), disabled jobs, job text with line breaks, variables inserted before others.
// --check --diff, --diff, then a re-run: same text every time, changed=0 at the end.
import { rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { workDir } from '../ssh/support.js';
import { rootSh } from '../apt/support.js';
import { both, PROBE, recap, SHOW } from './support.js';

const SETUP = `apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends cron >/dev/null
mkdir -p /srv/ak && printf '# a comment\\n\\nssh-rsa AAAAB3Nzaold1 old@x\\ngarbage line\\n\\ncommand="echo hi",no-pty ssh-ed25519 AAAAC3Nzaold2\\nssh-rsa AAAAB3Nzaold1 dup@x' > /srv/ak/real
ln -sf /srv/ak/real /srv/ak/link && chown -R sudopw /srv/ak
printf 'MAILTO=x\\n* * * * * /bin/date\\n#Ansible: None\\n1 * * * * /bin/hostname\\n#Ansible: old\\n2 * * * * /bin/old\\n' | crontab -u pwonly -`;

const TASKS = `
    - user: {name: kim, generate_ssh_key: true, ssh_key_passphrase: "pass phrase", ssh_key_file: .ssh/kim_key, ssh_key_type: ed25519}
      register: k1
    - user: {name: kim, generate_ssh_key: true, ssh_key_file: .ssh/kim_key, ssh_key_type: ed25519}
      register: k2
    - user: {name: kim, expires: 1700000000, password_expire_max: 30}
      register: k3
    - user: {name: lee, create_home: false, home: /srv/lee, append: true}
      register: k4
    - authorized_key: {user: sudopw, key: "ssh-ed25519 AAAAC3Nzaold2", key_options: 'no-pty,command="echo hi"', path: /srv/ak/link, follow: true, manage_dir: false}
      register: a1
    - authorized_key: {user: sudopw, key: "# skip me\\nssh-ed25519 AAAAC3Nzanew3 new", path: /srv/ak/link, follow: true, manage_dir: false}
      register: a2
    - authorized_key: {user: sudopw, key: "ssh-rsa AAAAB3Nzaold1 dup@x", path: /srv/ak/real, manage_dir: false, state: absent}
      register: a3
    - cron: {name: date, job: /bin/date, user: pwonly}
      register: c1
    - cron: {name: host, job: /bin/hostname, minute: "1", user: pwonly}
      register: c2
    - cron: {name: old, job: /bin/old, minute: "2", user: pwonly, disabled: true}
      register: c3
    - cron: {name: multi, job: "\\n/bin/a\\n", user: pwonly}
      register: c4
    - cron: {name: NEWV, env: true, job: z, user: pwonly, insertbefore: MAILTO}
      register: c5${SHOW(['k1', 'k2', 'k3', 'k4', 'a1', 'a2', 'a3', 'c1', 'c2', 'c3', 'c4', 'c5'])}${PROBE(`
getent passwd kim lee; getent shadow kim lee | cut -d: -f1,2,4-; ls -a /home/kim/.ssh; test -e /srv/lee || echo no home
ssh-keygen -y -P 'pass phrase' -f /home/kim/.ssh/kim_key | cut -d' ' -f1; ls -l /srv/ak | cut -c1-10,14-30,44-; cat /srv/ak/real; crontab -l -u pwonly`)}`;

const CLEANUP = `
    - user: {name: kim, generate_ssh_key: true, ssh_key_file: .ssh/kim_key, force: true}
      register: f1
    - user: {name: kim, state: absent, remove: true, force: true}
      register: f2${SHOW(['f1', 'f2'])}${PROBE('getent passwd kim; ls /home')}`;

describe('hosts/users: key, authorized_keys and crontab edge cases against ansible-playbook', function () {
  this.timeout(300_000);
  useLabTemplate();
  const lab = useLab({ suite: 'useredge', hosts: 2 });
  let dir = '';
  before(async function () {
    this.timeout(240_000);
    dir = workDir('useredge');
    await Promise.all(['h1', 'h2'].map((h) => rootSh(lab(), h, SETUP)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--check --diff, --diff and a re-run give ansible\'s results and files', async () => {
    recap((await both(lab(), dir, '', TASKS, ['--check', '--diff'])).out, /hX +: ok=15 +changed=11 /);
    recap((await both(lab(), dir, '', TASKS, ['--diff'])).out, /hX +: ok=15 +changed=10 /);
    recap((await both(lab(), dir, '', TASKS)).out, /hX +: ok=15 +changed=0 /);
  });

  it('overwrites a key with force, then removes the user with its home', async () => {
    recap((await both(lab(), dir, '', CLEANUP)).out, /hX +: ok=5 +changed=2 /);
  });
});
