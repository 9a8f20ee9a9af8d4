/** lookup('first_found'): the first existing file among names, or {files, paths, skip} dicts. */
import type { CallContext, LookupFn } from '../../types.js';
import { isDict, isSequence, pyTypeName } from '../../../values/py.js';
import { join } from '../py-path.js';
import { lookupError, pyTruthy, toText } from '../util.js';
import { findFile } from './search.js';

/** _split_on: strings split on any of the characters; lists recursively. */
function splitOn(v: unknown, chars: string): string[] {
  if (typeof v === 'string') return v.split(new RegExp(`[${chars.replace(/[\]\\^-]/g, '\\$&')}]`));
  if (isSequence(v)) return v.flatMap((x) => splitOn(x, chars));
  return [];
}

interface Search {
  names: string[];
  skip: boolean;
}

function processTerms(terms: unknown[], options: Record<string, unknown>): Search {
  const names: string[] = [];
  let skip = pyTruthy(options.skip);
  for (const term of terms) {
    let files: unknown;
    let opts = options;
    if (isDict(term)) {
      opts = { ...options, ...term };
      files = opts.files ?? [];
    } else if (typeof term === 'string') files = [term];
    else if (isSequence(term)) {
      const inner = processTerms(term, options);
      names.push(...inner.names);
      skip = inner.skip;
      continue;
    } else throw lookupError(`Invalid term supplied, can handle string, mapping or list of strings but got: <class '${pyTypeName(term)}'> for ${toText(term)}`);
    skip = pyTruthy(opts.skip);
    const fileList = splitOn(files, ',;');
    const pathList = splitOn(opts.paths ?? [], ',:;');
    if (pathList.length) for (const p of pathList) for (const f of fileList) names.push(join(p, f));
    else if (fileList.length) names.push(...fileList);
    else names.push(toText(term));
  }
  return { names, skip };
}

function render(ctx: CallContext, name: string): string | null {
  try {
    return /\{\{|\{%/.test(name) ? ctx.render(name) : name;
  } catch {
    return null; // Ansible skips names whose templating hits an undefined variable.
  }
}

/** Keyword options count only without terms (then `files` are the terms), as in Ansible 2.16. */
export const firstFoundLookup: LookupFn = (ctx, terms, kwargs) => {
  const fromKwargs = terms.length === 0;
  const files = isSequence(kwargs.files) ? [...kwargs.files] : kwargs.files ? [kwargs.files] : [];
  const search = processTerms(fromKwargs ? files : terms, fromKwargs ? kwargs : {});
  for (const raw of search.names) {
    const name = render(ctx, raw);
    if (name === null) continue;
    const path = findFile(ctx, 'files', name);
    if (path) return [path];
  }
  if (search.skip) return [];
  throw lookupError('No file was found when using first_found.');
};
