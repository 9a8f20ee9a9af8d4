// The fact cache's jsonfile behaviour that the differential cases cannot reach in one run: expiry
// by file age, files named by host (prefix optional), clear_facts removing the file, bad settings.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactCache, factCacheSettings, PyFloat } from '@pgplay/engine';

describe('exec/fact-cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-fact-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const jsonfile = (extra: Record<string, string> = {}) =>
    new FactCache(factCacheSettings({ ANSIBLE_CACHE_PLUGIN: 'jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION: dir, ...extra }));

  it('reads settings as ansible names them, with its defaults', () => {
    assert.deepEqual(factCacheSettings({}), { gathering: 'implicit', inject: true, plugin: 'memory', prefix: '', timeout: 86400 });
    const s = factCacheSettings({ ANSIBLE_GATHERING: 'Smart', ANSIBLE_CACHE_PLUGIN: 'ansible.builtin.jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION: '/x', ANSIBLE_CACHE_PLUGIN_PREFIX: 'p_', ANSIBLE_CACHE_PLUGIN_TIMEOUT: '0', ANSIBLE_INJECT_FACT_VARS: 'no' });
    assert.deepEqual(s, { gathering: 'smart', inject: false, plugin: 'jsonfile', connection: '/x', prefix: 'p_', timeout: 0 });
    assert.throws(() => factCacheSettings({ ANSIBLE_GATHERING: 'sometimes' }), /implicit, explicit or smart/);
    assert.throws(() => factCacheSettings({ ANSIBLE_CACHE_PLUGIN: 'redis' }), /not supported by pgplay/);
    assert.throws(() => factCacheSettings({ ANSIBLE_CACHE_PLUGIN: 'jsonfile' }), /fact_caching_connection/);
  });

  it('writes one file per host as json.dumps(sort_keys, indent=4) and merges updates', () => {
    const c = jsonfile();
    c.update('h1', { b: 1, a: [true, null], f: new PyFloat(2) });
    c.update('h1', { c: 'é' });
    assert.equal(readFileSync(join(dir, 'h1'), 'utf8'), '{\n    "a": [\n        true,\n        null\n    ],\n    "b": 1,\n    "c": "\\u00e9",\n    "f": 2.0\n}');
    const again = jsonfile();
    assert.deepEqual(Object.keys(again.get('h1')!), ['a', 'b', 'c', 'f']);
    assert.ok(again.get('h1')!.f instanceof PyFloat, '2.0 stays a float when read back');
  });

  it('forgets a host whose file is older than the timeout; 0 never expires', () => {
    writeFileSync(join(dir, 'old'), '{"x": 1}');
    const hourAgo = Date.now() / 1000 - 3600;
    utimesSync(join(dir, 'old'), hourAgo, hourAgo);
    assert.equal(jsonfile({ ANSIBLE_CACHE_PLUGIN_TIMEOUT: '60' }).get('old'), undefined);
    assert.deepEqual(jsonfile({ ANSIBLE_CACHE_PLUGIN_TIMEOUT: '7200' }).get('old'), { x: 1 });
    assert.deepEqual(jsonfile({ ANSIBLE_CACHE_PLUGIN_TIMEOUT: '0' }).get('old'), { x: 1 });
  });

  it('uses the prefix in file names and removes the file on clear', () => {
    const c = jsonfile({ ANSIBLE_CACHE_PLUGIN_PREFIX: 'facts_' });
    c.update('web1', { y: 2 });
    assert.ok(existsSync(join(dir, 'facts_web1')));
    c.clear('web1');
    assert.equal(existsSync(join(dir, 'facts_web1')), false);
    assert.deepEqual(c.get('web1'), {});
  });

  it('keeps memory facts for the run only', () => {
    const m = new FactCache(factCacheSettings({}));
    m.update('h', { a: 1 });
    assert.deepEqual(m.get('h'), { a: 1 });
    assert.equal(new FactCache(factCacheSettings({})).get('h'), undefined);
  });
});
