/**
 * The sandbox corpus: templates that try to reach JavaScript or Python internals, the host, the
 * file system or unbounded resources. Each must fail with a TemplateError (or render data only),
 * never crash, never touch the host.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateError, renderTemplate } from '@pgplay/engine';

const ATTEMPTS: string[] = [
  "{{ ''.__class__.__mro__[1].__subclasses__() }}",
  '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
  '{{ lipsum.__globals__["os"].popen("id").read() }}',
  '{{ joiner.__init__.__globals__ }}',
  '{{ namespace.__init__.__globals__ }}',
  '{{ range.__self__ }}',
  '{{ d.constructor }}',
  '{{ d.constructor.constructor("return process")() }}',
  '{{ d["constructor"]["constructor"]("return process")() }}',
  '{{ [].constructor }}',
  '{{ [].map }}',
  '{{ "".constructor.fromCharCode(65) }}',
  '{{ "".toString() }}',
  '{{ "".valueOf }}',
  '{{ (1).toFixed(2) }}',
  '{{ d.__proto__ }}',
  '{{ d["__proto__"] }}',
  '{{ d.hasOwnProperty("a") }}',
  '{{ process }}',
  '{{ globalThis }}',
  '{{ require("fs") }}',
  '{{ self }}',
  '{{ config }}',
  '{{ request.environ }}',
  '{{ range.constructor }}',
  '{{ lookup.fn }}',
  '{{ "".split.call }}',
  '{{ "{0.__class__}".format("") }}',
  '{{ "{0.constructor}".format(d) }}',
  '{{ "%s" % d.__dict__ }}',
  '{% for x in [1] %}{{ loop.constructor }}{% endfor %}',
  '{% for x in [1] %}{{ loop.__class__ }}{% endfor %}',
  '{% set ns = namespace() %}{{ ns.constructor }}',
  '{% macro m() %}{% endmacro %}{{ m.fn }}',
  '{% macro m() %}{% endmacro %}{{ m.__globals__ }}',
  "{% include '../../../../../../etc/passwd' %}",
  "{% include '/etc/passwd' %}",
  "{% import '/etc/hostname' as h %}",
  '{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}',
  '{{ "x" * 1000000000 }}',
  '{{ [0] * 1000000000 }}',
  '{{ range(1000000000) | list | length }}',
  '{{ f() }}',
  '{{ f.call(none) }}',
  '{{ h.secret }}',
  '{{ m.get }}',
];

describe('template sandbox: escape attempts fail cleanly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgplay-sandbox-'));
  writeFileSync(join(dir, 'ok.j2'), 'fine');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const vars = {
    d: { a: 1 },
    f: () => 'host function',
    h: new (class Host { secret = 'host'; })(),
    m: new Map([['get', 1]]),
  };
  for (const t of ATTEMPTS) {
    it(t, () => {
      assert.throws(() => renderTemplate(t, vars, { searchPath: [dir] }), (e: unknown) => e instanceof TemplateError);
    });
  }
  it(`has at least 30 attempts (${ATTEMPTS.length})`, () => assert.ok(ATTEMPTS.length >= 30));

  it('keeps "__proto__" keys as plain data without touching prototypes', () => {
    const out = renderTemplate('{% set x = {"__proto__": {"polluted": 1}} %}{{ x["__proto__"].polluted }} {{ x.polluted is defined }}'
      + '{% set y = dict(__proto__={"p": 2}) %} {{ y | length }}', {});
    assert.equal(out, '1 False 1');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  it('renders host objects only as opaque values, never their members', () => {
    assert.throws(() => renderTemplate('{{ h.secret }}', { h: vars.h }), TemplateError);
    assert.throws(() => renderTemplate('{{ f() }}', { f: vars.f }), /not callable/);
  });
});
