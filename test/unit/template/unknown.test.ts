/** Unknown ("known after apply") propagates through every operation of a template. */
import assert from 'node:assert/strict';
import {
  Unknown, UnknownValue, createLazyScope, evaluateExpression, isUnknown, renderTemplate, templateValue,
} from '@pgplay/engine';

const vars = { x: Unknown, n: 1, l: [1, 2], d: { a: 1 } };

describe('template: Unknown propagation', () => {
  const unknownValues = [
    '{{ x }}', '{{ x.id }}', '{{ x["k"] }}', '{{ x.a.b.c }}', '{{ x + 1 }}', '{{ 1 + x }}', '{{ x ~ "s" }}',
    '{{ -x }}', '{{ not x }}', '{{ x == 1 }}', '{{ 1 < x }}', '{{ x in l }}', '{{ n in x }}', '{{ x and 1 }}',
    '{{ n and x }}', '{{ x or 1 }}', '{{ x if x else 1 }}', '{{ x | upper }}', '{{ x | default("d") }}',
    '{{ "a" | replace("a", x) }}', '{{ x is string }}', '{{ x is eq 1 }}', '{{ "a,b".split(x) }}', '{{ x() }}',
    '{{ [x] }}', '{{ {"k": x} }}', '{{ l[x] }}', 'prefix {{ x }} suffix', '{% if x %}a{% else %}b{% endif %}',
    '{% for i in x %}{{ i }}{% endfor %}', '{{ l | map(attribute=x) | list }}', '{{ range(x) }}', '{{ "%s" % x }}',
  ];
  for (const t of unknownValues) {
    it(`templateValue(${JSON.stringify(t)}) is Unknown`, () => {
      const v = templateValue(t, vars);
      assert.ok(isUnknown(v), `got ${String(v)}`);
      assert.equal((v as UnknownValue).origin, t);
    });
  }
  it('is defined, and not undefined', () => {
    assert.equal(templateValue('{{ x is defined }}', vars), true);
    assert.equal(templateValue('{{ x is undefined }}', vars), false);
  });
  it('short-circuits where Python would not look at it', () => {
    assert.equal(templateValue('{{ false and x }}', vars), false);
    assert.equal(templateValue('{{ true or x }}', vars), true);
    assert.equal(templateValue('{{ 1 if true else x }}', vars), '1');
  });
  it('renders inline as (known after apply)', () => {
    assert.equal(renderTemplate('id={{ x.id }}\n', vars), 'id=(known after apply)\n');
    assert.equal(renderTemplate('{% if x %}a{% endif %}', vars), '(known after apply)');
  });
  it('makes conditions undecidable', () => {
    assert.ok(isUnknown(evaluateExpression('x == 1', vars)));
    assert.ok(isUnknown(evaluateExpression('x.rc != 0 and n == 1', vars)));
    assert.equal(evaluateExpression('n == 2 and x', vars), false);
    assert.equal(evaluateExpression('x is defined', vars), true);
  });
  it('stays Unknown through lazy variables', () => {
    const scope = createLazyScope({ x: Unknown, y: '{{ x }}', z: ['{{ x.id }}'] });
    assert.ok(isUnknown(scope.get('x')));
    assert.ok(isUnknown(scope.get('y')));
    assert.ok(isUnknown((scope.get('z') as unknown[])[0]));
    assert.ok(isUnknown(templateValue('{{ y }}', scope)));
  });
});
