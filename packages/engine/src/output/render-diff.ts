/**
 * A result's `diff` as ansible's callback renders it (_get_diff): dicts as sorted indent-4
 * JSON, unified diff with "before: <header>" / "after: <header>", the "No newline" marker.
 */
import type { Diff } from '../module-api.js';
import { jsonDumps } from '../template/ansible/filters/py-json.js';
import { isDict } from '../values/py.js';
import { splitLinesKeepEnds, unifiedDiff } from './difflib.js';

type Colorize = (s: string, c: 'diffAdd' | 'diffRemove' | 'diffLines') => string;

function side(v: unknown): string {
  if (isDict(v)) return jsonDumps(v, { indent: 4, sortKeys: true, separators: [',', ': '], ensureAscii: true }) + '\n';
  if (v === null || v === undefined) return '';
  return String(v);
}

export function renderDiff(diff: Diff | Diff[], color: Colorize): string {
  const out: string[] = [];
  for (const d of Array.isArray(diff) ? diff : [diff]) {
    const x = d as Diff & Record<string, unknown>;
    if ('dst_binary' in x) out.push('diff skipped: destination file appears to be binary\n');
    if ('src_binary' in x) out.push('diff skipped: source file appears to be binary\n');
    if ('dst_larger' in x) out.push(`diff skipped: destination file size is greater than ${String(x.dst_larger)}\n`);
    if ('src_larger' in x) out.push(`diff skipped: source file size is greater than ${String(x.src_larger)}\n`);
    if ('before' in x && 'after' in x) {
      const before = splitLinesKeepEnds(side(x.before));
      const after = splitLinesKeepEnds(side(x.after));
      const fix = (lines: string[]) => {
        const last = lines.length - 1;
        if (last >= 0 && !lines[last]!.endsWith('\n')) lines[last] += '\n\\ No newline at end of file\n';
      };
      fix(before);
      fix(after);
      const lines = unifiedDiff(before, after, x.before_header !== undefined ? `before: ${x.before_header}` : 'before', x.after_header !== undefined ? `after: ${x.after_header}` : 'after');
      for (const l of lines) out.push(l.startsWith('+') ? color(l, 'diffAdd') : l.startsWith('-') ? color(l, 'diffRemove') : l.startsWith('@@') ? color(l, 'diffLines') : l);
      if (lines.length) out.push('\n');
    }
    if (typeof x.prepared === 'string') out.push(x.prepared);
  }
  return out.join('');
}
