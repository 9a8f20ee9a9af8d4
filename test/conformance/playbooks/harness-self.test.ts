/** The judge's own tests: each comparison must notice a difference, and normalisation must not
 * hide more than README.md lists. */
import { strict as assert } from 'node:assert';
import { compareEvents } from './harness/compare-events.js';
import { compareText } from './harness/compare-text.js';
import { parsePyJson, PyFloatText } from './harness/json-lines.js';
import { normaliseText, normaliseValue, pathReplacer } from './harness/normalise.js';
import { compareSnapshots, snapshot } from './harness/end-state.js';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const paths = pathReplacer({ root: '/t/r', work: '/t/r/work', caseDir: '/t/r/case', home: '/t/r/home' });
const ev = (status: string, result: Record<string, unknown>, host = 'h1'): Record<string, unknown> => ({
  kind: 'host-result', task: { name: 't', action: 'command' }, host, status, result,
});
const start = { kind: 'task-start', task: { name: 't', action: 'command' }, hosts: [] };

describe('conformance harness: self-checks', function () {
  it('keeps floats apart from ints', function () {
    const v = parsePyJson('{"a": 1.0, "b": 1, "s": "1.0"}') as Record<string, unknown>;
    assert.ok(v['a'] instanceof PyFloatText);
    assert.equal(v['b'], 1);
    assert.equal(v['s'], '1.0');
    assert.notDeepEqual(compareEvents([start, ev('ok', { x: v['a'] })], [start, ev('ok', { x: 1 })]), []);
  });

  it('drops only the listed keys', function () {
    const r = normaliseValue(
      { start: '2026-01-01 00:00:00.000001', delta: '0:00:00.1', end: null, stop: 'not a time', invocation: {}, _ansible_no_log: false, cmd: '/t/r/work/x', nested: [{ _ansible_item_label: 1, start: 'kept' }] },
      paths,
    );
    assert.deepEqual(r, { stop: 'not a time', cmd: '<WORK>/x', nested: [{ start: 'kept' }] });
  });

  it('reports status, item and result differences per host', function () {
    assert.deepEqual(compareEvents([start, ev('ok', { a: 1 })], [start, ev('ok', { a: 1 })]), []);
    assert.match(compareEvents([start, ev('ok', {})], [start, ev('changed', {})]).join(), /status/);
    assert.match(compareEvents([start, ev('ok', { a: 1 })], [start, ev('ok', { a: 2 })]).join(), /\$\.result\.a: ansible 1, pgplay 2/);
    assert.match(compareEvents([start, ev('ok', {}), ev('ok', {}, 'h2')], [start, ev('ok', {})]).join(), /host h2/);
  });

  it('ignores host interleaving but not per-host order', function () {
    const a = [start, ev('ok', { n: 1 }), ev('ok', { n: 2 }, 'h2')];
    const b = [start, ev('ok', { n: 2 }, 'h2'), ev('ok', { n: 1 })];
    assert.deepEqual(compareEvents(a, b), []);
    const t1 = ['', 'TASK [x] ****', 'ok: [h1]', 'ok: [h2]', ''];
    const t2 = ['', 'TASK [x] ****', 'ok: [h2]', 'ok: [h1]', ''];
    assert.deepEqual(compareText(t1, t2), []);
    assert.notDeepEqual(compareText(t1, ['', 'TASK [x] ****', 'ok: [h1]', 'changed: [h2]', '']), []);
  });

  it('normalises text the same way, and nothing more', function () {
    const text = [
      'ok: [h1] => {',
      '    "r": {',
      '        "cmd": "ls /t/r/work",',
      '        "delta": "0:00:00.004511",',
      '        "invocation": {',
      '            "module_args": {}',
      '        },',
      '        "rc": 0,',
      '        "start": "2026-01-01 00:00:00.000001"',
      '    }',
      '}',
      'fatal: [h1]: FAILED! => {"changed": true, "delta": "0:00:00.1", "end": "2026-01-01 00:00:00.1", "rc": 1}',
    ].join('\n');
    assert.deepEqual(normaliseText(text, paths), [
      'ok: [h1] => {',
      '    "r": {',
      '        "cmd": "ls <WORK>",',
      '        "rc": 0',
      '    }',
      '}',
      'fatal: [h1]: FAILED! => {"changed": true, "rc": 1}',
    ]);
    assert.deepEqual(normaliseText('ok: [h1]   ', paths), ['ok: [h1]   ']);
  });

  it('compares the work dir by content and mode, forgiving only backup names', function () {
    const dir = mkdtempSync(join(tmpdir(), 'pgplay-harness-self-'));
    try {
      writeFileSync(join(dir, 'a.txt'), 'x\n');
      writeFileSync(join(dir, 'a.txt.123.2026-01-02@03:04:05~'), 'old\n');
      const before = snapshot(dir);
      assert.ok(before.some((l) => l.startsWith('a.txt.<PID>.<TIME>~ ')));
      assert.deepEqual(compareSnapshots(before, snapshot(dir), 'p'), []);
      chmodSync(join(dir, 'a.txt'), 0o600);
      assert.equal(compareSnapshots(before, snapshot(dir), 'p').length, 2); // the old line and the new one
      writeFileSync(join(dir, 'a.txt'), 'x\r\n');
      writeFileSync(join(dir, 'extra'), '');
      assert.equal(compareSnapshots(before, snapshot(dir), 'p').length, 3);
      assert.equal(normaliseValue('/t/r/work/a.txt.99.2026-01-02@03:04:05~', paths), '<WORK>/a.txt.<PID>.<TIME>~');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
