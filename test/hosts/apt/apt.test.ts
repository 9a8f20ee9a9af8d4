// The apt module on lab hosts with packages from the harness-built test repository: ansible-playbook
// on h1, pgplay on h2 (fresh, identical hosts). The registered results (apt-get's stdout included)
// and the dpkg-query probes must be the same text, save the clock (cache_update_time, transfer rates).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { useLab, useLabTemplate } from '../../harness/lab/index.js';
import { workDir } from '../ssh/support.js';
import { differential, rootSh, SHOW, useTestRepo } from './support.js';

const TASKS = `
    - apt: {name: pgplay-app=1.0-1, install_recommends: false}${SHOW('r1')}
    - ansible.builtin.apt: {name: pgplay-extra, cache_valid_time: 3600}${SHOW('r2')}`;

const LATEST = `
    - apt: {name: [pgplay-app], state: latest}${SHOW('r3')}
    - package: {pkg: [pgplay-base, pgplay-app=2.0-1]}${SHOW('r4')}`;

const PROBE = `
    - shell: dpkg-query -W -f='\${Package} \${Version} \${db:Status-Abbrev}\\n' pgplay-app pgplay-base pgplay-extra; cat /var/lib/pgplay-app/installed; apt-mark showmanual | grep pgplay; true
      register: probe
      changed_when: false
      check_mode: false
    - debug: {var: probe.stdout_lines}`;

describe('hosts/apt: the apt module against ansible-playbook', function () {
  this.timeout(400_000);
  useLabTemplate();
  const lab = useLab({ suite: 'aptmod', hosts: 2 });
  useTestRepo(lab);
  let dir = '';
  before(() => { dir = workDir('aptmod'); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const { both, recap } = differential(lab, () => dir, PROBE);

  it('--check on fresh hosts predicts with apt-get --simulate and installs nothing', async () => {
    recap(await both(TASKS, ['--check']), /hX +: ok=6 +changed=2 /);
    assert.equal(await rootSh(lab(), 'h2', "dpkg-query -W -f='${db:Status-Abbrev}' pgplay-app 2>/dev/null; true"), '');
  });

  it('installs a pinned version without recommends, then the other package, with the same results and probed state', async () => {
    recap(await both(TASKS), /hX +: ok=6 +changed=2 /);
    assert.match(await rootSh(lab(), 'h2', 'dpkg-query -W pgplay-app pgplay-base pgplay-extra'), /pgplay-app\t1\.0-1\npgplay-base\t1\.0-1\npgplay-extra\t1\.0-1/);
  });

  it('changes nothing on a second run', async () => {
    recap(await both(TASKS), /hX +: ok=6 +changed=0 /);
  });

  it('marks an installed, automatically installed name manual without reporting a change (decided from dpkg and extended_states)', async () => {
    // pgplay-base came in as pgplay-app's dependency: apt marks it automatically installed.
    assert.equal(await rootSh(lab(), 'h2', 'apt-mark showauto pgplay-base'), 'pgplay-base\n');
    recap(await both(`
    - apt: {name: pgplay-base}${SHOW('m')}`), /hX +: ok=4 +changed=0 /);
    assert.equal(await rootSh(lab(), 'h2', 'apt-mark showauto pgplay-base; apt-mark showmanual pgplay-base'), 'pgplay-base\n');
  });

  it('state=latest upgrades (predicted first under --check); package dispatches to apt', async () => {
    recap(await both(LATEST, ['--check']), /hX +: ok=6 +changed=2 /);
    recap(await both(LATEST), /hX +: ok=6 +changed=1 /);
    recap(await both(LATEST), /hX +: ok=6 +changed=0 /);
    assert.match(await rootSh(lab(), 'h2', 'dpkg-query -W pgplay-app pgplay-base pgplay-extra'), /pgplay-app\t2\.0-1\npgplay-base\t1\.0-1\npgplay-extra\t1\.0-1/);
  });

  it('update_cache with nothing new reports no update; --diff shows the prepared removal; purge removes the conffile', async () => {
    const out = await both(`
    - apt: {update_cache: true}${SHOW('u')}
    - apt: {name: pgplay-app, state: absent, purge: true}${SHOW('x')}
    - apt: {name: pgplay-extra, state: absent, autoremove: true}${SHOW('y')}`, ['--diff']);
    recap(out, /hX +: ok=8 +changed=2 /);
    assert.equal((await lab().exec('h2', 'test -e /etc/pgplay-app.conf')).exitCode, 1);
  });

  it('fails the same way for unknown packages and versions', async () => {
    await both(`
    - apt: {name: pgplay-nothing}
      ignore_errors: true
    - apt: {name: pgplay-app=9.9}
      ignore_errors: true`);
  });
});
