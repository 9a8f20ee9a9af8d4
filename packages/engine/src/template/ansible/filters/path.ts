/** Path filters: os.path functions applied to the value (Python's posixpath and ntpath rules). */
import type { FilterFn } from '../../types.js';
import { isSequence, pyTypeName } from '../../../values/py.js';
import { glob, isFile } from '../glob.js';
import * as pp from '../py-path.js';
import { arg, pyClass, toText, typeError } from '../util.js';
import { PyTuple } from '../../../values/py.js';

const unary = (fn: (p: string) => unknown): FilterFn => (_ctx, value) => fn(pp.strPath(value));

const pathJoin: FilterFn = (_ctx, value) => {
  if (typeof value === 'string') return value;
  if (!isSequence(value)) throw typeError(`|path_join expects string or sequence, got ${pyClass(value)} instead.`);
  if (value.length === 0) throw typeError("join() missing 1 required positional argument: 'a'");
  const parts = value.map((p) => {
    if (typeof p !== 'string') throw typeError(`join() argument must be str, bytes, or os.PathLike object, not '${pyTypeName(p)}'`);
    return p;
  });
  return pp.join(parts[0]!, ...parts.slice(1));
};

const commonpath: FilterFn = (_ctx, value) => {
  if (!isSequence(value)) throw typeError(`|path_join expects sequence, got ${pyClass(value)} instead.`);
  return pp.commonpath(value.map((p) => pp.strPath(p)));
};

const relpath: FilterFn = (_ctx, value, args, kwargs) => {
  const start = arg<unknown>(args, kwargs, 0, 'start', '.');
  return pp.relpath(pp.strPath(value), pp.strPath(start));
};

export const pathFilters: Record<string, FilterFn> = {
  basename: unary(pp.basename),
  dirname: unary(pp.dirname),
  expanduser: unary(pp.expanduser),
  expandvars: unary(pp.expandvars),
  realpath: unary(pp.realpath),
  relpath,
  splitext: unary((p) => PyTuple.of_(pp.splitext(p))),
  normpath: unary(pp.normpath),
  path_join: pathJoin,
  commonpath,
  win_basename: unary(pp.ntBasename),
  win_dirname: unary(pp.ntDirname),
  win_splitdrive: unary((p) => PyTuple.of_(pp.ntSplitdrive(p))),
  fileglob: (_ctx, value) => glob(toText(value)).filter(isFile),
};
