import assert from 'node:assert/strict';
import { floatRepr, pyRepr, pyStr, pyEquals, PyFloat, PyTuple, fromPlain, toPlain } from '@pgplay/engine';

describe('values/py: Python value model', () => {
  it('renders floats as Python repr does', () => {
    const cases: [number, string][] = [[2, '2.0'], [0.1, '0.1'], [1e16, '1e+16'], [1.5e-5, '1.5e-05'], [123456.789, '123456.789'], [-0, '-0.0'], [1e-4, '0.0001'], [NaN, 'nan'], [Infinity, 'inf']];
    for (const [n, s] of cases) assert.equal(floatRepr(n), s, String(n));
  });
  it('renders containers as Python str() does', () => {
    assert.equal(pyStr([1, 'a', null, true, new PyFloat(2)]), "[1, 'a', None, True, 2.0]");
    assert.equal(pyStr({ a: [1], "it's": 'x' }), `{'a': [1], "it's": 'x'}`);
    assert.equal(pyRepr(PyTuple.of_([1])), '(1,)');
    assert.equal(pyRepr(PyTuple.of_([1, 2])), '(1, 2)');
    assert.equal(pyRepr('a\nb\\'), "'a\\nb\\\\'");
  });
  it('compares as Python ==', () => {
    assert.ok(pyEquals(1, new PyFloat(1)));
    assert.ok(pyEquals(true, 1));
    assert.ok(!pyEquals([1], PyTuple.of_([1])));
    assert.ok(pyEquals({ a: [1, 2] }, { a: [1, 2] }));
  });
  it('converts plain JS in and out', () => {
    const v = fromPlain({ a: 1.5, b: [2, 0.25] }) as Record<string, unknown>;
    assert.ok(v.a instanceof PyFloat);
    assert.deepEqual(toPlain(v), { a: 1.5, b: [2, 0.25] });
  });
});
