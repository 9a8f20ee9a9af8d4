import assert from 'node:assert/strict';
import { PyFloat, dumpYaml } from '@pgplay/engine';

/** Expected texts come from yaml.dump(Dumper=AnsibleDumper, allow_unicode=True) with libyaml 0.2.5. */
describe('template/ansible/yaml: PyYAML/libyaml-compatible emitter', () => {
  const flowNone = { flowStyle: null, indent: 2 } as const;
  const nice = { flowStyle: false, indent: 4 } as const;
  it('anchors a collection that appears twice', () => {
    const shared = [1, 2];
    assert.equal(dumpYaml({ a: shared, b: shared }, flowNone), 'a: &id001 [1, 2]\nb: *id001\n');
  });
  it('indents to_nice_yaml as PyYAML does (indentless sequences in mappings)', () => {
    assert.equal(dumpYaml({ z: 1, a: { nested: [1, { k: 'v' }] } }, nice), 'a:\n    nested:\n    - 1\n    -   k: v\nz: 1\n');
  });
  it('quotes what would not load back as the same string, folds at width 80', () => {
    const v = ['yes', '', 'a: b', '- x', 'multi\nline', ' lead', 'x'.repeat(90) + ' ' + 'y'.repeat(5)];
    assert.equal(dumpYaml(v, flowNone), `['yes', '', 'a: b', '- x', 'multi\n\n    line', ' lead', ${'x'.repeat(90)}\n    yyyyy]\n`);
    assert.equal(dumpYaml({ long: Array(25).fill('word').join(' ') }, nice), `long: ${Array(16).fill('word').join(' ')}\n    ${Array(9).fill('word').join(' ')}\n`);
  });
  it('escapes what libyaml cannot print (astral characters, tabs) in double quotes', () => {
    assert.equal(dumpYaml('😀 \t', flowNone), '"\\U0001F600 \\t"\n');
  });
  it('uses explicit keys for keys over 128 bytes', () => {
    assert.equal(dumpYaml({ ['k'.repeat(130)]: 1 }, flowNone), `{? ${'k'.repeat(130)}\n  : 1}\n`);
  });
  it('writes scalars and empty collections as SafeRepresenter does', () => {
    assert.equal(dumpYaml([], nice), '[]\n');
    assert.equal(dumpYaml({}, flowNone), '{}\n');
    assert.equal(dumpYaml(null, flowNone), 'null\n');
    assert.equal(dumpYaml(new PyFloat(1e20), flowNone), '1.0e+20\n');
    assert.equal(dumpYaml([new PyFloat(Infinity), new PyFloat(-Infinity)], flowNone), '[.inf, -.inf]\n');
  });
  it('fails cleanly on deep nesting and unrepresentable values', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 600; i++) deep = [deep];
    assert.throws(() => dumpYaml(deep, flowNone), /maximum recursion depth/);
    assert.throws(() => dumpYaml(() => 1, flowNone), /cannot represent an object/);
  });
});
