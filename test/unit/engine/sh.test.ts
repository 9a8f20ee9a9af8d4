import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { sh, secret, quote } from '@pgplay/engine/module-api';
import { maskSecrets } from '@pgplay/engine';

describe('connection/sh quoting', () => {
  const hostile = ["it's", 'a b', '$(touch /tmp/pwned)', '`id`', '"q"', 'back\\slash', '', '-n', 'new\nline', '*'];
  for (const s of hostile) {
    it(`round-trips ${JSON.stringify(s)} through dash`, () => {
      const cmd = sh`printf '%s' ${s}`;
      const out = execFileSync('/bin/sh', ['-c', cmd.text], { encoding: 'utf8' });
      assert.equal(out, s);
    });
  }
  it('leaves safe words bare', () => {
    assert.equal(quote('/etc/hosts'), '/etc/hosts');
    assert.equal(quote('a b'), "'a b'");
  });
  it('masks secrets in display but not in the command', () => {
    const cmd = sh`echo ${secret('hunter2')} ${['x', 'y z']}`;
    assert.equal(cmd.text, "echo hunter2 x 'y z'");
    assert.equal(cmd.display, 'echo ******** x \'y z\'');
    assert.equal(maskSecrets('pw=hunter2', cmd.secrets), 'pw=********');
  });
  it('nests commands without re-quoting', () => {
    const inner = sh`cat ${'a b'}`;
    assert.equal(sh`sudo sh -c ${inner.text}`.text, `sudo sh -c 'cat '\\''a b'\\'''`);
  });
});
