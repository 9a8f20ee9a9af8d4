// The resident Python file probe started through the become conversation (engine
// connection/native-become.ts). Real processes stand in for sudo: a script taking sudo's
// arguments as buildBecome writes them (become_exe), which prints something before its prompt,
// reads one password line per prompt (counted in a file) and runs the command; and the real
// server behind it. The lab suites (hosts/files, hosts/ssh) run it under the real sudo.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeCoprocess, nativeStartCommand, processChannel, becomeNativeChannel, buildBecome, type BecomeCommand } from '@pgplay/engine';
import type { ShellCommand } from '@pgplay/engine/module-api';

type Chan = ConstructorParameters<typeof NativeCoprocess>[0];

/** A command's text as it is (what buildBecome wraps). */
const verbatim = (text: string): ShellCommand => ({ kind: 'sh', text, display: text, secrets: [] });

function run(text: string, env: Record<string, string> = {}): Chan {
  const child = spawn('/bin/sh', ['-c', text], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdin.on('error', () => undefined);
  return processChannel(child);
}

/** sudo's part as buildBecome calls it: `-p PROMPT -u USER /bin/sh -c …`; `tries` counts password lines read. */
const FAKE_SUDO = `#!/bin/sh
while [ $# -gt 0 ]; do case "$1" in -p) prompt=$2; shift 2;; -u) shift 2;; -*) shift;; *) break;; esac; done
printf '%s\\n' "$EARLY"
for n in 1 2 3; do
  printf '%s' "$prompt" >&2
  read pw || exit 1
  echo x >> "$TRIES"
  [ "$pw" = "$WANT" ] && exec "$@"
  echo 'Sorry, try again.' >&2
done
echo 'sudo: 3 incorrect password attempts' >&2
exit 1
`;

describe('connection/native-become: the file probe server under become', function () {
  this.timeout(30_000);
  let dir: string;
  let sudo: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-native-become-'));
    sudo = join(dir, 'fake-sudo');
    writeFileSync(sudo, FAKE_SUDO);
    chmodSync(sudo, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function start(token: string, password: string, want: string, tries: string): { b: BecomeCommand; ch: Chan } {
    const b = buildBecome(verbatim(nativeStartCommand(token)), { method: 'sudo', user: 'root', exe: sudo, password });
    // The token itself printed before the prompt (as a login script or sudo's lecture might print anything).
    return { b, ch: run(b.command.text, { EARLY: `${token} early`, WANT: want, TRIES: tries }) };
  }

  it('answers the prompt once and hands the server on only after the success marker', async () => {
    const tries = join(dir, 'tries-ok');
    const { b, ch } = start('tok-b1', 'secret', 'secret', tries);
    const c = await becomeNativeChannel(ch, b, 10_000);
    assert.ok(c, 'the conversation went through');
    const p = new NativeCoprocess(c, null, 'tok-b1');
    assert.equal(await p.ready, true);
    const a = await p.request('files', { paths: ['/'] });
    assert.match(a ?? '', /^M \d{4}\nI uid=\d+/);
    assert.equal(readFileSync(tries, 'utf8'), 'x\n', 'one password line');
    p.kill();
  });

  it('gives no channel on a wrong password, which is sent once', async () => {
    const tries = join(dir, 'tries-wrong');
    const { b, ch } = start('tok-b2', 'wrong', 'secret', tries);
    assert.equal(await becomeNativeChannel(ch, b, 10_000), null);
    await ch.done;
    assert.equal(readFileSync(tries, 'utf8'), 'x\n', 'the wrong password went once');
  });

  it('takes the server\'s ready line from the chunk that carries the marker, and nothing before the marker', async () => {
    const b: BecomeCommand = {
      command: verbatim(''), success: 'BECOME-SUCCESS-abc', method: 'sudo',
      isPrompt: () => false, isIncorrect: () => false, isMissing: () => false,
    };
    // Marker, token and nothing else in one write; the token also before the marker.
    const ch = run("echo tok-b3; printf 'BECOME-SUCCESS-abc\\ntok-b3\\n'; read x; printf '1 3\\nabc'; read y");
    const c = await becomeNativeChannel(ch, b, 10_000);
    assert.ok(c);
    const p = new NativeCoprocess(c, null, 'tok-b3');
    assert.equal(await p.ready, true);
    assert.equal(await p.request('files', { paths: ['/'] }), 'abc');
    assert.ok(p.alive, 'no stray output: the early token was not taken for an answer');
    p.kill();
  });

  it('gives no channel when the command ends before the marker', async () => {
    const b = buildBecome(verbatim('true'), { method: 'sudo', user: 'root', exe: '/nonexistent/sudo' });
    assert.equal(await becomeNativeChannel(run(b.command.text), b, 10_000), null);
  });
});
