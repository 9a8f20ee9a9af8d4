/** `pgplay inventory`: ansible-inventory's --list, --graph and --host output. */
import { parseArgs } from 'node:util';
import { loadInventory, inventoryList, inventoryGraph, inventoryHost, formatDiagnostic } from '@pgplay/engine';
import type { Io } from '../io.js';
import { UsageError } from '../args.js';

export async function inventoryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      inventory: { type: 'string', short: 'i', multiple: true },
      list: { type: 'boolean' }, graph: { type: 'boolean' }, host: { type: 'string' }, vars: { type: 'boolean' },
      'playbook-dir': { type: 'string' },
    },
  });
  const modes = [values.list, values.graph, values.host !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('one of --list, --graph or --host HOST is required');
  const r = await loadInventory({ sources: values.inventory ?? [], ...(values['playbook-dir'] ? { playbookDir: values['playbook-dir'] } : {}) });
  for (const d of r.diagnostics) io.err(formatDiagnostic(d) + '\n');
  if (r.diagnostics.some((d) => d.severity === 'error')) return 4;
  if (values.list) io.out(inventoryList(r.inventory) + '\n');
  else if (values.graph) io.out(inventoryGraph(r.inventory, { ...(positionals[0] ? { group: positionals[0] } : {}), vars: values.vars ?? false }) + '\n');
  else io.out(inventoryHost(r.inventory, values.host!) + '\n');
  return 0;
}
