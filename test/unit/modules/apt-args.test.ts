// The package modules' argument rules, checked without a host: ansible's aliases, defaults,
// mutually_exclusive and choices (the one apt state pgplay does not implement, build-dep, refused).
import assert from 'node:assert/strict';
import { validateArgsRuntime } from '@pgplay/engine';
import { registry } from '@pgplay/modules';

const def = (name: string) => registry.modules.find((m) => m.name === name)!;
const check = (name: string, args: Record<string, unknown>) => validateArgsRuntime(name, def(name).args, args);

describe('modules/apt arguments', () => {
  it('takes name and pkg as aliases of package (ansible\'s canonical key), a comma string as a list, and defaults as ansible', () => {
    for (const key of ['name', 'pkg', 'package']) {
      const r = check('ansible.builtin.apt', { [key]: 'a,b' });
      assert.ok(r.ok, JSON.stringify(r));
      if (r.ok) assert.deepEqual([r.args['package'], r.args['state'], r.args['purge'], r.args['cache_valid_time']], [['a', 'b'], 'present', false, 0]);
    }
  });

  it('accepts a task without any of required_one_of\'s options, as ansible does (autoremove\'s default counts as given)', () => {
    const r = check('ansible.builtin.apt', { state: 'present' });
    assert.ok(r.ok, JSON.stringify(r));
  });

  it('refuses deb, package and upgrade together (mutually exclusive) and state build-dep', () => {
    const r = check('ansible.builtin.apt', { name: ['x'], deb: '/tmp/x.deb' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors.join(' '), /mutually exclusive: deb\|package\|upgrade|parameters are mutually exclusive/);
    assert.equal(check('ansible.builtin.apt', { name: ['x'], state: 'build-dep' }).ok, false);
  });

  for (const [option, value] of [['deb', '/tmp/x.deb'], ['upgrade', 'dist'], ['default_release', 'x'], ['only_upgrade', true], ['lock_timeout', 5], ['policy_rc_d', 101], ['dpkg_options', 'force-confnew']] as const) {
    it(`takes ${option}`, () => {
      const r = check('ansible.builtin.apt', option === 'deb' || option === 'upgrade' ? { [option]: value } : { name: ['x'], [option]: value });
      assert.ok(r.ok, JSON.stringify(r));
    });
  }

  it('deb822_repository requires name, defaults types to deb, mode 0644, state present; package_facts defaults manager auto', () => {
    assert.equal(check('ansible.builtin.deb822_repository', { uris: ['http://x/'] }).ok, false);
    const r = check('ansible.builtin.deb822_repository', { name: 'x' });
    assert.ok(r.ok, JSON.stringify(r));
    if (r.ok) assert.deepEqual([r.args['types'], r.args['mode'], r.args['state']], [['deb'], '0644', 'present']);
    assert.equal(check('ansible.builtin.deb822_repository', { name: 'x', types: ['rpm'] }).ok, false);
    const f = check('ansible.builtin.package_facts', {});
    assert.ok(f.ok, JSON.stringify(f));
    if (f.ok) assert.deepEqual([f.args['manager'], f.args['strategy']], [['auto'], 'first']);
  });

  it('apt_key refuses keyserver (no outside address is contacted) and data with file; apt_repository requires repo, update_cache defaults true', () => {
    const k = check('ansible.builtin.apt_key', { id: 'ABCDEF01', keyserver: 'keyserver.ubuntu.com' });
    assert.equal(k.ok, false);
    if (!k.ok) assert.match(k.errors.join(' '), /option 'keyserver' of ansible.builtin.apt_key is not supported by pgplay yet/);
    assert.equal(check('ansible.builtin.apt_key', { data: 'x', file: '/x' }).ok, false);
    assert.equal(check('ansible.builtin.apt_repository', { state: 'absent' }).ok, false);
    const r = check('ansible.builtin.apt_repository', { repo: 'deb http://x/ y main' });
    assert.ok(r.ok, JSON.stringify(r));
    if (r.ok) assert.deepEqual([r.args['update_cache'], r.args['state']], [true, 'present']);
  });

  it('package takes apt\'s options plus use', () => {
    const r = check('ansible.builtin.package', { name: 'x', state: 'latest', use: 'apt', update_cache: true });
    assert.ok(r.ok, JSON.stringify(r));
  });

  it('dpkg_selections requires name and a known selection', () => {
    assert.equal(check('ansible.builtin.dpkg_selections', { name: 'x' }).ok, false);
    assert.equal(check('ansible.builtin.dpkg_selections', { name: 'x', selection: 'frozen' }).ok, false);
    assert.ok(check('ansible.builtin.dpkg_selections', { name: 'x', selection: 'hold' }).ok);
  });
});
