/** lookup('file'): contents of files found under files/ of the search path, rstripped by default. */
import type { LookupFn } from '../../types.js';
import { lookupError, pyTruthy, toText } from '../util.js';
import { findFile, pyLstrip, pyRstrip, readText } from './search.js';

export const fileLookup: LookupFn = (ctx, terms, kwargs) => {
  const rstrip = kwargs.rstrip === undefined ? true : pyTruthy(kwargs.rstrip);
  const lstrip = pyTruthy(kwargs.lstrip);
  return terms.map((t) => {
    const term = toText(t);
    const path = findFile(ctx, 'files', term);
    if (!path) throw lookupError(`The 'file' lookup had an issue accessing the file '${term}'. file not found, use -vvvvv to see paths searched`);
    let contents: string;
    try {
      contents = readText(path);
    } catch (e) {
      throw lookupError(`The 'file' lookup had an issue accessing the file '${term}'. ${(e as Error).message}`);
    }
    if (lstrip) contents = pyLstrip(contents);
    if (rstrip) contents = pyRstrip(contents);
    return contents;
  });
};
