/**
 * AnsibleModule.add_path_info on the controller: exit_json adds uid, gid, owner, group, mode,
 * state and size to any result with a top-level `path` that exists as a file. iam_role's
 * deprecated top-level keys include the role's `path` ("/"), so its result carries the stat of
 * the controller's "/" (AWS modules run controller-side).
 */
import { lstatSync, readFileSync } from 'node:fs';

/** getpwuid / getgrgid: the name for an id from /etc/passwd or /etc/group, else the id as text. */
function nameOf(file: string, id: number): string {
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && Number(f[2]) === id && f[2] !== '') return f[0]!;
    }
  } catch {
    /* no such database: the id */
  }
  return String(id);
}

export function controllerPathInfo(path: unknown): Record<string, unknown> {
  if (typeof path !== 'string') return {};
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return {};
  }
  const state = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'directory' : st.nlink > 1 ? 'hard' : 'file';
  return {
    uid: st.uid, gid: st.gid, owner: nameOf('/etc/passwd', st.uid), group: nameOf('/etc/group', st.gid),
    mode: `0${(st.mode & 0o7777).toString(8).padStart(3, '0')}`, state, size: st.size,
  };
}
