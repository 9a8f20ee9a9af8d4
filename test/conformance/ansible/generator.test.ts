/** The checked-in Ansible-area expectations are exactly what generate.py computes now from cases/*.yaml. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../jinja2/support.js';

const HERE = join(ROOT, 'test', 'conformance', 'ansible');

describe('conformance: ansible generate.py is in sync with expected/', function () {
  this.timeout(300_000);
  it('regenerating changes nothing', () => {
    const python = join(ROOT, '.venv', 'bin', 'python');
    assert.ok(existsSync(python), `${python} is missing: run scripts/setup-venv.sh`);
    const out = mkdtempSync(join(tmpdir(), 'pgplay-ansible-gen-'));
    try {
      // The lookups resolve their fixtures relative to the working directory, as Ansible's basedir.
      execFileSync(python, [join(HERE, 'generate.py'), out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      const want = readdirSync(join(HERE, 'expected')).sort();
      assert.deepEqual(readdirSync(out).sort(), want, 'expected/ holds other files than the generator writes');
      for (const f of want) {
        const same = readFileSync(join(out, f), 'utf8') === readFileSync(join(HERE, 'expected', f), 'utf8');
        assert.ok(same, `expected/${f} is stale: run .venv/bin/python test/conformance/ansible/generate.py`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
