/**
 * community.general.ini_file's do_ini() (collection 8.6.8, bundled with ansible 9), ported
 * statement for statement: the file read as utf-8-sig text with universal newlines, a fake
 * section around the top and a `[` line at the bottom, options matched with the module's own
 * regexes (Python `re`, through the module API), `exclusive`, `allow_no_value`,
 * `modify_inactive_option`, `section_has_values`.
 */
import { pyCompile, pyEscape, ModuleFailure, type PyReMatch } from '@pgplay/engine/module-api';

export interface SectionCondition {
  option: string;
  values: string[];
}

export interface IniParams {
  section?: string | null;
  section_has_values?: SectionCondition[] | null;
  option?: string | null;
  values: (string | null)[];
  state: 'present' | 'absent';
  exclusive: boolean;
  no_extra_spaces: boolean;
  ignore_spaces: boolean;
  allow_no_value: boolean;
  modify_inactive_option: boolean;
}

const FAKE = 'ad01e11446efb704fcdbdb21f2c43757423d91c5';

// The module's regexes; with no option it crashes (re.escape(None)) where pgplay fails cleanly.
const escaped = (option: string | null): string => {
  if (option === null) throw new ModuleFailure('option is required with state=present and a value (ini_file fails with a TypeError without it)');
  return pyEscape(option);
};
const matchOpt = (option: string | null, line: string): PyReMatch | null => pyCompile(`([#;]?)( |\t)*(${escaped(option)})( |\t)*(=|$)( |\t)*(.*)`).match(line);
const matchActiveOpt = (option: string | null, line: string): PyReMatch | null => pyCompile(`()( |\t)*(${escaped(option)})( |\t)*(=|$)( |\t)*(.*)`).match(line);

/** io.open(…, encoding='utf-8-sig').readlines(): BOM dropped, "\r\n" and "\r" read as "\n". */
export function iniReadlines(text: string): string[] {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return t === '' ? [] : t.split(/(?<=\n)/);
}

function updateLine(p: IniParams, option: string, state: { changed: boolean; msg: string }, lines: string[], i: number, changedLines: number[], newline: string): void {
  let optionChanged: boolean | null = null;
  if (p.ignore_spaces) {
    const old = matchOpt(option, lines[i]!)!;
    if (!old.group(1)) optionChanged = old.group(7) !== matchOpt(option, newline)!.group(7);
  }
  if (optionChanged === null) optionChanged = lines[i] !== newline;
  if (optionChanged) {
    lines[i] = newline;
    state.changed = true;
    state.msg = 'option changed';
  }
  changedLines[i] = 1;
}

function sectionHasValues(conds: SectionCondition[] | null | undefined, lines: string[]): boolean {
  for (const c of conds ?? []) {
    const ok = lines.some((line) => {
      const m = matchOpt(c.option, line);
      return m !== null && (c.values.length === 0 || c.values.includes(m.group(7)!));
    });
    if (!ok) return false;
  }
  return true;
}

/** The new lines, whether anything changed (a missing final newline counts) and the message. */
export function iniEdit(original: string[], p: IniParams): { lines: string[]; changed: boolean; msg: string } {
  const option = p.option ?? null;
  const values: string[] = [];
  for (const v of p.values) if (v !== null && !values.includes(v)) values.push(v);
  const st = { changed: false, msg: 'OK' };
  let ini = [...original];
  if (ini.length === 0) ini.push('\n');
  const lastLine = ini[ini.length - 1]!;
  if (lastLine === '' || !lastLine.endsWith('\n')) {
    ini[ini.length - 1] = lastLine + '\n';
    st.changed = true;
  }
  ini.unshift(`[${FAKE}]`);
  ini.push('[');
  const section = p.section ? p.section : FAKE;
  const assignment = (o: string, v: string) => (p.no_extra_spaces ? `${o}=${v}\n` : `${o} = ${v}\n`);
  let optionNoValuePresent = false;
  const nonBlankNonComment = pyCompile('^[ \\t]*([#;].*)?$');
  const sectionPattern = pyCompile(`^\\[\\s*${pyEscape(section.trim())}\\s*]`);
  let within = false;
  let start = 0;
  let end = 0;
  for (let i = 0; i < ini.length; i++) {
    const line = ini[i]!;
    if (within && line.startsWith('[')) {
      if (sectionHasValues(p.section_has_values, ini.slice(start, i))) {
        end = i;
        break;
      }
      within = false;
      start = end = 0;
    }
    if (sectionPattern.match(line)) {
      within = true;
      start = i;
    }
  }
  const before = ini.slice(0, start);
  let lines = ini.slice(start, end);
  const after = ini.slice(end);
  const changedLines = lines.map(() => 0);
  const matchFn = p.modify_inactive_option ? matchOpt : matchActiveOpt;

  if (p.state === 'present' && option) {
    for (let i = 0; i < lines.length; i++) {
      const m = matchFn(option, lines[i]!);
      if (!m) continue;
      if (values.length && values.includes(m.group(7)!)) {
        const matched = m.group(7)!;
        let newline: string;
        if (!matched && p.allow_no_value) {
          newline = `${option}\n`;
          optionNoValuePresent = true;
        } else newline = assignment(option, matched);
        updateLine(p, option, st, lines, i, changedLines, newline);
        values.splice(values.indexOf(matched), 1);
      } else if (!values.length && p.allow_no_value) {
        updateLine(p, option, st, lines, i, changedLines, `${option}\n`);
        optionNoValuePresent = true;
        break;
      }
    }
  }
  if (p.state === 'present' && p.exclusive && !p.allow_no_value) {
    if (values.length > 0) {
      for (let i = 0; i < lines.length; i++) {
        if (!changedLines[i] && matchFn(option, lines[i]!)) {
          updateLine(p, option!, st, lines, i, changedLines, assignment(option!, values.shift()!));
          if (values.length === 0) break;
        }
      }
    }
    for (let i = lines.length - 1; i > 0; i--) {
      if (!changedLines[i] && matchFn(option, lines[i]!)) {
        lines.splice(i, 1);
        changedLines.splice(i, 1);
        st.changed = true;
        st.msg = 'option changed';
      }
    }
  }
  if (p.state === 'present') {
    for (let i = lines.length; i > 0; i--) {
      if (nonBlankNonComment.match(lines[i - 1]!)) continue;
      if (option && values.length) {
        for (const v of [...values].reverse()) {
          lines.splice(i, 0, assignment(option, v));
          st.msg = 'option added';
          st.changed = true;
        }
      } else if (option && !values.length && p.allow_no_value && !optionNoValuePresent) {
        lines.splice(i, 0, `${option}\n`);
        st.msg = 'option added';
        st.changed = true;
      }
      break;
    }
  }
  if (p.state === 'absent') {
    if (option) {
      if (p.exclusive) {
        const kept = lines.filter((l) => !matchActiveOpt(option, l));
        if (kept.length !== lines.length) Object.assign(st, { changed: true, msg: 'option changed' });
        lines = kept;
      } else if (values.length > 0) {
        const kept = lines.filter((l) => {
          const m = matchActiveOpt(option, l);
          return !(m && values.includes(m.group(7)!));
        });
        if (kept.length !== lines.length) Object.assign(st, { changed: true, msg: 'option changed' });
        lines = kept;
      }
    } else if (lines.length) {
      lines = [];
      Object.assign(st, { changed: true, msg: 'section removed' });
    }
  }
  ini = [...before, ...lines, ...after];
  ini.shift();
  ini.pop();
  if (!within && p.state === 'present') {
    ini.push(`[${section}]\n`);
    st.msg = 'section and option added';
    for (const c of p.section_has_values ?? []) {
      if (c.option !== option) {
        if (c.values.length > 0) for (const v of c.values) ini.push(assignment(c.option, v));
        else if (p.allow_no_value) ini.push(`${c.option}\n`);
      } else if (!p.exclusive) {
        for (const v of c.values) if (!values.includes(v)) values.push(v);
      }
    }
    if (option && values.length) for (const v of values) ini.push(assignment(option, v));
    else if (option && !values.length && p.allow_no_value) ini.push(`${option}\n`);
    else st.msg = 'only section added';
    st.changed = true;
  }
  return { lines: ini, changed: st.changed, msg: st.msg };
}
