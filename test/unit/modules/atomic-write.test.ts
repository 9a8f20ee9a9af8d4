/**
 * The atomic write every file module uses, run by a real /bin/sh: a complete write lands with
 * ansible's new-file mode, and SIGINT in the middle of a write leaves the old file and no temp file.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScript } from '@pgplay/modules';

/** Waits for a real condition, polling the file system, with a generous deadline. */
async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('modules/util atomic write', function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pgplay-atomic-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the content with 0666 & ~umask and leaves no temp file', async function () {
    const dest = join(dir, 'new.txt');
    const { script } = writeScript(dest, {});
    const child = spawn('/bin/sh', ['-c', `umask 022; ${script.text}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end('hello\n');
    const code = await new Promise((r) => child.on('close', r));
    assert.equal(code, 0);
    assert.equal(readFileSync(dest, 'utf8'), 'hello\n');
    assert.equal(statSync(dest).mode & 0o7777, 0o644);
    assert.deepEqual(readdirSync(dir), ['new.txt']);
  });

  it('keeps the old file and removes the temp file when interrupted mid-write', async function () {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'old\n');
    const { script, tmp } = writeScript(dest, { mode: 0o600 });
    // Its own process group, so SIGINT reaches sh and the cat copying stdin, as a terminal's ^C does.
    const child = spawn('/bin/sh', ['-c', script.text], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('close', (c, s) => r([c, s])));
    child.stdin.write('half of the new ');
    await until(() => existsSync(tmp) && statSync(tmp).size > 0, 'the temp file to receive data');
    process.kill(-child.pid!, 'SIGINT');
    const [code] = await closed;
    assert.notEqual(code, 0);
    assert.equal(readFileSync(dest, 'utf8'), 'old\n');
    assert.deepEqual(readdirSync(dir), ['conf'], 'no temp file left behind');
  });
});
