/**
 * Where a task's relative file names are looked for (Task.get_search_path with
 * DataLoader.path_dwim_relative_stack): the roles of its dependency chain, innermost first, then
 * the directory of the file the task is written in; the caller adds the play's directory last.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Block, Play, Task } from './model.js';

export function taskSearchPath(task: Task): string[] {
  const out: string[] = [];
  for (let n: Block | Play = task.parent; n.kind === 'block'; n = n.parent) {
    if (n.role) {
      for (const r of [...(n.depChain ?? [n.role])].reverse()) if (!out.includes(r.path)) out.push(r.path);
      break;
    }
  }
  const own = dirname(task.pos.file);
  if (!out.includes(own)) out.push(own);
  return out;
}

/**
 * path_dwim_relative_stack: for each directory, `<dir>/<kind>/<name>` (unless the name already
 * starts with `<kind>/`) then `<dir>/<name>`; a directory below a role's tasks/ first tries the
 * role's `<kind>/`. The caller's last directory is the play's. Returns the first that exists, or null.
 */
export function findInSearchPath(dirs: string[], kind: string, name: string): string | null {
  if (isAbsolute(name) || name.startsWith('~')) return existsSync(name) ? name : null;
  return searchCandidates(dirs, kind, name).find((c) => existsSync(c)) ?? null;
}

/** Every path path_dwim_relative_stack tries, in order (duplicates kept, as its error lists them). */
export function searchCandidates(dirs: string[], kind: string, name: string): string[] {
  if (isAbsolute(name) || name.startsWith('~')) return [name];
  const first = name.split('/')[0];
  const out: string[] = [];
  for (const d of dirs) {
    const parent = dirname(d);
    // A directory under a role's tasks/: the role's <kind>/ and the tasks/ directory itself.
    if (parent.endsWith('/tasks')) out.push(join(dirname(parent), kind, name), join(parent, name));
    if (first !== kind) out.push(join(d, kind, name));
    out.push(join(d, name));
  }
  return out;
}
