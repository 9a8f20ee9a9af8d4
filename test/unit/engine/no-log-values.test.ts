/**
 * no_log values taken out of module results (schema/no-log-values.ts) against ansible-core 2.16's own
 * _list_no_log_values, set_fallbacks and remove_values, run by the pinned .venv interpreter on the
 * same specs, parameters and results.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noLogValues, removeValues, type JSONSchema } from '@pgplay/engine';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface Case {
  name: string;
  /** The argument spec as ansible writes it (Python literal text), and the same as pgplay's schema. */
  pySpec: string;
  schema: JSONSchema;
  params: Record<string, unknown>;
  env?: Record<string, string>;
  result: Record<string, unknown>;
  /** false: the case checks that nothing is hidden. */
  hides?: boolean;
}

const CASES: Case[] = [
  {
    name: 'a string: equal values become the placeholder, contained ones eight asterisks, keys stay',
    pySpec: "{'password': {'no_log': True}, 'name': {}}",
    schema: { type: 'object', properties: { password: { type: 'string', 'x-no-log': true }, name: { type: 'string' } } },
    params: { password: 's3cret', name: 'bob' },
    result: { msg: 'user bob s3cret', password: 's3cret', nested: ['xs3cretx', { k: 's3cret' }, 7, true, null], s3cret: 'the key stays' },
  },
  {
    name: 'a number: its str() is taken out of strings; a number, bool or None whose str() holds a value becomes the placeholder',
    pySpec: "{'pin': {'type': 'int', 'no_log': True}}",
    schema: { type: 'object', properties: { pin: { type: 'integer', 'x-no-log': true } } },
    params: { pin: 1234 },
    result: { msg: 'pin 1234 and 12345', v: 1234, w: 12345, x: 99, s: '1234', f: false },
  },
  {
    name: 'sub-options of a list of dicts, and a list value',
    pySpec: "{'users': {'type': 'list', 'elements': 'dict', 'options': {'pw': {'no_log': True}, 'name': {}}}, 'keys': {'type': 'list', 'no_log': True}}",
    schema: {
      type: 'object',
      properties: {
        users: { type: 'array', items: { type: 'object', properties: { pw: { type: 'string', 'x-no-log': true }, name: { type: 'string' } } } },
        keys: { type: 'array', 'x-no-log': true },
      },
    },
    params: { users: [{ pw: 'aa1', name: 'x' }, { pw: 'bb2', name: 'y' }], keys: ['k-one', 'k-two'] },
    result: { msg: 'aa1 bb2 x y k-one', out: ['k-two', 'bb2'] },
  },
  {
    name: "booleans and None by their str(): 'ru' is in True, 'on' in None, not in False",
    pySpec: "{'password': {'no_log': True}, 'other': {'no_log': True}}",
    schema: { type: 'object', properties: { password: { type: 'string', 'x-no-log': true }, other: { type: 'string', 'x-no-log': true } } },
    params: { password: 'ru', other: 'on' },
    result: { changed: true, failed: false, x: null, msg: 'true run' },
  },
  {
    name: 'an empty value hides nothing',
    pySpec: "{'password': {'no_log': True}}",
    schema: { type: 'object', properties: { password: { type: 'string', 'x-no-log': true } } },
    params: { password: '' },
    result: { msg: 'abc' },
    hides: false,
  },
  {
    name: 'an environment fallback: the first variable present',
    pySpec: "{'token': {'no_log': True, 'fallback': (env_fallback, ['PGPLAY_NOLOG_T1', 'PGPLAY_NOLOG_T2'])}}",
    schema: { type: 'object', properties: { token: { type: 'string', 'x-no-log': true, 'x-env-fallback': ['PGPLAY_NOLOG_T1', 'PGPLAY_NOLOG_T2'] } } },
    params: {},
    env: { PGPLAY_NOLOG_T2: 'tok9' },
    result: { url: 'presigned?t=tok9&u=1' },
  },
];

const PY = `
import json, os, sys
from ansible.module_utils.common.parameters import _list_no_log_values, remove_values, env_fallback, set_fallbacks
out = []
for c in json.load(sys.stdin):
    os.environ.update(c['env'])
    spec = eval(c['pySpec'])
    params = dict(c['params'])
    values = set_fallbacks(spec, params)
    values.update(_list_no_log_values(spec, params))
    out.append(remove_values(c['result'], values))
    for k in c['env']:
        del os.environ[k]
print(json.dumps(out))
`;

describe('no_log values against ansible-core 2.16', () => {
  it('takes the same values out of the same results', function () {
    this.timeout(60_000);
    const input = JSON.stringify(CASES.map((c) => ({ pySpec: c.pySpec, params: c.params, env: c.env ?? {}, result: c.result })));
    const expected = JSON.parse(execFileSync(join(ROOT, '.venv', 'bin', 'python'), ['-c', PY], { input, encoding: 'utf8' })) as unknown[];
    CASES.forEach((c, i) => {
      const got = removeValues(c.result, noLogValues(c.schema, c.params, (name) => c.env?.[name]));
      assert.deepEqual(got, expected[i], c.name);
      if (c.hides !== false) assert.notDeepEqual(got, c.result, `${c.name}: the case must hide something`);
    });
  });
});
