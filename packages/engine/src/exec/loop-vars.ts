/**
 * The variables a loop item adds (loop_var, index_var, ansible_loop with `extended`) and the
 * keys ansible-core adds to each item result; the item label shown in output.
 */
import type { Task } from '../load/model.js';
import type { LayeredScope, VarLayer } from '../vars/layered-scope.js';
import { templateValue } from '../template/index.js';
import { isDict, pyStr } from '../values/py.js';
import { toBool } from '../schema/coerce.js';

function control(task: Task): Record<string, unknown> {
  const lc = task.keywords.loop_control;
  return isDict(lc) ? lc : {};
}

export function loopVarsLayer(task: Task, items: unknown[], i: number, scope: LayeredScope): { layer: VarLayer; resultKeys: Record<string, unknown> } {
  const lc = control(task);
  const loopVar = lc.loop_var !== undefined ? String(templateValue(lc.loop_var, scope, {})) : 'item';
  const indexVar = lc.index_var !== undefined ? String(templateValue(lc.index_var, scope, {})) : undefined;
  const extended = lc.extended !== undefined && toBool(templateValue(lc.extended, scope, {}));
  const vars: Record<string, unknown> = { [loopVar]: items[i], ansible_loop_var: loopVar };
  const resultKeys: Record<string, unknown> = { [loopVar]: items[i], ansible_loop_var: loopVar };
  if (indexVar) {
    vars[indexVar] = i;
    vars.ansible_index_var = indexVar;
    resultKeys[indexVar] = i;
    resultKeys.ansible_index_var = indexVar;
  }
  if (extended) {
    const allitems = lc.extended_allitems === undefined || toBool(templateValue(lc.extended_allitems, scope, {}));
    const loop: Record<string, unknown> = {
      index: i + 1, index0: i, first: i === 0, last: i === items.length - 1, length: items.length,
      revindex: items.length - i, revindex0: items.length - i - 1,
      ...(allitems ? { allitems: items } : {}),
      ...(i > 0 ? { previtem: items[i - 1] } : {}),
      ...(i < items.length - 1 ? { nextitem: items[i + 1] } : {}),
    };
    vars.ansible_loop = loop;
    resultKeys.ansible_loop = loop;
  }
  return { layer: { name: 'loop', vars, native: true }, resultKeys };
}

export function itemLabel(task: Task, itemScope: LayeredScope, item: unknown, noLog: boolean): string {
  // ansible 2.16 censors the item result before the callback reads its label (TaskResult.clean_copy
  // drops `item` and `_ansible_no_log`), so _get_item_label prints None, not "(censored due to no_log)".
  if (noLog) return 'None';
  const lc = control(task);
  if (lc.label !== undefined) return pyStr(templateValue(lc.label, itemScope, {}));
  return pyStr(item);
}
