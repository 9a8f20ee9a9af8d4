/** Random but reproducible templates for the differential fuzz test: expressions and statement mixes. */
import { BUILTIN_FILTER_NAMES, BUILTIN_TEST_NAMES } from '@pgplay/engine';

/** A small LCG: the same seed gives the same templates on every run. */
export function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor((s / 2147483648) * n);
  };
}

const VALS = ['1', '2.5', '1.0', '0.1', '-3', '100000', '"s"', '"Ab c"', '"it\'s"', '"é"', '""', '"3"', '"a,b"', 'none', 'true',
  'false', '[]', '{}', '[1, "a"]', '[3, 1, 2]', '[1.5, 2]', '["b", "A", "c"]', '[[1, 2], [3, 4]]', '{"k": 1}',
  '{"a": {"b": [1]}}', '(1, 2)', 'x', 'd', 'l', 's', 'f'];
// No `**`: Python's big integers (100000 ** 100000) are out of the value model's range.
const OPS = ['+', '-', '*', '/', '//', '%', '~', '==', '!=', '<', '>=', 'in', 'not in', 'and', 'or'];
const FMTS = ['"%s"', '"%d"', '"%5.1f|%s"', '"%r-%x"', '"%(k)s"', '"%-4s|"', '"%05d"', '"%e"', '"%g %g"', '"100%%"', '"%c"'];
const SFMTS = ['"{}"', '"{} {}"', '"{0}{0}"', '"{:>6}"', '"{:.2f}"', '"{!r}"', '"{:,}"', '"{:x}"', '"{0[k]}"', '"{:^5}|"', '"{:+d}"'];
const CMPS = ['<', '<=', '==', '!=', '>', '>=', 'in'];
const METHODS = ['split', 'items', 'keys', 'upper', 'get', 'index', 'format', 'join', 'count', 'startswith', 'strip', 'replace',
  'title', 'values', 'copy', 'find', 'center', 'rsplit', 'splitlines', 'partition', 'isdigit'];
// Random output (random, lipsum) and layout-heavy filters whose oddities have their own cases.
const FILTERS = BUILTIN_FILTER_NAMES.filter((f) => !['random', 'lipsum', 'pprint', 'urlize', 'groupby'].includes(f));

export function expressions(seed: number, count: number): string[] {
  const r = rng(seed);
  const p = <T>(a: readonly T[]): T => a[r(a.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = r(10);
    let e: string;
    if (k === 0) e = `${p(VALS)} ${p(OPS)} ${p(VALS)}`;
    else if (k === 1) e = `${p(VALS)} | ${p(FILTERS)}${r(2) ? `(${p(VALS)})` : ''}`;
    else if (k === 2) e = `${p(VALS)} is ${p(BUILTIN_TEST_NAMES.filter((t) => /^\w+$/.test(t)))}${r(2) ? ` ${p(VALS)}` : ''}`;
    else if (k === 3) e = `${p(VALS)}.${p(METHODS)}(${r(2) ? p(VALS) : ''}${r(3) ? '' : ', ' + p(VALS)})`;
    else if (k === 4) e = `${p(VALS)}[${r(3) ? p(VALS) : ''}${r(2) ? ':' + p(VALS) : ''}]`;
    else if (k === 5) e = `${p(VALS)} | ${p(FILTERS)} | ${p(FILTERS)}`;
    else if (k === 6) e = `${p(FMTS)} % ${r(2) ? p(VALS) : `(${p(VALS)}, ${p(VALS)})`}`;
    else if (k === 7) e = `${p(VALS)} ${p(CMPS)} ${p(VALS)} ${p(CMPS)} ${p(VALS)}`;
    else if (k === 8) e = `${p(SFMTS)}.format(${p(VALS)}${r(2) ? ', ' + p(VALS) : ''})`;
    else e = `${r(2) ? 'not ' : '-'}${p(VALS)} ${p(OPS)} ${p(VALS)} if ${p(VALS)} else ${p(VALS)}`;
    out.push(`{{ ${e} }}`);
  }
  return out;
}

const E = ['x', 'x + 1', 's | lower', 'l | sort', 'd.k', 'd.a[1].b', 'f * 2', 'n', 'e', '"q"', 'l | join(",")', 'x // 2', 'd',
  '(1, 2)', 'none', 'true', 's.split()', 'l[1:]', 'nope | default("z")', '"%s!" % x'];
const L = ['l', 'e', 'd', 's', 'range(3)', '[1, [2, 3]]', 'd.a', 'l | reverse'];
const C = ['x > 3', 'e', 'n', 'l', 'not l', 'x is odd', 'd.k == "v"', 'nope is defined', 's', '0'];

export function statementMixes(seed: number, count: number): string[] {
  const r = rng(seed);
  const p = <T>(a: readonly T[]): T => a[r(a.length)]!;
  const blocks: Array<() => string> = [
    () => `{% for i in ${p(L)} %}{{ i }}{{ loop.index }}{% endfor %}`,
    () => `{% for i in ${p(L)} %}\n{{ i }}\n{% else %}\nnone\n{% endfor %}\n`,
    () => `{% if ${p(C)} %}a{% elif ${p(C)} %}b{% else %}c{% endif %}`,
    () => `{% if ${p(C)} %}\n  yes\n{% endif %}\n`,
    () => `{% set v = ${p(E)} %}{{ v }}`,
    () => `{% macro m(a, b=${p(E)}) %}[{{ a }}|{{ b }}]{% endmacro %}{{ m(${p(E)}) }}`,
    () => `{{ ${p(E)} }}`, () => '\n', () => '  ', () => 'text', () => `{%- if ${p(C)} -%} x {%- endif -%}`, () => '{# c #}\n',
    () => '{% raw %}{{ r }}{% endraw %}', () => '{% for k, v in d.items() %}{{ k }}={{ v }}\n{% endfor %}',
    () => `{% filter upper %}{{ ${p(E)} }}{% endfilter %}`, () => `{% with w = ${p(E)} %}{{ w }}{% endwith %}`,
    () => `{{- ${p(E)} -}}`, () => `{% set ns = namespace(c=0) %}{% for i in ${p(L)} %}{% set ns.c = ns.c + 1 %}{% endfor %}{{ ns.c }}`,
    () => `{% for i in ${p(L)} if i %}{{ loop.length }}{{ loop.last }}{% endfor %}`,
    () => `{{ ${p(E)} if ${p(C)} else ${p(E)} }}`, () => `{{ ${p(E)} ~ ${p(E)} }}`,
    () => `{% macro w() %}<{{ caller() }}>{% endmacro %}{% call w() %}{{ ${p(E)} }}{% endcall %}`,
    () => `{% for i in ${p(L)} %}{{ loop.cycle('a', 'b') }}{{ loop.previtem | default('-') }}{% if loop.changed(i) %}!{% endif %}{% endfor %}`,
    () => `{% for n in [[1, [2]], 3] recursive %}({% if n is iterable %}{{ loop(n) }}{% else %}{{ n }}@{{ loop.depth }}{% endif %}){% endfor %}`,
    () => `  {%- for i in ${p(L)} +%}\n  {{ i }}\n  {%- endfor %}  \n`, () => `{%+ if ${p(C)} %}\n x\n{%- endif +%}\n`,
    () => `{#- c -#}\n  `, () => `{% set b %}{{ ${p(E)} }}|{% endset %}{{ b }}{{ b | length }}`,
    () => `{% filter replace('1', 'one') %}{{ ${p(E)} }}{% endfilter %}`, () => `[{{ ${p(E)} if ${p(C)} }}]`,
    () => `{% for a, b in [[1, 2], [3, 4]] %}{{ a * b }}{{ ',' if not loop.last }}{% endfor %}`,
    () => `{% set j = joiner('; ') %}{% for i in ${p(L)} %}{{ j() }}{{ i }}{% endfor %}`,
    () => `{{ ${p(E)} | ${p(['string', 'length', 'list', 'first', 'tojson', 'e', 'trim', 'upper', 'reverse', 'sort', 'unique', 'int', 'float'])} }}`,
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let t = '';
    for (let j = 1 + r(4); j > 0; j--) t += p(blocks)();
    out.push(r(3) === 0 ? t + '\n' : t);
  }
  return out;
}
