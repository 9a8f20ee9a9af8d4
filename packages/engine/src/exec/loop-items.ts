/**
 * Loop items: `loop:` is templated to a list; `with_<lookup>:` calls the lookup with wantlist,
 * as ansible-core's TaskExecutor._get_loop_items does (with_items flattens one level).
 */
import { templateValue } from '../template/index.js';
import type { Scope, TemplateOptions, TemplateRegistry } from '../template/types.js';
import { TemplateError } from '../template/errors.js';
import type { LoopSpec } from '../load/model.js';
import { pyRepr, pyTypeName, isTuple } from '../values/py.js';
import { isUnknown } from '../values/unknown.js';

export class LoopError extends Error {}

export function loopItems(spec: LoopSpec, vars: Scope, options: TemplateOptions, registry: TemplateRegistry): unknown[] {
  if (spec.kind === 'loop') {
    const v = templateValue(spec.value, vars, options);
    if (isUnknown(v)) throw new LoopError('the loop list is known only after apply');
    if (!Array.isArray(v)) throw new LoopError(`Invalid data passed to 'loop', it requires a list, got this instead: ${pyRepr(v)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`);
    return v;
  }
  const lookup = registry.lookups?.[spec.lookup];
  if (!lookup) throw new LoopError(`'with_${spec.lookup}' is not a valid attribute for a Task (no lookup plugin named '${spec.lookup}')`);
  let terms = templateValue(spec.value, vars, options);
  if (!Array.isArray(terms)) terms = [terms];
  const ctx = {
    lookupVar: (n: string) => vars.get(n),
    options,
    render: (s: string) => String(templateValue(s, vars, options)),
  };
  try {
    const out = lookup(ctx, terms as unknown[], { wantlist: true });
    if (!Array.isArray(out)) throw new LoopError(`lookup ${spec.lookup} returned ${pyTypeName(out)}, a list was expected`);
    // Items that lookups make as tuples (indexed_items, subelements) reach tasks as lists.
    return out.map((x) => (isTuple(x) ? [...x] : x));
  } catch (e) {
    if (e instanceof LoopError) throw e;
    // The plugin's run() is called bare here (TaskExecutor._get_loop_items): an AnsibleError of any
    // class reaches the result as its own text, without the task's position.
    if (e instanceof TemplateError || (e as Error)?.name?.startsWith("<class 'ansible.errors.")) throw new LoopError((e as Error).message);
    throw new LoopError(`An unhandled exception occurred while running the lookup plugin '${spec.lookup}'. Error was a ${(e as Error).name}, original message: ${(e as Error).message}`);
  }
}
