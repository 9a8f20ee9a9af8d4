/**
 * Keyword inheritance play → block → task, as ansible's FieldAttribute does it: the nearest
 * value wins; `when`, `tags`, `environment` and `module_defaults` gather from every level.
 */
import type { Block, Play, Task } from '../load/model.js';

type Node = Task | Block | Play;

function parentOf(n: Node): Node | undefined {
  return n.kind === 'play' ? undefined : n.parent;
}

/** The nearest explicit value of an inheritable keyword. */
export function inherited(task: Task, key: string): unknown {
  for (let n: Node | undefined = task; n; n = parentOf(n)) {
    if (Object.hasOwn(n.keywords, key) && n.keywords[key] !== undefined && n.keywords[key] !== null) return n.keywords[key];
  }
  return undefined;
}

/** Every level's value of a gathering keyword, outermost first (when: parents' conditions first). */
export function gathered(task: Task, key: string): unknown[] {
  const out: unknown[] = [];
  for (let n: Node | undefined = task; n; n = parentOf(n)) {
    if (!Object.hasOwn(n.keywords, key)) continue;
    const v = n.keywords[key];
    if (v === undefined || v === null) continue;
    out.unshift(...(Array.isArray(v) ? v : [v]));
  }
  return out;
}

/** `vars:` of enclosing blocks, outermost first (play vars are a separate layer). */
export function blockVars(task: Task): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let n: Node | undefined = task.parent; n && n.kind === 'block'; n = parentOf(n)) {
    const v = n.keywords.vars;
    if (v && typeof v === 'object') out.unshift(v as Record<string, unknown>);
  }
  return out;
}

export function playOf(task: Task): Play {
  let n: Task | Block = task;
  while (n.parent.kind !== 'play') n = n.parent;
  return n.parent;
}
