import assert from 'node:assert/strict';
import { TemplateError, compilePython, pyRepr, reFindall, reSearch, reSub } from '@pgplay/engine';

function rejects(pattern: string, code: string, text: string): void {
  assert.throws(() => compilePython(pattern), (e: unknown) => e instanceof TemplateError && e.code === code && e.message.includes(text), pattern);
}

describe('template/ansible/regex: Python re translated to JavaScript', () => {
  it('keeps Python anchors: $ before a final newline, \\A, \\Z, ^ and $ with MULTILINE', () => {
    assert.equal(reSub('$', 'X', 'abc\n'), 'abcX\nX');
    assert.ok(reSearch('c$', 'abc\n'));
    assert.ok(!reSearch('c$', 'abc\n\n'));
    assert.ok(!reSearch('c\\Z', 'abc\n'));
    assert.deepEqual(reFindall('^\\w', 'a\nb'), ['a']);
    assert.deepEqual(reFindall('^\\w', 'a\nb', { m: true }), ['a', 'b']);
    assert.deepEqual(reFindall('\\Aa', 'a\na', { m: true }), ['a']);
  });
  it('matches only \\n as a line break (JavaScript also breaks at \\r and U+2028)', () => {
    assert.deepEqual(reFindall('a.b', 'a\rb a\u2028b a\nb'), ['a\rb', 'a\u2028b']);
    assert.deepEqual(reFindall('^.', 'x\ry', { m: true }), ['x']);
    assert.deepEqual(reFindall('(?s)a.b', 'a\nb'), ['a\nb']);
  });
  it('uses Unicode \\w \\d \\s \\b as Python 3 str patterns do, ASCII with (?a)', () => {
    assert.deepEqual(reFindall('\\w+', 'Straße_1 日本 é'), ['Straße_1', '日本', 'é']);
    assert.deepEqual(reFindall('\\d', '1٣'), ['1', '٣']);
    assert.deepEqual(reFindall('\\S+', 'a\u00a0b\x1fc\x85d'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(reFindall('\\b\\w', 'héllo wörld'), ['h', 'w']);
    assert.deepEqual(reFindall('(?a)\\w+', 'héllo'), ['h', 'llo']);
  });
  it('translates named groups, back-references and Python replacement templates', () => {
    assert.equal(reSub('(?P<a>\\w+) (\\w+)', '\\g<2> \\g<a>\\n\\1', 'x y'), 'y x\nx');
    assert.deepEqual(reFindall('(?P<p>\\w)(?P=p)', 'aa bc dd'), ['a', 'd']);
    assert.deepEqual(reFindall('(\\w)\\1', 'aa bb cd'), ['a', 'b']);
    assert.equal(reSub('a(b)?c', '[\\1]', 'ac'), '[]');
    assert.equal(reSub('b', '[\\g<0>]\\\\', 'abc'), 'a[b]\\c');
    assert.equal(reSub('x*', '-', 'abxd'), '-a-b--d-');
  });
  it('handles Python class and quantifier syntax JavaScript reads differently', () => {
    assert.deepEqual(reFindall('[]a]', 'a]b'), ['a', ']']);
    assert.deepEqual(reFindall('[^\\W\\d_]', 'ab1_ -'), ['a', 'b']);
    assert.deepEqual(reFindall('a{,2}', 'aaa'), ['aa', 'a', '']);
    assert.deepEqual(reFindall('{x}', '{x}'), ['{x}']);
    assert.deepEqual(reFindall('\\-\\#\\ ', 'a-# b'), ['-# ']);
    assert.deepEqual(reFindall('(?x) a [ ] b  # comment', 'a b'), ['a b']);
    assert.equal(pyRepr(reFindall('(a)(b)?', 'a ab')), "[('a', ''), ('a', 'b')]");
  });
  it('rejects what JavaScript cannot express, naming the construct', () => {
    rejects('(?i:a)', 'unsupported-regex', 'scoped inline flags (?i:...)');
    rejects('(?-i:a)', 'unsupported-regex', 'scoped inline flags (?-i:...)');
    rejects('a++', 'unsupported-regex', 'possessive quantifier in "a++"');
    rejects('a*+', 'unsupported-regex', 'possessive quantifier');
    rejects('a?+', 'unsupported-regex', 'possessive quantifier');
    rejects('a{1,2}+', 'unsupported-regex', 'possessive quantifier');
    rejects('(?>ab)', 'unsupported-regex', 'atomic group (?>...)');
    rejects('(a)?(?(1)b|c)', 'unsupported-regex', 'conditional group (?(id)yes|no)');
    rejects('\\N{EM DASH}', 'unsupported-regex', '\\N{...} (named Unicode character)');
    assert.throws(() => compilePython('(?i:a)'), /JavaScript cannot express it faithfully/);
  });
  it('raises Python re.error messages for invalid patterns', () => {
    rejects('*a', 'template-runtime', 'nothing to repeat at position 0');
    rejects('(a', 'template-runtime', 'missing ), unterminated subpattern at position 0');
    rejects('a)', 'template-runtime', 'unbalanced parenthesis at position 1');
    rejects('\\q', 'template-runtime', 'bad escape \\q at position 0');
    rejects('a(?i)', 'template-runtime', 'global flags not at the start of the expression at position 1');
    rejects('[z-a]', 'template-runtime', 'bad character range z-a at position 1');
    rejects('(a)\\2', 'template-runtime', 'invalid group reference 2 at position 4');
    rejects('[a', 'template-runtime', 'unterminated character set at position 0');
    assert.throws(() => reSub('a', '\\q', 'a'), /bad escape \\q/);
    assert.throws(() => reSub('(?P<x>a)', '\\g<y>', 'a'), /unknown group name 'y'/);
  });
  it('caches compiled patterns', () => {
    assert.equal(compilePython('a+b', { i: true }), compilePython('a+b', { i: true }));
    assert.notEqual(compilePython('a+b', { i: true }), compilePython('a+b'));
  });
});

describe('template/ansible/regex: catastrophic backtracking', () => {
  it('marks repeated variable-length groups as risky', () => {
    assert.ok(compilePython('(a+)+$').risky);
    assert.ok(compilePython('(x|xx)*y').risky);
    assert.ok(!compilePython('a+b*c').risky);
  });
  it('stops a runaway match with a clean error instead of hanging', function () {
    this.timeout(20000);
    assert.throws(() => reSearch('(a+)+$', 'a'.repeat(40) + 'b'), (e: unknown) => e instanceof TemplateError && /did not finish within 5 s/.test(e.message));
    assert.equal(reSub('(\\d+\\.)+', 'X', '1.2.3.4 and a text longer than the limit'), 'X4 and a text longer than the limit');
  });
});

describe('template/ansible/regex: empty matches and optional groups', () => {
  it('finds a non-empty match after an empty one at the same place, as Python 3.7+ does', () => {
    assert.deepEqual(reFindall('\\S??', 'ab'), ['', 'a', '', 'b', '']);
    assert.equal(reSub('.??', '-', 'ab'), '-----');
  });
  it('rejects what would silently differ: empty iterations, references to unset groups, variable look-behind', () => {
    rejects('(a|)+', 'unsupported-regex', 'repeated group that can match the empty string');
    rejects('(a*)?b', 'unsupported-regex', 'repeated group that can match the empty string');
    rejects('(a)?b\\1', 'unsupported-regex', 'back-reference \\1 to a group that may not take part');
    rejects('(?:(a)|b)\\1', 'unsupported-regex', 'back-reference \\1');
    rejects('(?<=a+)b', 'template-runtime', 'look-behind requires fixed-width pattern');
    assert.deepEqual(reFindall('(?<=ab|cd)x', 'abx cdx'), ['x', 'x']);
    assert.deepEqual(reFindall('(?:(?=a))+a', 'a'), ['a']);
  });
});
