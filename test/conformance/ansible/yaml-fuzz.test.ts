/** Differential test of the YAML emitter: random values dumped by PyYAML/libyaml as to_yaml and to_nice_yaml do. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dumpYaml } from '@pgplay/engine';
import { ROOT, decode } from '../jinja2/support.js';

interface FuzzCase {
  value: unknown;
  flow: boolean | null;
  indent: number;
  expected: string;
}

describe('conformance: YAML emitter against PyYAML (random values)', function () {
  this.timeout(120_000);
  it('dumps 1500 random values exactly as yaml.dump(Dumper=AnsibleDumper) does', () => {
    const python = join(ROOT, '.venv', 'bin', 'python');
    assert.ok(existsSync(python), `${python} is missing: run scripts/setup-venv.sh`);
    const script = join(ROOT, 'test', 'conformance', 'ansible', 'yaml_fuzz.py');
    const cases = JSON.parse(execFileSync(python, [script, '20261122', '1500'], { maxBuffer: 64 << 20 }).toString('utf8')) as FuzzCase[];
    const bad = cases.filter((c) => dumpYaml(decode(c.value), { flowStyle: c.flow, indent: c.indent }) !== c.expected);
    const first = bad[0];
    assert.equal(bad.length, 0, first && `${bad.length} mismatches; first: ${JSON.stringify(first.value)} → expected ${JSON.stringify(first.expected)}, got ${JSON.stringify(dumpYaml(decode(first.value), { flowStyle: first.flow, indent: first.indent }))}`);
  });
});
