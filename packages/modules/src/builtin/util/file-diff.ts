/**
 * ActionBase._get_diff_data: the before/after texts of a file a module is about to replace, with
 * ansible's markers for binary and oversized files (MAX_FILE_SIZE_FOR_DIFF = 104448).
 */
import { sh, type Diff, type HostConnection } from '@pgplay/engine/module-api';

export const MAX_FILE_SIZE_FOR_DIFF = 104448;

/** What the "peek" and slurp of the destination give, in one command. */
async function destinationSide(host: HostConnection, dest: string): Promise<Record<string, unknown>> {
  const r = await host.exec(sh`p=${dest}; [ -e "$p" ] || { echo absent; exit 0; }; n=$(head -c 8192 -- "$p" 2>/dev/null | wc -c); z=$(head -c 8192 -- "$p" 2>/dev/null | tr -d '\\000' | wc -c); [ "$n" != "$z" ] && { echo binary; exit 0; }; s=$(stat -L -c %s -- "$p"); [ "$s" -gt ${MAX_FILE_SIZE_FOR_DIFF} ] && { echo larger; exit 0; }; [ -f "$p" ] && [ -r "$p" ] && { echo content; base64 -w0 < "$p"; }; exit 0`);
  const nl = r.stdout.indexOf('\n');
  const k = nl < 0 ? r.stdout.trim() : r.stdout.slice(0, nl);
  const body = nl < 0 ? '' : r.stdout.slice(nl + 1);
  if (k === 'absent') return { before: '' };
  if (k === 'binary') return { dst_binary: 1 };
  if (k === 'larger') return { dst_larger: MAX_FILE_SIZE_FOR_DIFF };
  if (k === 'content') return { before_header: dest, before: Buffer.from(body.trim(), 'base64').toString('utf8') };
  return {};
}

/** The diff for writing `after` (from `afterHeader`) over `dest`. */
export async function fileDiff(host: HostConnection, dest: string, after: Buffer, afterHeader: string): Promise<Diff> {
  const diff: Record<string, unknown> = await destinationSide(host, dest);
  if (after.length > MAX_FILE_SIZE_FOR_DIFF) diff['src_larger'] = MAX_FILE_SIZE_FOR_DIFF;
  else if (after.includes(0)) diff['src_binary'] = 1;
  else Object.assign(diff, { after_header: afterHeader, after: after.toString('utf8') });
  return diff as Diff;
}
