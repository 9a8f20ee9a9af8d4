// The port of Python's textwrap.wrap (what ansible's [WARNING] lines and Jinja2's wordwrap use),
// compared with textwrap itself (live, from .venv) on generated texts: hyphenated words, em-dashes,
// long words, tabs and newlines, at several widths, with and without hyphen breaking.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pyTextWrap } from '@pgplay/engine';

const PY = '.venv/bin/python';
const WORDS = ['the', 'module', 'amazon.aws.iam_role', 'well-known', 'state-of-the-art', 'x--y', '--flag', 'a--', 'deprecated,', 'version:',
  'https://example.invalid/a-very-long-path/with-many-segments', 'tab\there', 'new\nline', '12-34', 'über-größe', 'A', 'is', '—dash—', 'self-contained.', 'e.g.'];

function texts(): string[] {
  const out = [
    '[WARNING]: The value 10 (type int) in a string field was converted to \'10\' (type string). If this does not look like what you expect, quote the entire value to ensure it does not change.',
    '[WARNING]: Module did not set no_log for password_hash',
    '',
    '   leading and trailing spaces   ',
    'a' .repeat(200),
    'word-'.repeat(40),
  ];
  let x = 7;
  for (let i = 0; i < 120; i++) {
    const n = 3 + (i % 37);
    const w: string[] = [];
    for (let j = 0; j < n; j++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      w.push(WORDS[x % WORDS.length]!);
    }
    out.push(w.join(i % 5 === 0 ? '  ' : ' '));
  }
  return out;
}

describe('output/textwrap against Python\'s textwrap.wrap', function () {
  this.timeout(60_000);
  it('wraps every generated text the same way', function () {
    assert.ok(existsSync(PY), `oracle missing: ${PY} (run scripts/setup-venv.sh)`);
    const cases: { text: string; width: number; breakOnHyphens: boolean; expandTabs: boolean; replaceWhitespace: boolean }[] = [];
    for (const text of texts()) {
      for (const width of [1, 7, 20, 79]) {
        cases.push({ text, width, breakOnHyphens: true, expandTabs: true, replaceWhitespace: true });
        cases.push({ text, width, breakOnHyphens: width % 2 === 0, expandTabs: false, replaceWhitespace: false });
      }
    }
    const script = 'import json,sys,textwrap\nfor c in json.load(sys.stdin):\n  print(json.dumps(textwrap.wrap(c["text"], width=c["width"], break_on_hyphens=c["breakOnHyphens"], expand_tabs=c["expandTabs"], replace_whitespace=c["replaceWhitespace"])))';
    const expected = execFileSync(PY, ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l) as string[]);
    cases.forEach((c, i) => {
      assert.deepEqual(pyTextWrap(c.text, { width: c.width, breakOnHyphens: c.breakOnHyphens, expandTabs: c.expandTabs, replaceWhitespace: c.replaceWhitespace }), expected[i], JSON.stringify(c));
    });
  });
});
