// The diff text pgplay prints, compared with ansible-core's own CallbackBase._get_diff (live, from .venv)
// on generated before/after pairs: difflib's hunks, headers, "No newline" markers, dict diffs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { renderDiff } from '@pgplay/engine';

const PY = '.venv/bin/python';

function lines(seed: number, n: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(`line ${x % 7} ${i % 5 === 0 ? 'common' : x % 3}`);
  }
  return out.join('\n');
}

function cases(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [
    { before: 'a=1\nb=2\n', after: 'a=1\nb=3\n', before_header: '/etc/demo/conf.ini (content)', after_header: '/etc/demo/conf.ini (content)' },
    { before: '', after: 'new\n', before_header: 'x', after_header: 'x' },
    { before: 'old\n', after: '' },
    { before: 'no newline', after: 'no newline\n' },
    { before: { path: '/x', state: 'absent' }, after: { path: '/x', state: 'file', mode: '0644' } },
    { before: 'same\n', after: 'same\n' },
    { before: null, after: 'x\r\ny\r\n' },
    { prepared: 'prepared text\n' },
  ];
  for (let i = 0; i < 25; i++) {
    const a = lines(i + 1, 5 + (i % 9) * 7);
    const b = lines(i + 101, 5 + (i % 7) * 9);
    out.push({ before: a + (i % 2 ? '\n' : ''), after: (i % 3 ? a.split('\n').slice(2).join('\n') + '\n' : '') + b });
  }
  out.push({ before: Array.from({ length: 300 }, (_, i) => `x${i % 4}`).join('\n'), after: Array.from({ length: 310 }, (_, i) => `x${i % 5}`).join('\n') });
  return out;
}

describe('output/render-diff against ansible-core CallbackBase._get_diff', () => {
  it('has the oracle', () => assert.ok(existsSync(PY), 'run scripts/setup-venv.sh: the oracle .venv is missing'));
  const all = cases();
  const script = 'import json,sys\nfrom ansible.plugins.callback import CallbackBase\ncb=CallbackBase()\nprint(json.dumps([cb._get_diff(d) for d in json.load(sys.stdin)]))';
  let expected: string[] = [];
  before(() => {
    expected = JSON.parse(execFileSync(PY, ['-c', script], { input: JSON.stringify(all), encoding: 'utf8' })) as string[];
  });
  all.forEach((d, i) => {
    it(`case ${i}`, () => {
      assert.equal(renderDiff(structuredClone(d) as never, (s) => s), expected[i]);
    });
  });
});
