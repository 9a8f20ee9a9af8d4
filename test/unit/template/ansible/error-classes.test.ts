/**
 * The Python exception class a template failure carries (TemplateError.pyClass), against the class
 * Python itself raises for the same operation: ansible words the failure by it (errorKind).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TemplateError, ansibleRegistry, templateValue } from '@pgplay/engine';

const PYTHON = resolve('.venv/bin/python');

// [template, the same operation in Python]
const CASES: Array<[string, string]> = [
  ["{{ 1 // 0 }}", '1 // 0'],
  ["{{ 1 % 0 }}", '1 % 0'],
  ["{{ 1 / 0 }}", '1 / 0'],
  ["{{ '%(x)s' % {} }}", "'%(x)s' % {}"],
  ["{{ '{x}'.format() }}", "'{x}'.format()"],
  ["{{ '{0}'.format() }}", "'{0}'.format()"],
  ["{{ [].pop() }}", '[].pop()'],
  ["{{ [1].index(2) }}", '[1].index(2)'],
  ["{{ 'a'.index('b') }}", "'a'.index('b')"],
  ["{{ 'a'.split('') }}", "'a'.split('')"],
  ["{{ 'nope' | from_json }}", "__import__('json').loads('nope')"],
  ["{{ 'a' | regex_search('(') }}", "__import__('re').compile('(')"],
  ["{{ 'a' | b64decode }}", "__import__('base64').b64decode('a')"],
  ["{{ 'x' | to_datetime }}", "__import__('datetime').datetime.strptime('x', '%Y-%m-%d %H:%M:%S')"],
  ["{{ 0 | log }}", "__import__('math').log(0)"],
];

/** Python's qualified class name as a traceback's last line prints it. */
function pythonClasses(): string[] {
  const prog = [
    'import sys',
    'for src in sys.stdin.read().split("\\n"):',
    '    try:',
    '        eval(src)',
    '        print("no error")',
    '    except Exception as e:',
    '        m = type(e).__module__',
    '        print(type(e).__qualname__ if m == "builtins" else m + "." + type(e).__qualname__)',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', prog], { input: CASES.map((c) => c[1]).join('\n'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

describe('template errors carry the Python exception class', () => {
  it('is the class Python raises for the same operation', function () {
    assert.ok(existsSync(PYTHON), `${PYTHON} is required (the oracle's venv)`);
    const expected = pythonClasses();
    const got = CASES.map(([tpl]) => {
      try {
        templateValue(tpl, {}, { registry: ansibleRegistry });
        return 'no error';
      } catch (e) {
        assert.ok(e instanceof TemplateError, String(e));
        return e.pyClass;
      }
    });
    assert.deepEqual(got, expected);
  });
  it('is AnsibleFilterError for a filter plugin, AnsibleError for combine, AnsibleError for a wrapped TypeError', () => {
    const cls = (tpl: string): string | undefined => {
      try {
        templateValue(tpl, {}, { registry: ansibleRegistry });
      } catch (e) {
        return (e as TemplateError).pyClass;
      }
      return undefined;
    };
    assert.equal(cls("{{ 'x' | to_uuid(namespace='zz') }}"), 'ansible.errors.AnsibleFilterError');
    assert.equal(cls('{{ {} | combine(1) }}'), 'ansible.errors.AnsibleError');
    assert.equal(cls("{{ 1 + 'a' }}"), 'ansible.errors.AnsibleError');
  });
});
