/**
 * Tag selection (Taggable.evaluate_tags): a task's tags are its own and every enclosing block's,
 * role's, import's and the play's, templated with the play's variables; `--tags` defaults to
 * `all`; `always` runs unless skipped by name; `never` runs only when asked for by name;
 * `tagged`/`untagged` select by having tags at all.
 */
import type { Task } from '../load/model.js';
import { gathered } from './inherit.js';
import { templateValue } from '../template/index.js';
import type { Scope } from '../template/types.js';
import { pyStr } from '../values/py.js';

/**
 * The tags of a task as a flat list of strings (a string value is comma separated); `vars` gives
 * the play's variables for templated tags (a function is called only when a tag is a template).
 */
export function taskTags(task: Task, vars?: Scope | (() => Scope)): (string | number)[] {
  const scope = () => (typeof vars === 'function' ? vars() : vars!);
  const out: (string | number)[] = [];
  // An integer in a tags list stays an integer, as in ansible: `--tags 1` never selects `tags: [1]`.
  const add = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(add);
    else if (typeof v === 'string') out.push(...v.split(',').map((x) => x.trim()));
    else if (typeof v === 'number' && Number.isInteger(v)) out.push(v);
    else if (v !== undefined && v !== null) out.push(pyStr(v));
  };
  for (const t of gathered(task, 'tags')) add(vars && typeof t === 'string' && t.includes('{') ? templateValue(t, scope(), {}) : t);
  return [...new Set(out)];
}

export function selectedByTags(tags: readonly (string | number)[], onlyTags: readonly string[], skipTags: readonly string[]): boolean {
  const only = new Set<string | number>(onlyTags.length ? onlyTags : ['all']);
  const skip = new Set<string | number>(skipTags);
  const t = new Set<string | number>(tags.length ? tags : ['untagged']);
  const untagged = tags.length === 0;
  const disjoint = (a: Set<string | number>, b: Set<string | number>) => ![...a].some((x) => b.has(x));
  let run: boolean;
  if (t.has('always')) run = true;
  else if (only.has('all') && !t.has('never')) run = true;
  else if (!disjoint(t, only)) run = true;
  else run = only.has('tagged') && !untagged && !t.has('never');
  if (run && skip.size > 0) {
    if (skip.has('all')) {
      if (!t.has('always') || skip.has('always')) run = false;
    } else if (!disjoint(t, skip)) run = false;
    else if (skip.has('tagged') && !untagged) run = false;
  }
  return run;
}
