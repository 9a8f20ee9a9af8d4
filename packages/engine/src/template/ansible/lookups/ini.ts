/**
 * lookup('ini'): a value from an INI file (Python's configparser with its basic `%(name)s`
 * interpolation) or a Java properties file, found under files/ of the search path.
 */
import type { LookupFn } from '../../types.js';
import { reMatch } from '../regex/ops.js';
import { lookupError, lookupOptionsError, pyTruthy, toText } from '../util.js';
import { pyException } from '../../lookup-errors.js';
import { findFileOrWarn, readText } from './search.js';

type Section = Map<string, string | null>;

interface Parsed {
  defaults: Section;
  sections: Map<string, Section>;
}

/** configparser.read_file with the default delimiters, comment prefixes and continuation lines. */
function parseIni(text: string, file: string, lower: boolean, allowNoValue: boolean): Parsed {
  const defaults: Section = new Map();
  const sections = new Map<string, Section>();
  let cur: Section | null = null;
  let curName = '';
  let last: { key: string; indent: number } | null = null;
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) return;
    if (line === '') {
      last = null;
      return;
    }
    if (cur && last && indent > last.indent) {
      cur.set(last.key, `${cur.get(last.key) ?? ''}\n${line}`);
      return;
    }
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      curName = header[1]!;
      if (curName === 'DEFAULT') cur = defaults;
      else if (sections.has(curName)) throw pyException('configparser.DuplicateSectionError', `While reading from '<???>' [line ${String(i + 1).padStart(2)}]: section '${curName}' already exists`);
      else sections.set(curName, (cur = new Map()));
      last = null;
      return;
    }
    if (!cur) throw pyException('configparser.MissingSectionHeaderError', `File contains no section headers.\nfile: '<???>', line: ${i + 1}\n'${raw}\\n'`);
    const m = /^(.*?)\s*[=:]\s*(.*)$/.exec(line);
    if (!m && !allowNoValue) throw pyException('configparser.ParsingError', `Source contains parsing errors: '<???>'\n\t[line ${String(i + 1).padStart(2)}]: '${raw}\\n'`);
    const key = lower ? (m ? m[1]! : line).toLowerCase() : m ? m[1]! : line;
    if (cur.has(key)) throw lookupError(`Duplicate option in '${file}': While reading from '<???>' [line ${String(i + 1).padStart(2)}]: option '${key}' in section '${curName}' already exists`);
    cur.set(key, m ? m[2]! : null);
    last = { key, indent };
  });
  return { defaults, sections };
}

/** BasicInterpolation: `%%` and `%(option)s` from the same section or DEFAULT. */
function interpolate(value: string, lookup: (k: string) => string | null | undefined, depth = 0): string {
  if (depth > 10) throw pyException('configparser.InterpolationDepthError', 'Recursion limit exceeded in value substitution');
  return value.replace(/%(%|\(([^)]*)\)s|.?)/g, (all, what: string, name: string | undefined) => {
    if (what === '%') return '%';
    if (name === undefined) throw pyException('configparser.InterpolationSyntaxError', `'%' must be followed by '%' or '(', found: '${all}'`);
    const v = lookup(name.toLowerCase());
    if (v === undefined || v === null) throw pyException('configparser.InterpolationMissingOptionError', `Bad value substitution: option '${name}' has no value`);
    return interpolate(v, lookup, depth + 1);
  });
}

const OPTIONS = ['file', 'section', 'default', 're', 'encoding', 'type', 'case_sensitive', 'allow_no_value', 'allow_none'];

/** _parse_params: `key section=s file=f` with spaces kept inside values. */
function inlineParams(term: string, opts: Record<string, unknown>): string {
  let key = term;
  let current = 'key';
  const parts: Record<string, string> = {};
  const order: string[] = [];
  term.split(/\s+/).filter(Boolean).forEach((phrase, i) => {
    if (phrase.includes('=')) for (const k of OPTIONS) if (phrase.includes(`${k}=`)) current = k;
    if (i === 0 || !parts[current]) {
      parts[current] = phrase;
      order.push(current);
    } else parts[current] += ' ' + phrase;
  });
  let updated = false;
  for (const p of order.map((k) => parts[k]!)) {
    if (p.includes('=')) {
      const [name, value, extra] = p.split('=');
      if (extra !== undefined) throw lookupError(`Could not use '${p}' from '${JSON.stringify(order.map((k) => parts[k]))}': too many values to unpack (expected 2)`);
      if (!OPTIONS.includes(name!)) throw lookupError(`${name} is not a valid option.`);
      opts[name!] = value;
    } else if (!updated) {
      key = p;
      updated = true;
    }
  }
  if (!updated) throw lookupOptionsError(`No key to lookup was provided as first term with in string inline options: ${term}`);
  return key;
}

export const iniLookup: LookupFn = (ctx, terms, kwargs) => {
  const ret: unknown[] = [];
  for (const t of terms) {
    const opts: Record<string, unknown> = { file: 'ansible.ini', section: 'global', default: '', re: false, encoding: 'utf-8', type: 'ini', case_sensitive: false, allow_no_value: false, ...kwargs };
    const term = toText(t);
    const key = term.includes('=') || term.trim().includes(' ') ? inlineParams(term, opts) : term;
    const file = toText(opts.file);
    const path = findFileOrWarn(ctx, 'files', file);
    // _get_file_contents(None), after find_file_in_search_path's warning.
    if (!path) throw pyException('ansible.errors.AnsibleParserError', "Invalid filename: 'None'");
    let text = readText(path);
    if (opts.type === 'properties') {
      text = `[java_properties]\n${text}`;
      opts.section = 'java_properties';
    }
    const lower = !pyTruthy(opts.case_sensitive);
    const parsed = parseIni(text, file, lower, pyTruthy(opts.allow_no_value ?? opts.allow_none));
    const section = toText(opts.section);
    const sec = parsed.sections.get(section);
    if (!sec) throw lookupError(`No section '${section}' in ${file}`);
    const get = (k: string): string | null | undefined => (sec.has(k) ? sec.get(k) : parsed.defaults.get(k));
    const value = (k: string): string | null => {
      const v = get(k);
      return v === null || v === undefined ? null : interpolate(v, get);
    };
    if (pyTruthy(opts.re)) {
      const keys = [...new Set([...sec.keys(), ...parsed.defaults.keys()])];
      for (const k of keys) if (reMatch(key, k)) ret.push(value(k));
      continue;
    }
    const k = lower ? key.toLowerCase() : key;
    const v = get(k) === undefined ? opts.default : value(k);
    if (v !== null && v !== undefined) ret.push(v);
  }
  return ret;
};
