/** match / search / regex tests: re.match / re.search of a translated Python pattern. */
import type { TestFn } from '../../types.js';
import { reFullmatch, reMatch, reSearch } from '../regex/ops.js';
import { arg, filterError, pyTruthy, toText } from '../util.js';

function regexTest(value: unknown, pattern: unknown, ignorecase: unknown, multiline: unknown, matchType: unknown): boolean {
  const flags = { i: pyTruthy(ignorecase), m: pyTruthy(multiline) };
  const text = toText(value);
  const pat = toText(pattern);
  if (matchType === 'match') return reMatch(pat, text, flags) !== null;
  if (matchType === 'fullmatch') return reFullmatch(pat, text, flags) !== null;
  if (matchType !== 'search') throw filterError(`'re.Pattern' object has no attribute '${toText(matchType)}'`);
  return reSearch(pat, text, flags) !== null;
}

export const regexTests: Record<string, TestFn> = {
  regex: (_ctx, v, args, kw) =>
    regexTest(v, arg(args, kw, 0, 'pattern', ''), arg(args, kw, 1, 'ignorecase', false), arg(args, kw, 2, 'multiline', false), arg(args, kw, 3, 'match_type', 'search')),
  match: (_ctx, v, args, kw) => regexTest(v, arg(args, kw, 0, 'pattern', ''), arg(args, kw, 1, 'ignorecase', false), arg(args, kw, 2, 'multiline', false), 'match'),
  search: (_ctx, v, args, kw) => regexTest(v, arg(args, kw, 0, 'pattern', ''), arg(args, kw, 1, 'ignorecase', false), arg(args, kw, 2, 'multiline', false), 'search'),
};
