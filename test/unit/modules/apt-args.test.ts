// The apt and package modules' argument rules, checked without a host: ansible's aliases,
// required_one_of and mutually_exclusive, and the options pgplay does not implement yet refused
// with a message that says so (never silently ignored).
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

  it('needs one of autoremove, deb, package, update_cache, upgrade', () => {
    const r = check('ansible.builtin.apt', { state: 'present' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors.join(' '), /one of the following is required: autoremove, deb, package, update_cache, upgrade/);
  });

  for (const [option, value] of [['deb', '/tmp/x.deb'], ['upgrade', 'dist'], ['default_release', 'x'], ['only_upgrade', true], ['lock_timeout', 5]] as const) {
    it(`refuses ${option} as not supported yet`, () => {
      const r = check('ansible.builtin.apt', { name: ['x'], [option]: value });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.errors.join(' '), new RegExp(`option '${option}' of ansible.builtin.apt is not supported by pgplay yet`));
    });
  }

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
