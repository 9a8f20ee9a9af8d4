// The module API's Python `re` (pyCompile): group offsets, subn counts, inline flags, expand, and
// errors as PyRegexError; the translation itself is fuzzed against `re` in test/conformance/ansible.
import assert from 'node:assert/strict';
import { pyCompile, pyEscape, PyRegexError } from '@pgplay/engine/module-api';

describe('module API: pyCompile (Python re for modules)', () => {
  it('gives group offsets like match.start/end, also for named and unmatched groups', () => {
    const m = pyCompile('a(?P<mid>b+)(x)?c').search('zzabbbc')!;
    assert.equal(m.start(), 2);
    assert.equal(m.end(), 7);
    assert.deepEqual([m.start('mid'), m.end('mid'), m.group('mid')], [3, 6, 'bbb']);
    assert.deepEqual([m.start(2), m.end(2), m.group(2)], [-1, -1, null]);
  });
  it('counts replacements like re.subn, with Python templates and empty matches', () => {
    assert.deepEqual(pyCompile('(\\w)=(\\d)', { m: true }).subn('\\2=\\1', 'a=1\nb=2'), ['1=a\n2=b', 2]);
    assert.deepEqual(pyCompile('x*').subn('-', 'abxd'), ['-a-b--d-', 5]);
    assert.deepEqual(pyCompile('^', { m: true }).subn('> ', 'a\nb\n'), ['> a\n> b\n> ', 3]);
  });
  it('reports leading inline flags as pattern.flags', () => {
    assert.equal(pyCompile('(?m)^x').flags.m, true);
    assert.equal(pyCompile('(?i)(?s)x').flags.s, true);
    assert.equal(pyCompile('^x').flags.m, false);
  });
  it('matches only at the start with match(), and $ before a final newline', () => {
    assert.equal(pyCompile('b').match('ab'), null);
    assert.ok(pyCompile('a$').search('a\n'));
  });
  it('expands templates like match.expand', () => {
    assert.equal(pyCompile('(?P<k>\\w+)=(\\d)').search('x=1')!.expand('\\g<k>: \\2\\n'), 'x: 1\n');
    assert.throws(() => pyCompile('(a)').search('a')!.expand('\\2'), PyRegexError);
  });
  it('throws PyRegexError for bad patterns and escapes like re.escape', () => {
    assert.throws(() => pyCompile('(a'), (e: unknown) => e instanceof PyRegexError && /missing \)/.test((e as Error).message));
    assert.equal(pyEscape('a.b c'), 'a\\.b\\ c');
  });
});
