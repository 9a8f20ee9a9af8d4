// The framing around the resident Python file probe (engine connection/native-coprocess.ts): an
// answer exactly as framed, or none. Real processes stand in for the server: sh scripts that
// answer right, wrongly or not at all, and the real server started as pgplay starts it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { NativeCoprocess, nativeStartCommand, encodeRequest, processChannel } from '@pgplay/engine';

type Chan = ConstructorParameters<typeof NativeCoprocess>[0];

/** A local process as the channel the co-process reads and writes. */
function processChannelOf(script: string): Chan {
  const child = spawn('/bin/sh', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  return processChannel(child);
}

describe('connection/native-coprocess: an answer exactly as framed, or none', function () {
  this.timeout(30_000);

  it('answers through the real server, and one request at a time', async () => {
    const token = 'tok-real';
    const p = new NativeCoprocess(processChannelOf(nativeStartCommand(token)), null, token);
    assert.equal(await p.ready, true);
    const [a, b] = await Promise.all([p.request('files', { paths: ['/'] }), p.request('files', { paths: ['/'] })]);
    assert.match(a ?? '', /^M \d{4}\nI uid=\d+/);
    assert.match(a ?? '', /\nP \/\nE\nZ 41[0-9a-f]{2} /);
    assert.equal(b, null, 'a second request while one is out gets no answer');
    assert.ok(p.idle);
    assert.equal(await p.request('files', { paths: ['a\0b'] }), null, 'a NUL cannot be sent');
    assert.equal(await p.request('stat', { paths: ['/'] }), null, 'an op the server does not know');
    assert.ok(p.alive && p.idle, 'a declined request leaves the server usable');
    p.kill();
    assert.equal(await p.request('files', { paths: ['/'] }), null);
  });

  it('skips what a login script printed before the token', async () => {
    const p = new NativeCoprocess(processChannelOf(`echo 'Welcome!'; printf 'no newline'; ${nativeStartCommand('tok-2')}`), null, 'tok-2');
    assert.equal(await p.ready, true);
    assert.notEqual(await p.request('files', { paths: ['/'] }), null);
    p.kill();
  });

  it('is not ready when the server cannot start (no python3 there)', async () => {
    const p = new NativeCoprocess(processChannelOf('exec /nonexistent/python3 -c x'), null, 'tok-3');
    assert.equal(await p.ready, false);
    assert.equal(p.alive, false);
    assert.equal(await p.request('files', { paths: ['/'] }), null);
  });

  it('drops a server whose answer is framed wrongly, and answers null', async () => {
    // The right token, then an answer for another request id.
    const wrongId = new NativeCoprocess(processChannelOf("echo tok-4; read x; printf '99 3\\nabc'; sleep 5"), null, 'tok-4');
    assert.equal(await wrongId.ready, true);
    assert.equal(await wrongId.request('files', { paths: ['/'] }), null);
    assert.equal(wrongId.alive, false);
    // More bytes than announced.
    const tooLong = new NativeCoprocess(processChannelOf("echo tok-5; read x; printf '1 3\\nabcdef'; sleep 5"), null, 'tok-5');
    assert.equal(await tooLong.ready, true);
    assert.equal(await tooLong.request('files', { paths: ['/'] }), 'abc');
    assert.equal(tooLong.alive, false, 'the extra bytes make it untrustworthy');
    // Dies in the middle of an answer.
    const dies = new NativeCoprocess(processChannelOf("echo tok-6; read x; printf '1 10\\nabc'"), null, 'tok-6');
    assert.equal(await dies.ready, true);
    assert.equal(await dies.request('files', { paths: ['/'] }), null);
    // A declined request ("-1") is an answer of none, not an error.
    const declines = new NativeCoprocess(processChannelOf("echo tok-7; read x; echo '1 -1'; read y; printf '2 2\\nok'"), null, 'tok-7');
    assert.equal(await declines.ready, true);
    assert.equal(await declines.request('files', {}), null);
    assert.equal(await declines.request('files', {}), 'ok');
  });

  it('encodes requests as tab-separated hex the server reads without json', () => {
    assert.equal(encodeRequest('3', 'files', { paths: ['/a b', ''], checksum: 'sha1', follow: true, users: [], extras: { mime: true, attributes: false } }), '3\tfiles\tpaths=x2f612062,x\tchecksum=sha1\tfollow=1\tusers=\textras=m');
    assert.equal(encodeRequest('1', 'files', { checksum: 'sha1; rm' }), null);
    assert.equal(encodeRequest('1', 'files', { paths: [5] }), null);
  });
});
