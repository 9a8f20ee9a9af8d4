/**
 * `pgplay schema | head`: the reader closes the pipe after a few bytes. The CLI must end quietly
 * (exit 0, nothing on stderr) rather than die on an unhandled EPIPE with a stack trace.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { pgplayCli } from '../../conformance/playbooks/harness/paths.js';

describe('CLI with a closed stdout', function () {
  this.timeout(30_000);

  it('ends quietly when the reader closes the pipe early', async () => {
    const child = spawn(process.execPath, [pgplayCli, 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    // Close our end after the first chunk, as `head -c 10` would.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
