/**
 * The diff every AWS module reports under --diff: the managed fields of the resource before and
 * after, as dicts (the callback prints them as a unified diff of their YAML/JSON). A resource that
 * does not exist is `{}`; values only known after apply are Unknown.
 */
import type { Diff } from '@pgplay/engine/module-api';

export function resourceDiff(kind: string, id: string | undefined, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Diff {
  const label = `${kind}${id ? ` ${id}` : ''}`;
  return { before: before ?? {}, after: after ?? {}, before_header: `${label} (before)`, after_header: `${label} (after)` };
}
