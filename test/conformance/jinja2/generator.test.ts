/** The checked-in expectations are exactly what the generator computes now from cases/*.yaml. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HERE, ROOT } from './support.js';

describe('conformance: generate.py is in sync with expected/', function () {
  this.timeout(300_000);
  it('regenerating changes nothing', () => {
    const python = join(ROOT, '.venv', 'bin', 'python');
    // The venv is part of the test set-up (scripts/setup-venv.sh); without it this must fail, not skip.
    assert.ok(existsSync(python), `${python} is missing: run scripts/setup-venv.sh`);
    const out = mkdtempSync(join(tmpdir(), 'pgplay-j2-gen-'));
    try {
      execFileSync(python, [join(HERE, 'generate.py'), out], { stdio: ['ignore', 'ignore', 'pipe'] });
      const want = readdirSync(join(HERE, 'expected')).sort();
      const got = readdirSync(out).sort();
      assert.deepEqual(got, want, 'expected/ holds other files than the generator writes');
      for (const f of got) {
        const a = readFileSync(join(out, f), 'utf8');
        const b = readFileSync(join(HERE, 'expected', f), 'utf8');
        assert.ok(a === b, `expected/${f} is stale: run .venv/bin/python test/conformance/jinja2/generate.py`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
