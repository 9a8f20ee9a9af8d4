/**
 * The network modules' pure helpers against ansible's own functions (the pinned oracle in .venv):
 * uri's form_urlencoded for bodies of every shape, wait_for's _convert_host_to_hex for IPv4 and
 * IPv6 addresses, and the drained count over a /proc/net/tcp text made here.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formUrlencoded, hostHexes, drainedCount } from '@pgplay/modules';

const repo = resolve(fileURLToPath(import.meta.url), '../../../../..');
const python = join(repo, '.venv/bin/python');

const BODIES: unknown[] = [
  { a: '1 2', b: 'x&y' }, { list: ['p', 'q'], n: 3, t: true, none: null }, [['k', 'v'], ['k', 'w w']],
  { 'ü': 'é/?=+', star: "*!'()~_.-" }, 'already=encoded&x', { nested: { x: 1, y: 2 } },
];
const IPS = ['127.0.0.1', '10.99.3.12', '0.0.0.0', '::1', '::', 'fe80::1:2', '2001:db8::ff00:42:8329', '::ffff:127.0.0.1'];

describe('modules/net helpers against ansible', function () {
  let oracle: { forms: string[]; hex: [number, string][][] };
  before(function () {
    this.timeout(120_000);
    assert.ok(existsSync(python), `oracle missing: ${python}`);
    const script = `
import json, socket
from ansible.modules import uri, wait_for
forms = [uri.form_urlencoded(b) for b in json.loads(${JSON.stringify(JSON.stringify(BODIES))})]
hex = [[(6 if f == socket.AF_INET6 else 4, h) for f, h in wait_for._convert_host_to_hex(ip)] for ip in ${JSON.stringify(IPS)}]
print(json.dumps({'forms': forms, 'hex': hex}))`;
    oracle = JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' })) as typeof oracle;
  });

  it('form-urlencodes every body as uri.py does', () => {
    BODIES.forEach((b, i) => assert.equal(formUrlencoded(b), oracle.forms[i], JSON.stringify(b)));
  });

  it('writes addresses as /proc/net/tcp does, as _convert_host_to_hex does', () => {
    IPS.forEach((ip, i) => {
      assert.deepEqual(hostHexes(ip).map((h) => [h.family, h.hex]), oracle.hex[i], ip);
    });
  });

  it('counts active connections on the port to the host, less excluded peers', () => {
    const row = (local: string, remote: string, st: string) => `   0: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0`;
    const table = ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      row('0100007F:1F90', '0100007F:C000', '01'), row('0100007F:1F90', '0C03630A:C001', '01'), row('0100007F:1F90', '0100007F:C002', '0A'),
      row('0100007F:1F91', '0100007F:C003', '01'), row('0B03630A:1F90', '0100007F:C004', '06')].join('\n');
    const out = (host: string[], excl: string[]) => `${table}\n\n${host.join('\n')}\n--\n${excl.join('\n')}\n`;
    assert.equal(drainedCount(out(['127.0.0.1'], []), 8080, ['ESTABLISHED', 'TIME_WAIT']), 2);
    assert.equal(drainedCount(out(['127.0.0.1'], ['10.99.3.12']), 8080, ['ESTABLISHED']), 1);
    assert.equal(drainedCount(out(['0.0.0.0'], []), 8080, ['ESTABLISHED', 'TIME_WAIT']), 3);
    assert.equal(drainedCount(out(['0.0.0.0'], []), 8080, ['LISTEN']), 1);
  });
});
