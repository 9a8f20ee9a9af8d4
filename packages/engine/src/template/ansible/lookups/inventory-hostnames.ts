/**
 * lookup('inventory_hostnames'): hosts matching host patterns, as plugins/lookup/inventory_hostnames.py
 * finds them: an inventory rebuilt from the `groups` variable alone (each group flat, hosts added in
 * its order; no hierarchy, no variables), then InventoryManager.get_hosts(terms). A pattern error
 * gives an empty list, as there.
 */
import type { LookupFn } from '../../types.js';
import { InventoryData } from '../../../inventory/inventory-data.js';
import { PatternMatcher, splitHostPattern } from '../../../inventory/host-patterns.js';
import { isDict, pyStr } from '../../../values/py.js';
import { iterate } from '../../py/ops.js';
import { JUndefined } from '../../runtime-values.js';

class KeyError extends Error {
  override name = "<class 'KeyError'>";
}

export const inventoryHostnamesLookup: LookupFn = (ctx, terms) => {
  const groups = ctx.lookupVar('groups');
  if (groups === undefined || groups instanceof JUndefined) throw new KeyError("'groups'");
  if (!isDict(groups)) throw new TypeError(`'${typeof groups}' object has no attribute 'items'`);
  const data = new InventoryData();
  for (const [group, hosts] of Object.entries(groups)) {
    data.addGroup(group);
    for (const h of iterate(hosts)) data.addHost(typeof h === 'string' ? h : pyStr(h), group);
  }
  const matcher = new PatternMatcher(data, (m) => ctx.options.warn?.(m));
  try {
    return [...new Set(matcher.evaluate(splitHostPattern(terms.map((t) => pyStr(t)))).map((h) => h.name))];
  } catch {
    return [];
  }
};
