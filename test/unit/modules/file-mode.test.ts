/**
 * Symbolic modes against ansible's own AnsibleModule._symbolic_mode_to_octal (the pinned oracle
 * in .venv), for files and directories with several starting modes and umasks.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { symbolicToOctal } from '@pgplay/modules';

const repo = resolve(fileURLToPath(import.meta.url), '../../../../..');
const python = join(repo, '.venv/bin/python');
const MODES = ['u+x', 'u=rw,g=r,o=', 'a+rX', '+x', '-w', 'g=u', 'o=g', 'u+s,g+s,+t', 'ug=rwx,o-rwx', 'u=rwX,g=rX,o=', 'a=', '=r', 'go-w+r', 'u-x+X', 'o+t-t', 'g+s-x'];
const STARTS = [0o644, 0o755, 0o600, 0o4711, 0o000];

describe('modules/util symbolic modes against ansible', function () {
  let oracle: Record<string, number>;
  before(function () {
    this.timeout(120_000);
    assert.ok(existsSync(python), `oracle missing: ${python}`);
    const script = `
import json, os, stat, sys
from ansible.module_utils.basic import AnsibleModule
class St: pass
out = {}
for umask in (0o022, 0o077):
    os.umask(umask)
    for isdir in (False, True):
        for start in ${JSON.stringify(STARTS)}:
            for m in ${JSON.stringify(MODES)}:
                st = St(); st.st_mode = (stat.S_IFDIR if isdir else stat.S_IFREG) | start
                out['%o %s %o %s' % (umask, isdir, start, m)] = AnsibleModule._symbolic_mode_to_octal(st, m)
print(json.dumps(out))`;
    oracle = JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' })) as Record<string, number>;
  });

  it('computes every case as ansible does', function () {
    let n = 0;
    for (const [key, want] of Object.entries(oracle)) {
      const [umask, isdir, start, mode] = key.split(' ');
      const got = symbolicToOctal(mode!, parseInt(start!, 8), isdir === 'True', parseInt(umask!, 8));
      assert.equal(got.toString(8), want.toString(8), key);
      n++;
    }
    assert.equal(n, 2 * 2 * STARTS.length * MODES.length);
  });
});
