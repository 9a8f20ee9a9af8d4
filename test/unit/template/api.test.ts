/** API details the conformance suite cannot show: positions, lazy scopes, caching, registry. */
import assert from 'node:assert/strict';
import {
  TemplateError, UnsafeText, createLazyScope, evaluateExpression, renderTemplate, templateValue,
} from '@pgplay/engine';

function err(f: () => unknown): TemplateError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TemplateError, String(e));
    return e;
  }
  assert.fail('did not throw');
}

describe('template API', () => {
  it('reports positions offset onto options.source', () => {
    const e = err(() => templateValue('abc {{ foo }}', {}, { source: { file: 'play.yml', line: 10, column: 5 } }));
    assert.equal(e.code, 'undefined-variable');
    assert.deepEqual([e.file, e.line, e.column], ['play.yml', 10, 9]);
    const s = err(() => renderTemplate('line1\nline2 {{ 1 + }}\n', {}, { source: { file: 't.j2', line: 1 } }));
    assert.equal(s.code, 'template-syntax');
    assert.deepEqual([s.file, s.line, s.column], ['t.j2', 2, 14]);
    assert.match(s.message, /unexpected 'end of print statement'/);
  });
  it('says what the parser expected', () => {
    assert.match(err(() => renderTemplate('{{ a b }}', {})).message, /expected token 'end of print statement', got 'b'/);
    assert.match(err(() => renderTemplate('{% for x in y %}', {})).message, /Jinja was looking for the following tags: 'endfor' or 'else'/);
  });
  it('codes unknown filters, tests and lookups', () => {
    assert.equal(err(() => templateValue('{{ 1 | nope }}', {})).code, 'unknown-filter');
    assert.equal(err(() => templateValue('{{ 1 is nope }}', {})).code, 'unknown-test');
    assert.equal(err(() => templateValue('{{ lookup("nope") }}', {})).code, 'unknown-lookup');
  });
  it('lazy scope: later vars, recursion, unsafe text', () => {
    const scope = createLazyScope({
      a: '{{ b }}-{{ c }}', b: '{{ c | upper }}', c: 'x', self: '{{ self }}', u: new UnsafeText('{{ nope }}'),
      l: [new UnsafeText('{{ raw }}'), '{{ c }}'],
    });
    assert.equal(scope.get('a'), 'X-x');
    assert.equal(err(() => scope.get('self')).code, 'template-recursion');
    assert.match(err(() => scope.get('self')).message, /recursive loop detected in template string/);
    assert.equal(scope.get('u'), '{{ nope }}');
    assert.deepEqual(scope.get('l'), ['{{ raw }}', 'x']);
    assert.equal(templateValue('{{ u }}', scope), '{{ nope }}');
  });
  it('lookup/query call the registry', () => {
    const registry = { lookups: { items: (_c: unknown, terms: unknown[]) => terms.map(String) } };
    assert.equal(templateValue('{{ lookup("items", "a", "b") }}', {}, { registry }), 'a,b');
    assert.deepEqual(templateValue('{{ query("items", "a", "b") }}', {}, { registry }), ['a', 'b']);
    assert.deepEqual(templateValue('{{ lookup("items", "a", wantlist=True) }}', {}, { registry }), ['a']);
  });
  it('plug-in filters and tests override the builtins', () => {
    const registry = {
      filters: { upper: () => 'overridden', twice: (_c: unknown, v: unknown) => `${String(v)}${String(v)}` },
      tests: { odd: () => true },
    };
    assert.equal(templateValue('{{ "a" | upper }} {{ "b" | twice }} {{ 2 is odd }}', {}, { registry }), 'overridden bb True');
  });
  it('evaluateExpression gives booleans', () => {
    assert.equal(evaluateExpression('a > 1', { a: 2 }), true);
    assert.equal(evaluateExpression(true, {}), true);
    assert.equal(evaluateExpression('', {}), true);
  });
  it('renders a cached small template 20,000 times quickly', () => {
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) renderTemplate('Hello {{ name }} #{{ i }}!', { name: 'x', i });
    const ms = performance.now() - t0;
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  });
});

describe('template LazyMapping (hostvars-like views)', () => {
  it('reads entries on access only, like a dict', async () => {
    const { LazyMapping } = await import('@pgplay/engine');
    const asked: string[] = [];
    const hostvars = new LazyMapping({
      has: (k) => ['web1', 'web2'].includes(k),
      get: (k) => (asked.push(k), { ip: k === 'web1' ? '10.0.0.1' : '10.0.0.2' }),
      keys: () => ['web1', 'web2'],
    });
    const vars = { hostvars, h: 'web2' };
    assert.equal(renderTemplate("{{ hostvars['web1'].ip }} {{ hostvars[h]['ip'] }} {{ 'web3' in hostvars }} {{ hostvars | length }}", vars),
      '10.0.0.1 10.0.0.2 False 2');
    assert.deepEqual(asked, ['web1', 'web2']);
    assert.equal(renderTemplate('{% for k in hostvars %}{{ k }};{% endfor %}{{ hostvars.web3 is defined }}', vars), 'web1;web2;False');
    assert.throws(() => renderTemplate('{{ hostvars.scope }}', vars), TemplateError);
  });
});
