// The service and system modules' argument rules and systemctl-show parsing, checked without a
// host: ansible's aliases, required_by/required_if, defaults, and parse_systemctl_show's
// multi-line Exec values.
import assert from 'node:assert/strict';
import { validateArgsRuntime } from '@pgplay/engine';
import { registry, parseSystemctlShow } from '@pgplay/modules';

const def = (name: string) => registry.modules.find((m) => m.name === name || m.aliases?.includes(name))!;
const check = (name: string, args: Record<string, unknown>) => validateArgsRuntime(def(name).name, def(name).args, args);

describe('modules/service and system module arguments', () => {
  it('systemd: unit and service are aliases of name, daemon-reload of daemon_reload; defaults as ansible', () => {
    for (const key of ['name', 'unit', 'service']) {
      const r = check('systemd', { [key]: 'ssh', 'daemon-reload': 'yes' });
      assert.ok(r.ok, JSON.stringify(r));
      if (r.ok) assert.deepEqual([r.args['name'], r.args['daemon_reload'], r.args['daemon_reexec'], r.args['scope'], r.args['no_block']], ['ssh', true, false, 'system', false]);
    }
  });

  it('systemd: state, enabled and masked need name (required_by); nothing else is required, as the defaults satisfy required_one_of', () => {
    assert.deepEqual(check('ansible.builtin.systemd_service', { state: 'started' }), { ok: false, errors: ["missing parameter(s) required by 'state': name"] });
    assert.deepEqual(check('systemd', { enabled: true, masked: false }), { ok: false, errors: ["missing parameter(s) required by 'enabled': name", "missing parameter(s) required by 'masked': name"] });
    assert.ok(check('systemd', {}).ok);
    assert.equal(check('systemd', { name: 'x', state: 'running' }).ok, false);
  });

  it('service: name is required, args is an alias of arguments; sysctl needs value when present', () => {
    assert.equal(check('service', { state: 'started' }).ok, false);
    const r = check('service', { name: 'ssh', args: '-x' });
    assert.ok(r.ok && r.args['arguments'] === '-x');
    assert.deepEqual(check('ansible.posix.sysctl', { name: 'net.ipv4.ip_forward', state: 'present' }), { ok: false, errors: ['state is present but all of the following are missing: value'] });
    const s = check('sysctl', { key: 'a.b', val: 1 });
    assert.ok(s.ok && s.args['name'] === 'a.b' && s.args['value'] === '1' && s.args['sysctl_file'] === '/etc/sysctl.conf' && s.args['reload'] === true);
    assert.deepEqual(check('community.general.timezone', {}), { ok: false, errors: ['one of the following is required: hwclock, name'] });
  });

  it('parses systemctl show as parse_systemctl_show does: values stripped, Exec values over several lines kept whole', () => {
    const out = 'Id=a.service\nDescription= spaced  \nExecStart={ path=/bin/sh ; argv[]=/bin/sh -c "echo\nmore" ; ignore_errors=no }\nNoEquals\nActiveState=active\n';
    assert.deepEqual(parseSystemctlShow(out.split('\n')), {
      Id: 'a.service', Description: 'spaced', ExecStart: '{ path=/bin/sh ; argv[]=/bin/sh -c "echo\nmore" ; ignore_errors=no }', ActiveState: 'active',
    });
  });
});
