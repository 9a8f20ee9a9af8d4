/** regex_replace / regex_search / regex_findall / regex_escape, on translated Python patterns. */
import type { FilterFn } from '../../types.js';
import { matchGroup, reEscape, reFindall, reSearch, reSub } from '../regex/ops.js';
import { arg, checkKwargs, filterError, pyTruthy, toText } from '../util.js';
import { TemplateError, pyRuntimeError } from '../../errors.js';

/** Python's IndexError for match.group() of a group that does not exist. */
function group(pm: Parameters<typeof matchGroup>[0], g: number | string): string | null {
  try {
    return matchGroup(pm, g);
  } catch {
    throw pyRuntimeError('IndexError', 'no such group');
  }
}

const regexReplace: FilterFn = (_ctx, value, args, kwargs) => {
  checkKwargs('regex_replace', kwargs, ['pattern', 'replacement', 'ignorecase', 'multiline']);
  const pattern = toText(arg(args, kwargs, 0, 'pattern', ''));
  const replacement = toText(arg(args, kwargs, 1, 'replacement', ''));
  const flags = { i: pyTruthy(arg(args, kwargs, 2, 'ignorecase', false)), m: pyTruthy(arg(args, kwargs, 3, 'multiline', false)) };
  return reSub(pattern, replacement, toText(value ?? ''), 0, flags);
};

const regexFindall: FilterFn = (_ctx, value, args, kwargs) => {
  checkKwargs('regex_findall', kwargs, ['regex', 'multiline', 'ignorecase']);
  const regex = toText(arg(args, kwargs, 0, 'regex', ''));
  const flags = { m: pyTruthy(arg(args, kwargs, 1, 'multiline', false)), i: pyTruthy(arg(args, kwargs, 2, 'ignorecase', false)) };
  return reFindall(regex, toText(value), flags);
};

const regexSearch: FilterFn = (_ctx, value, args, kwargs) => {
  const [regex, ...rest] = args;
  const groups: (number | string)[] = rest.map((a) => {
    const s = toText(a);
    if (s.startsWith('\\g')) {
      const m = /^\\g<(\S+)>/.exec(s);
      if (!m) throw filterError("'NoneType' object has no attribute 'group'");
      return m[1]!;
    }
    if (s.startsWith('\\')) {
      const m = /^\\(\d+)/.exec(s);
      if (!m) throw filterError("'NoneType' object has no attribute 'group'");
      return Number(m[1]);
    }
    throw filterError('Unknown argument');
  });
  const flags = { i: pyTruthy(kwargs.ignorecase), m: pyTruthy(kwargs.multiline) };
  const pm = reSearch(toText(regex), toText(value), flags);
  if (!pm) return null;
  if (groups.length === 0) return pm.m[0];
  return groups.map((g) => group(pm, g));
};

const regexEscape: FilterFn = (_ctx, value, args, kwargs) => {
  const reType = arg(args, kwargs, 0, 're_type', 'python');
  const s = toText(value);
  if (reType === 'python') return reEscape(s);
  if (reType === 'posix_basic') return reSub('([].[^$*\\\\])', '\\\\\\1', s);
  // ansible-core's own answer for posix_extended (filter/core.py regex_escape), word for word.
  if (reType === 'posix_extended') throw filterError(`Regex type (${toText(reType)}) not yet implemented`);
  throw filterError(`Invalid regex type (${toText(reType)})`);
};

export const regexFilters: Record<string, FilterFn> = {
  regex_replace: regexReplace,
  regex_findall: regexFindall,
  regex_search: regexSearch,
  regex_escape: regexEscape,
};
