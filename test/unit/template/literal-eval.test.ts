/** ast.literal_eval (with Ansible's JSON names) as templateValue uses it. */
import assert from 'node:assert/strict';
import { NOT_LITERAL, literalEval, pyRepr } from '@pgplay/engine';

describe('template: literalEval', () => {
  const ok: Array<[string, string]> = [
    ['[1, 2.5, "a", None, True]', "[1, 2.5, 'a', None, True]"],
    ['{"a": [1, (2, 3)]}', "{'a': [1, (2, 3)]}"],
    ['[true, false, null]', '[True, False, None]'],
    ["['it\\'s', \"x\\ny\"]", `["it's", 'x\\ny']`],
    ['[-1, +2, 1_000, 0x10, 1e3]', '[-1, 2, 1000, 16, 1000.0]'],
    ['(1,)', '(1,)'],
    ['[]  # comment', '[]'],
    ["['a' 'b']", "['ab']"],
    ['True', 'True'],
  ];
  for (const [src, repr] of ok) it(src, () => assert.equal(pyRepr(literalEval(src)), repr));
  for (const bad of ['[1, 2', '{1, 2}', '[a]', '[1] [2]', "b'x'", '1j', '[01]']) {
    it(`rejects ${bad}`, () => assert.equal(literalEval(bad), NOT_LITERAL));
  }
});
