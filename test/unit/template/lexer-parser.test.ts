/** The lexer and parser on their own: tokens, whitespace control, precedence, positions. */
import assert from 'node:assert/strict';
import { ANSIBLE_ENV, TemplateError, parseTemplate, tokenize } from '@pgplay/engine';

const kinds = (src: string): string[] => tokenize(src, ANSIBLE_ENV).map((t) => `${t.type}:${String(t.value)}`);

describe('template lexer', () => {
  it('splits data, tags and expression tokens', () => {
    assert.deepEqual(kinds('a{{ x.y|f(1, "s") }}b'), [
      'data:a', 'var_begin:', 'name:x', 'op:.', 'name:y', 'op:|', 'name:f', 'op:(', 'integer:1', 'op:,', 'string:s', 'op:)',
      'var_end:', 'data:b', 'eof:',
    ]);
  });
  it('reads Python numbers and string escapes', () => {
    assert.deepEqual(kinds('{{ 1_000 0x1f 1.5e3 "a\\tb" \'\\x41\' }}').slice(1, 6),
      ['integer:1000', 'integer:31', 'float:1500', 'string:a\tb', 'string:A']);
  });
  it('applies whitespace control and trim_blocks', () => {
    assert.deepEqual(kinds('a  {%- if x -%}  b\n{% endif %}\nc').filter((k) => k.startsWith('data')), ['data:a', 'data:b\n', 'data:c']);
  });
  it('keeps raw blocks verbatim', () => {
    assert.deepEqual(kinds('{% raw %}{{ x }}{% endraw %}'), ['data:{{ x }}', 'eof:']);
  });
  it('does not end a tag inside brackets', () => {
    assert.ok(kinds('{{ {"a": {"b": 1}} }}').includes('op:}'));
  });
  it('reports where an unknown character is', () => {
    assert.throws(() => tokenize('{{ a $ }}', ANSIBLE_ENV), (e: unknown) => e instanceof TemplateError && /unexpected char '\$' at 5/.test(e.message));
  });
});

describe('template parser', () => {
  const first = (src: string): unknown => parseTemplate(src, ANSIBLE_ENV).body[0];
  it('binds filters tighter than unary minus (Jinja2 quirk) and ** right-assoc', () => {
    const p = first('{{ -1 | abs }}') as { expr: { t: string } };
    assert.equal(p.expr.t, 'filter');
    const pow = first('{{ 2 ** 3 ** 2 }}') as { expr: { t: string; l: { t: string } } };
    assert.equal(pow.expr.l.t, 'bin');
  });
  it('collects blocks and extends', () => {
    const ast = parseTemplate('{% extends "b" %}{% block x %}{% endblock %}', ANSIBLE_ENV);
    assert.ok(ast.hasExtends);
    assert.deepEqual([...ast.blocks.keys()], ['x']);
  });
  it('fails with Jinja2 messages', () => {
    const msg = (src: string): string => {
      try {
        parseTemplate(src, ANSIBLE_ENV);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    assert.equal(msg('{% endfor %}'), "Encountered unknown tag 'endfor'.");
    assert.match(msg('{% if x %}'), /Unexpected end of template\. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'/);
    assert.equal(msg('{{ x is }}'), "expected token 'name', got 'end of print statement'");
  });
});
