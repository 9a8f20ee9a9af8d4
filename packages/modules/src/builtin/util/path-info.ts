/**
 * AnsibleModule.add_path_info: every result with a `path` or `dest` gets the file's uid, gid,
 * owner, group, mode, state and size (when the path exists, following links), computed here
 * from a probe instead of a second look at the host.
 */
import type { FileState } from './file-state.js';
import { formatMode } from './file-mode.js';

/** `s` must come from a probe that followed links (its `target` says whether a link dangles). */
export function pathInfo(s: FileState): Record<string, unknown> {
  if (!s.exists || (s.type === 'link' && s.target?.exists === false)) return {};
  const through = s.type === 'link' && s.target ? s.target : s;
  const state = s.type === 'link' ? 'link' : s.type === 'directory' ? 'directory' : (through.nlink ?? 1) > 1 ? 'hard' : 'file';
  return {
    uid: s.uid, gid: s.gid,
    owner: s.owner === 'UNKNOWN' ? String(s.uid) : s.owner, group: s.group === 'UNKNOWN' ? String(s.gid) : s.group,
    mode: formatMode(s.mode!), state, size: s.size,
  };
}
