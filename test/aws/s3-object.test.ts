// amazon.aws.s3_object against moto: put from content, content_base64 and a src file (found in
// files/ as the action plugin does), overwrite never/different/always, metadata, tags, get into
// dest with the same rules, getstr, geturl, list with prefix/marker/max_keys, create, delobj,
// missing bucket and key; differential with the collection and the lifecycle proof.
import assert from 'node:assert/strict';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveLifecycle } from './support/lifecycle.js';
import { s3Client } from './support/s3-snapshot.js';
import { explain, runAws } from './support/sides.js';
import { objectSnapshot } from './support/s3-object-snapshot.js';

const BUCKET = `    - s3_bucket: { name: pgplay-obj }\n`;

describe('aws: s3_object', function () {
  this.timeout(400_000);
  const suite = useMoto();
  let s3: S3Client;
  before(() => { s3 = s3Client(suite.moto); });
  after(() => s3.destroy());

  it('differential: put (content, base64, src), overwrite never/different/always, metadata, tags', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${BUCKET}
    - name: put content
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "hello\\n", metadata: { Content-Type: text/plain, owner: me }, tags: { env: demo } }
    - name: put the same content
      s3_object_alias_placeholder: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "hello\\n" }
    - name: same content, other tags
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "hello\\n", tags: { env: prod }, purge_tags: false }
    - name: other content, overwrite never
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "bye\\n", overwrite: never }
    - name: other content in check mode
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "bye\\n" }
      check_mode: true
    - name: other content
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "bye\\n" }
    - name: base64, overwrite always
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/b.bin, mode: put, content_base64: "AAEC", overwrite: always }
    - name: base64 again, overwrite always
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/b.bin, mode: put, content_base64: "AAEC", overwrite: always }
    - name: src from files/
      amazon.aws.s3_object: { bucket: pgplay-obj, object: data/c.json, mode: put, src: c.json, encrypt: false }
    - name: src again
      amazon.aws.s3_object: { bucket: pgplay-obj, object: data/c.json, mode: put, src: c.json }
`).replace('s3_object_alias_placeholder', 'aws_s3'), { files: { 'c.json': '{"a": 1}\n' } });
    assert.deepEqual(pgplay.tasks.map((t) => t.status), ['changed', 'changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'changed', 'changed', 'changed', 'ok'], explain(pgplay));
  });

  // A second playbook: one ansible-playbook run of every mode takes longer than the harness allows.
  it('differential: get (overwrite rules, check mode), getstr, geturl, list, create, delobj, missing keys and src', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${BUCKET}
    - amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: put, content: "bye\\n" }
    - amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/b.bin, mode: put, content_base64: "AAEC" }
    - amazon.aws.s3_object: { bucket: pgplay-obj, object: data/c.json, mode: put, src: c.json }
    - name: get into dest
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: get, dest: "{{ playbook_dir }}/a.txt" }
    - name: get again (same ETag)
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: get, dest: "{{ playbook_dir }}/a.txt" }
    - name: get another object over it, never
      amazon.aws.s3_object: { bucket: pgplay-obj, object: data/c.json, mode: get, dest: "{{ playbook_dir }}/a.txt", overwrite: never }
    - name: get in check mode
      amazon.aws.s3_object: { bucket: pgplay-obj, object: data/c.json, mode: get, dest: "{{ playbook_dir }}/a.txt" }
      check_mode: true
    - name: getstr
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: getstr }
    - name: geturl
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/a.txt, mode: geturl, expiry: 300 }
    - name: list all
      amazon.aws.s3_object: { bucket: pgplay-obj, mode: list }
    - name: list with prefix, marker and max_keys
      amazon.aws.s3_object: { bucket: pgplay-obj, mode: list, prefix: conf/, marker: conf/a.txt, max_keys: 1 }
    - name: create a directory key
      amazon.aws.s3_object: { bucket: pgplay-obj, object: logs, mode: create }
    - name: create it again
      amazon.aws.s3_object: { bucket: pgplay-obj, object: logs/, mode: create }
    - name: delete in check mode
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/b.bin, mode: delobj }
      check_mode: true
    - name: delete
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/b.bin, mode: delobj }
    - name: delete a missing key (S3 says yes)
      amazon.aws.s3_object: { bucket: pgplay-obj, object: conf/b.bin, mode: delobj }
    - name: list after
      aws_s3: { bucket: pgplay-obj, mode: list }
    - name: get a missing key
      amazon.aws.s3_object: { bucket: pgplay-obj, object: nope, mode: get, dest: "{{ playbook_dir }}/x" }
      ignore_errors: true
    - name: getstr a missing key
      amazon.aws.s3_object: { bucket: pgplay-obj, object: nope, mode: getstr }
      ignore_errors: true
    - name: geturl a missing key
      amazon.aws.s3_object: { bucket: pgplay-obj, object: nope, mode: geturl }
      ignore_errors: true
    - name: missing src
      amazon.aws.s3_object: { bucket: pgplay-obj, object: a, mode: put, src: no-such-file }
      ignore_errors: true
`), { files: { 'c.json': '{"a": 1}\n' } });
    assert.deepEqual(pgplay.tasks.map((t) => t.status), [
      'changed', 'changed', 'changed', 'changed', 'changed', 'ok', 'ok', 'changed', 'changed', 'changed', 'ok', 'ok', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok',
      'failed', 'failed', 'failed', 'failed',
    ], explain(pgplay));
  });

  // The collection raises its bucket_check failure outside its try block, so ansible shows
  // "MODULE FAILURE" and a traceback; pgplay fails with the message the collection meant (see
  // the README's deliberate differences).
  it('a missing bucket fails with the collection\'s message, nothing is created', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`    - amazon.aws.s3_object: { bucket: pgplay-none, object: a, mode: put, content: x }\n`));
    assert.deepEqual(r.tasks.map((t) => t.status), ['failed'], explain(r));
    assert.equal(r.tasks[0]!.result['msg'], "Bucket 'pgplay-none' not found (during bucket_check).  Support for automatically creating buckets was removed in release 6.0.0.  "
      + 'The amazon.aws.s3_bucket module can be used to create buckets.: An error occurred (404) when calling the HeadBucket operation: Not Found');
  });

  it('geturl gives a URL that fetches the object from the emulator', async () => {
    await suite.moto.reset();
    const r = await runAws('pgplay', suite.moto, awsPlay(`${BUCKET}    - amazon.aws.s3_object: { bucket: pgplay-obj, object: "dir/a b.txt", mode: put, content: hi there }
    - amazon.aws.s3_object: { bucket: pgplay-obj, object: "dir/a b.txt", mode: geturl }
`));
    assert.equal(r.exitCode, 0, explain(r));
    const url = String(r.tasks[2]!.result['url']);
    assert.ok(url.startsWith(`${suite.moto.url}/pgplay-obj/dir/a%20b.txt?`), url);
    const res = await fetch(url);
    assert.deepEqual([res.status, await res.text()], [200, 'hi there']);
  });

  it('differential: no_log values leave the results as ansible leaves them (a session token in a presigned URL, the secret key in an error)', async () => {
    const token = 'pgplay-session-token-Z9';
    const { pgplay } = await differential(suite, awsPlay(`${BUCKET}    - amazon.aws.s3_object: { bucket: pgplay-obj, object: tok.txt, mode: put, content: hi }
    - name: a presigned URL signed with a session token
      amazon.aws.s3_object: { bucket: pgplay-obj, object: tok.txt, mode: geturl, session_token: ${token} }
    - name: an object named like the secret key
      amazon.aws.s3_object: { bucket: pgplay-obj, object: "{{ lookup('env', 'AWS_SECRET_ACCESS_KEY') }}", mode: get, dest: "{{ playbook_dir }}/x" }
      ignore_errors: true
`));
    const url = String(pgplay.tasks[2]!.result['url']);
    assert.ok(url.includes('X-Amz-Security-Token=********') && !url.includes(token), url);
    assert.ok(!JSON.stringify(pgplay.tasks[3]!.result).includes(suite.moto.env['AWS_SECRET_ACCESS_KEY']!), JSON.stringify(pgplay.tasks[3]!.result));
  });

  it('lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      setup: BUCKET,
      create: `    - amazon.aws.s3_object: { bucket: pgplay-obj, object: k, mode: put, content: one, metadata: { a: b }, tags: { env: a } }\n`,
      modify: `    - amazon.aws.s3_object: { bucket: pgplay-obj, object: k, mode: put, content: two, metadata: { a: c }, tags: { env: b } }\n`,
      absent: `    - amazon.aws.s3_object: { bucket: pgplay-obj, object: k, mode: delobj }\n`,
      idOf: () => 'k',
      snapshot: (key) => objectSnapshot(s3, 'pgplay-obj', key),
      expectCreated: (s) => assert.deepEqual([s['size'], s['metadata'], s['tags']], [3, { a: 'b' }, { env: 'a' }]),
      expectModified: (s) => assert.deepEqual([s['size'], s['metadata'], s['tags']], [3, { a: 'c' }, { env: 'b' }]),
      // delobj is always changed (an S3 delete of a missing key succeeds), as in the collection.
      absentAgain: 'changed',
    });
  });

  it('check mode: predicts the upload, puts nothing', async () => {
    await suite.moto.reset();
    const setup = await runAws('pgplay', suite.moto, awsPlay(BUCKET));
    assert.equal(setup.exitCode, 0, explain(setup));
    const r = await runAws('pgplay', suite.moto, awsPlay(`    - amazon.aws.s3_object: { bucket: pgplay-obj, object: new, mode: put, content: abc, tags: { x: y } }\n`), { args: ['--check', '--diff'] });
    assert.deepEqual(r.tasks.map((t) => t.status), ['changed'], explain(r));
    const diff = r.tasks[0]!.result['diff'] as { before: unknown; after: Record<string, unknown> };
    assert.deepEqual([diff.before, diff.after['size'], diff.after['tags']], [{}, 3, { x: 'y' }], explain(r));
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'pgplay-obj', Key: 'new' })));
  });
});
