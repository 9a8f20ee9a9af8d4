/** lookup('csvfile'): column `col` of the first row whose first field is the key (Python's csv, excel dialect). */
import type { LookupFn } from '../../types.js';
import { parseKv } from '../parse-kv.js';
import { lookupAnsibleError, toText } from '../util.js';
import { findFileOrWarn, readText } from './search.js';

/** csv.reader with the excel dialect and a custom delimiter: quotes, doubled quotes, embedded newlines. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (fieldStarted || row.length) row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (fieldStarted || row.length) rows.push([...row, field]);
  return rows;
}

const OPTIONS = ['col', 'default', 'delimiter', 'file', 'encoding'];

export const csvfileLookup: LookupFn = (ctx, terms, kwargs) => {
  if (terms.length === 0) throw lookupAnsibleError('Search key is required but was not found');
  const opts: Record<string, unknown> = { col: '1', default: null, delimiter: 'TAB', file: 'ansible.csv', encoding: 'utf-8', ...kwargs };
  const ret: unknown[] = [];
  for (const t of terms) {
    const kv = parseKv(toText(t));
    if (kv._raw_params === undefined) throw lookupAnsibleError('Search key is required but was not found');
    for (const [name, value] of Object.entries(kv)) {
      if (name === '_raw_params') continue;
      if (!OPTIONS.includes(name)) throw lookupAnsibleError(`${name} is not a valid option`);
      opts[name] = value;
    }
    const delimiter = opts.delimiter === 'TAB' ? '\t' : toText(opts.delimiter);
    const path = findFileOrWarn(ctx, 'files', toText(opts.file));
    if (!path) throw lookupAnsibleError("csvfile: [Errno 2] No such file or directory: b'None'");
    const col = Number(opts.col);
    const row = parseCsv(readText(path), delimiter).find((r) => r.length > 0 && r[0] === kv._raw_params);
    if (row && (!Number.isInteger(col) || col >= row.length)) throw lookupAnsibleError('csvfile: list index out of range');
    const v = row ? row[col] : opts.default;
    if (v !== null && v !== undefined) ret.push(v);
  }
  return ret;
};
