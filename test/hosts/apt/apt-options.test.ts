// The rest of the apt module's options on lab hosts, differentially: ansible-playbook on h1, pgplay
// on h2 (identical fresh hosts with the harness's test repository). `deb:` from a file on the host
// and from a URL on the repository's server (its missing dependency installed through apt), a
// virtual package, a wildcard, `>=`, policy_rc_d and dpkg_options, autoremove/autoclean without
// names; then held packages, only_upgrade, default_release, fail_on_autoremove, state=fixed,
// upgrade and clean. Each set: --check first, then applied (with --diff), then re-run changed=0.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { workDir } from '../ssh/support.js';
import { differential, rootSh, SHOW, useTestRepo } from './support.js';

const PROBE = `
    - shell: dpkg-query -W -f='\${Package} \${Version} \${db:Status-Abbrev}\\n' 'pgplay-*'; cat /var/lib/pgplay-svc/policy; ls /usr/sbin/policy-rc.d; apt-mark showmanual | grep pgplay; true
      register: probe
      changed_when: false
      check_mode: false
    - debug: {var: probe.stdout_lines}`;

const FIRST = (url: string) => `
    - apt: {deb: /root/pgplay-tool_1.0-1_all.deb}${SHOW('d1')}
    - apt: {deb: "${url}pool/main/pgplay-app_1.0-1_all.deb", install_recommends: false}${SHOW('d2')}
    - apt: {name: pgplay-virtual}${SHOW('v')}
    - apt: {name: 'pgplay-ext*', install_recommends: false}${SHOW('w')}
    - apt: {name: 'pgplay-app>=1.0'}${SHOW('ge')}
    - apt: {name: pgplay-svc, policy_rc_d: 101, dpkg_options: 'force-confold,force-confdef'}${SHOW('p')}`;

/**
 * pgplay-tool (installed from its .deb above, and nothing depends on or recommends it) marked
 * automatic, so autoremove has work the first time. Not pgplay-extra: pgplay-app recommends it, and
 * apt keeps recommended packages (APT::AutoRemove::RecommendsImportant).
 */
const CLEANUP = `
    - command: apt-mark auto pgplay-tool
      changed_when: false
      failed_when: false
      check_mode: false
    - apt: {autoremove: true, purge: true}${SHOW('ar')}
    - apt: {autoclean: true}${SHOW('ac')}`;

const SECOND = `
    - apt: {name: pgplay-svc, state: absent, purge: true}${SHOW('s0')}
    - dpkg_selections: {name: pgplay-app, selection: hold}
    - apt: {name: pgplay-app, state: latest}
      ignore_errors: true${SHOW('s1')}
    - apt: {name: [pgplay-svc, pgplay-app], state: latest, only_upgrade: true, allow_change_held_packages: true, default_release: pgplay, fail_on_autoremove: true}${SHOW('s2')}
    - apt: {name: pgplay-base, state: fixed}${SHOW('s3')}
    - apt: {upgrade: dist}${SHOW('s4')}
    - apt: {upgrade: 'yes', force_apt_get: true}${SHOW('s5')}
    - apt: {name: 'pgplay-app=2.*', clean: true}${SHOW('s6')}`;

describe('hosts/apt: apt deb, virtual, wildcard, upgrade, hold and cleanup options against ansible-playbook', function () {
  this.timeout(400_000);
  useLabTemplate();
  const lab = useLab({ suite: 'aptopts', hosts: 2 });
  const repo = useTestRepo(lab);
  let dir = '';
  before(async () => {
    dir = workDir('aptopts');
    const deb = readFileSync(repo().repo.debs.get('pgplay-tool_1.0-1_all.deb')!).toString('base64');
    for (const h of ['h1', 'h2']) await rootSh(lab(), h, 'base64 -d > /root/pgplay-tool_1.0-1_all.deb', deb);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const { both, recap } = differential(lab, () => dir, PROBE);

  it('deb files and URLs, virtual, wildcard, >=, policy_rc_d and dpkg_options: --check, apply with --diff, re-run', async () => {
    const tasks = FIRST(repo().served.url);
    recap(await both(tasks, ['--check']), /hX +: ok=\d+ +changed=\d+ /);
    assert.equal(await rootSh(lab(), 'h2', "dpkg-query -W -f='${db:Status-Abbrev}' pgplay-tool 2>/dev/null; true"), '');
    recap(await both(tasks, ['--diff']), /hX +: ok=\d+ +changed=\d+ /);
    const state = await rootSh(lab(), 'h2', "dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\\n' 'pgplay-*' | grep ' ii'; cat /var/lib/pgplay-svc/policy; test ! -e /usr/sbin/policy-rc.d");
    assert.match(state, /pgplay-app 1\.0-1 ii/);
    assert.match(state, /pgplay-impl 1\.0-1 ii/);
    assert.match(state, /pgplay-tool 1\.0-1 ii/);
    assert.match(state, /^101$/m);
    recap(await both(tasks), /hX +: ok=\d+ +changed=0 /);
  });

  it('autoremove and autoclean without names: --check, apply with --diff, re-run', async () => {
    recap(await both(CLEANUP, ['--check']), /hX +: ok=\d+ +changed=1 /);
    recap(await both(CLEANUP, ['--diff']), /hX +: ok=\d+ +changed=1 /);
    // Purged: dpkg lists it as not installed, or (a package that came from a .deb file) not at all.
    const left = await rootSh(lab(), 'h2', "dpkg-query -W -f='${db:Status-Abbrev}' pgplay-tool 2>/dev/null; true");
    assert.ok(left === '' || left === 'un ', `pgplay-tool is still there: '${left}'`);
    recap(await both(CLEANUP), /hX +: ok=\d+ +changed=0 /);
  });

  it('held packages, only_upgrade, default_release, state=fixed, upgrade and clean: --check, apply, re-run', async () => {
    recap(await both(SECOND, ['--check']), /hX +: ok=\d+ +changed=\d+ /);
    recap(await both(SECOND, ['--diff']), /hX +: ok=\d+ +changed=\d+ /);
    assert.match(await rootSh(lab(), 'h2', 'dpkg-query -W pgplay-app'), /pgplay-app\t2\.0-1/);
    recap(await both(SECOND), /hX +: ok=\d+ +changed=1 /);
  });
});
