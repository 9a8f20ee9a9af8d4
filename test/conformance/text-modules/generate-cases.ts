/**
 * Random (seeded) inputs for the text-editing modules: file contents from a small vocabulary of
 * lines that the generated regexes, markers and options hit often (CRLF, a missing final newline,
 * empty and missing files included), and argument sets that ansible accepts.
 */
import { rng } from '../../harness/seeded-random.js';

export interface TextCase {
  module: 'lineinfile' | 'blockinfile' | 'replace' | 'ini_file';
  args: Record<string, unknown>;
  content: string | null;
  check: boolean;
  /** --diff: the modules fill before/after only then. */
  diff: boolean;
}

const LINES = ['a=1', 'b=2', 'a=3', '# comment', '[s]', '', 'x y', 'foo', 'bar', '  indented', 'a=1 # x', 'grüße',
  '# BEGIN ANSIBLE MANAGED BLOCK', '# END ANSIBLE MANAGED BLOCK', '# BEGIN M', '# END M'];
const INI_LINES = ['[s]', '[other]', '[ s ]', 'a = 1', 'a=2', 'b = 2', '#a = 3', ';b=1', 'x', '', '  a = 1', 'a =  1', 'c'];

export function generateCases(seed: number, perModule: number): TextCase[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = (p: number) => r() < p;
  const content = (vocab: readonly string[]): string | null => {
    if (maybe(0.08)) return null;
    const n = Math.floor(r() * 7);
    const eol = maybe(0.2) ? '\r\n' : '\n';
    let s = '';
    for (let i = 0; i < n; i++) s += pick(vocab) + (maybe(0.05) ? '\r' : '') + eol;
    if (s && maybe(0.2)) s = s.replace(/(\r?\n)$/, '');
    return s;
  };
  const out: TextCase[] = [];
  const opt = (args: Record<string, unknown>, key: string, pool: readonly unknown[], p = 0.5) => {
    if (maybe(p)) args[key] = pick(pool);
  };
  for (let i = 0; i < perModule; i++) {
    // lineinfile
    const li: Record<string, unknown> = {};
    if (maybe(0.8)) li['state'] = 'present';
    else li['state'] = 'absent';
    const kind = pick(['regexp', 'search', 'none'] as const);
    if (kind === 'regexp') li['regexp'] = pick(['^a=', 'a', '^#', '=(\\d)$', '^(\\w+)=(.*)$', '^$', 'b$', '^\\[', '(?i)FOO', 'x\\s', '^ +', '.', '^a=1$', '\\d', 'ü', '^(?P<k>\\w+)=']);
    if (kind === 'search') li['search_string'] = pick(['a=', '#', 'foo', '', '[s]', 'zz']);
    opt(li, 'line', ['a=9', 'new', '\\1=X', '# comment', 'foo', '', 'a=1', 'x y', '\\g<k>=v'], li['state'] === 'present' ? 0.95 : 0.5);
    if (maybe(0.5)) li[maybe(0.5) ? 'insertafter' : 'insertbefore'] = pick(['EOF', 'BOF', '^a', '^\\[', 'nomatch', '^#', 'y$']);
    if (kind === 'regexp' && maybe(0.3)) li['backrefs'] = true;
    opt(li, 'firstmatch', [true], 0.3);
    opt(li, 'create', [true, false], 0.3);
    out.push({ module: 'lineinfile', args: li, content: content(LINES), check: maybe(0.25), diff: maybe(0.7) });

    // replace
    const rp: Record<string, unknown> = { regexp: pick(['^a', 'a', '(\\w)=(\\d)', '$', '^', '\\n', '=\\s*', 'o+', '(?s)a.*b', '\\r$', '^(#.*)$', '\\bbar\\b', 'ü', '[ab]=?']) };
    opt(rp, 'replace', ['', 'X', '\\1', '<\\g<0>>', '\\n', '-'], 0.9);
    opt(rp, 'after', ['\\[s\\]', 'foo', 'zzz', '^#'], 0.25);
    opt(rp, 'before', ['\\[s\\]', 'bar', 'zzz'], 0.25);
    out.push({ module: 'replace', args: rp, content: content(LINES), check: maybe(0.25), diff: maybe(0.7) });

    // blockinfile
    const bi: Record<string, unknown> = {};
    opt(bi, 'state', ['present', 'absent'], 0.3);
    opt(bi, 'block', ['', 'x', 'x\ny', 'x\n', 'x\r\ny', 'a=1'], 0.9);
    opt(bi, 'marker', ['# {mark} M', '<{mark}>', '# {mark}'], 0.3);
    if (maybe(0.5)) bi[maybe(0.5) ? 'insertafter' : 'insertbefore'] = pick(['EOF', 'BOF', '^a', '^\\[', 'nomatch', '(?m)^foo$', '(?m)^b']);
    opt(bi, 'create', [true], 0.2);
    opt(bi, 'append_newline', [true], 0.2);
    opt(bi, 'prepend_newline', [true], 0.2);
    out.push({ module: 'blockinfile', args: bi, content: content(LINES), check: maybe(0.25), diff: maybe(0.7) });

    // ini_file
    const ini: Record<string, unknown> = {};
    opt(ini, 'section', [null, 's', 'other', ' s ', 'new'], 0.9);
    opt(ini, 'option', ['a', 'b', 'x', 'c'], 0.85);
    if (maybe(0.7)) ini['value'] = pick(['1', '2', '', 'v']);
    else if (maybe(0.5)) ini['values'] = pick([['1', '2'], ['2'], ['1', '1'], ['3', '1']]);
    opt(ini, 'state', ['present', 'absent'], 0.4);
    for (const k of ['exclusive', 'allow_no_value', 'no_extra_spaces', 'ignore_spaces', 'modify_inactive_option']) opt(ini, k, [true, false], 0.25);
    out.push({ module: 'ini_file', args: ini, content: content(INI_LINES), check: maybe(0.25), diff: maybe(0.7) });
  }
  return out;
}
