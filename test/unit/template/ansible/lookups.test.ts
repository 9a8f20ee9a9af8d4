import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ansibleRegistry, templateValue } from '@pgplay/engine';

describe('template/ansible/lookups: files the lookups write and run', () => {
  let dir: string;
  const render = (t: string, vars: Record<string, unknown> = {}): unknown => templateValue(t, vars, { registry: ansibleRegistry, cwd: dir, searchPath: [dir] });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-lookups-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('password creates the file (mode 0600, parent directories too) and reads it back next time', () => {
    const first = render("{{ lookup('password', 'creds/db length=16 chars=ascii_letters') }}") as string;
    assert.match(first, /^[A-Za-z]{16}$/);
    const file = join(dir, 'creds', 'db');
    assert.equal(readFileSync(file, 'utf8'), `${first}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(render("{{ lookup('password', 'creds/db length=4') }}"), first);
  });

  it('password with encrypt stores a salt once and hashes with it', () => {
    writeFileSync(join(dir, 'pw'), 'plaintext\n');
    const hashed = render("{{ lookup('password', 'pw encrypt=md5_crypt') }}") as string;
    const stored = readFileSync(join(dir, 'pw'), 'utf8');
    const salt = /^plaintext salt=([./0-9A-Za-z]{8})\n$/.exec(stored)?.[1];
    assert.ok(salt, stored);
    assert.ok(hashed.startsWith(`$1$${salt}$`));
    assert.equal(render("{{ lookup('password', 'pw encrypt=md5_crypt') }}"), hashed);
  });

  it('password with encrypt=bcrypt stores the implicit ident 2b, as Ansible does', function () {
    this.timeout(20000);
    writeFileSync(join(dir, 'bc'), 'pw\n');
    const hashed = render("{{ lookup('password', 'bc encrypt=bcrypt') }}") as string;
    assert.match(readFileSync(join(dir, 'bc'), 'utf8'), /^pw salt=[./0-9A-Za-z]{22} ident=2b\n$/);
    assert.match(hashed, /^\$2b\$12\$/);
  });

  it('password with a seed is reproducible and /dev/null is never written', () => {
    const a = render("{{ lookup('password', '/dev/null seed=host1') }}");
    assert.equal(a, render("{{ lookup('password', '/dev/null seed=host1') }}"));
    assert.equal((a as string).length, 20);
    assert.throws(() => render("{{ lookup('password', '/dev/null length=99999999') }}"), /too large/);
  });

  it('pipe runs in the playbook directory and reports the exit status as Ansible words it', () => {
    writeFileSync(join(dir, 'marker'), 'x');
    assert.equal(render("{{ lookup('pipe', 'ls') }}"), 'marker');
    assert.throws(() => render("{{ lookup('pipe', 'exit 7') }}"), /lookup_plugin\.pipe\(exit 7\) returned 7/);
  });

  it('file and fileglob look in files/ first, then the search path entry itself', () => {
    writeFileSync(join(dir, 'x.txt'), 'top\n');
    assert.equal(render("{{ lookup('file', 'x.txt') }}"), 'top');
    assert.deepEqual(render("{{ query('fileglob', '*.txt') }}"), [join(dir, 'x.txt')]);
    assert.ok(!existsSync(join(dir, 'files')));
  });
});

describe('template/ansible: lazy mappings (hostvars) in filters and lookups', () => {
  it('reads and serialises a LazyMapping as the dict Ansible sees', async () => {
    const { LazyMapping } = await import('@pgplay/engine');
    const inner = new LazyMapping({ has: (x: string) => x === 'secret', get: () => 's3', keys: () => ['secret'] });
    const hv = new LazyMapping({ has: (k: string) => k === 'h1', get: (k: string) => (k === 'h1' ? inner : undefined), keys: () => ['h1'] });
    const vars = { hostvars: hv, inventory_hostname: 'h1' };
    const render = (t: string): unknown => templateValue(t, vars, { registry: ansibleRegistry });
    assert.equal(render("{{ lookup('vars', 'secret') }}"), 's3');
    assert.equal(render("{{ hostvars['h1'] | to_json }}"), '{"secret": "s3"}');
    assert.equal(render("{{ hostvars['h1'] | to_nice_yaml }}"), 'secret: s3\n');
    assert.deepEqual(render("{{ hostvars | dict2items | map(attribute='key') | list }}"), ['h1']);
  });
});

describe('template/ansible: values known only after apply', () => {
  it('make a filter result unknown instead of serialising a placeholder', async () => {
    const { Unknown, isUnknown } = await import('@pgplay/engine');
    const vars = { vpc: { id: Unknown }, x: 'a' };
    const opts = { registry: ansibleRegistry };
    assert.ok(isUnknown(templateValue("{{ {'id': vpc.id} | to_json }}", vars, opts)));
    assert.ok(isUnknown(templateValue("{{ {'a': 1} | combine({'b': vpc.id}) }}", vars, opts)));
    assert.equal(templateValue("{{ x | to_json }}", vars, opts), '"a"');
  });
});
