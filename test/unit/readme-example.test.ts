// The README's library example is run as written: extracted from README.md and executed by node
// from the repository root (where @pgplay/engine resolves), against the checked-in lab inventory.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';

describe('README library example', () => {
  it('runs as written and reports an exit code and per-host stats', function () {
    this.timeout(60_000);
    const readme = readFileSync('README.md', 'utf8');
    const m = /## The library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
    assert.ok(m, 'README.md has a ```ts block under "## The library"');
    const file = `.readme-example-${process.pid}.mjs`;
    writeFileSync(file, m[1]!);
    try {
      const out = execFileSync('node', [file], { encoding: 'utf8' });
      // Without lab hosts the preflight play fails on localhost: exit code 2, localhost's recap.
      assert.match(out, /^localhost failed every role of the cluster has hosts$/m);
      assert.match(out, /^2 \{"localhost":\{"ok":\d+,"changed":0,"unreachable":0,"failed":1/m);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
