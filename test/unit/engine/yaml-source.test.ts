import assert from 'node:assert/strict';
import { loadYaml, loadYamlDocument, positionOf, valuePositionOf, PyFloat, UnsafeText, VaultText } from '@pgplay/engine';

describe('load/yaml-source: YAML as Ansible reads it', () => {
  it('applies YAML 1.1 scalars: yes/on booleans, 0755 octal, floats stay floats', () => {
    const { value } = loadYamlDocument('a: yes\nb: 0755\nc: 1.0\nd: off\ne: 1_000\nf: "0755"\ng: 2020-01-01\n', 'x.yml');
    const v = value as Record<string, unknown>;
    assert.equal(v.a, true);
    assert.equal(v.b, 493);
    assert.ok(v.c instanceof PyFloat && v.c.value === 1);
    assert.equal(v.d, false);
    assert.equal(v.e, 1000);
    assert.equal(v.f, '0755');
    assert.equal(v.g, '2020-01-01');
  });
  it('merges << and keeps !unsafe and !vault', () => {
    const src = 'base: &b {k: 1, j: 0}\nm:\n  <<: *b\n  j: 2\nu: !unsafe "{{ x }}"\nv: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n';
    const v = loadYamlDocument(src, 'x.yml').value as Record<string, any>;
    assert.deepEqual(v.m, { j: 2, k: 1 });
    assert.ok(v.u instanceof UnsafeText && v.u.value === '{{ x }}');
    assert.ok(v.v instanceof VaultText && v.v.ciphertext.startsWith('$ANSIBLE_VAULT'));
  });
  it('warns on duplicate keys and keeps the last value', () => {
    const r = loadYamlDocument('a: 1\nb: 2\na: 3\n', 'd.yml');
    assert.deepEqual(r.value, { b: 2, a: 3 });
    assert.equal(r.diagnostics[0]?.code, 'yaml-duplicate-key');
    assert.equal(r.diagnostics[0]?.line, 3);
  });
  it('keeps positions of maps, keys and list items', () => {
    const v = loadYamlDocument('- name: t\n  debug:\n    msg: hi\n- x: 1\n', 'p.yml').value as any[];
    assert.deepEqual(positionOf(v[1]), { file: 'p.yml', line: 4, column: 3 });
    assert.deepEqual(positionOf(v[0], 'debug'), { file: 'p.yml', line: 2, column: 3 });
    assert.deepEqual(valuePositionOf(v[0].debug, 'msg'), { file: 'p.yml', line: 3, column: 10 });
  });
  it('reports syntax errors with a position', () => {
    const r = loadYaml('a: [1, 2\nb: 3\n', 'bad.yml');
    assert.equal(r.diagnostics[0]?.code, 'yaml-syntax');
    assert.equal(r.diagnostics[0]?.file, 'bad.yml');
    assert.ok(r.diagnostics[0]!.line >= 1);
  });
  it('keeps __proto__ as a plain key', () => {
    const v = loadYamlDocument('__proto__: {polluted: 1}\n', 'p.yml').value as Record<string, unknown>;
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
