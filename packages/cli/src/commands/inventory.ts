/** `pgplay inventory`: ansible-inventory's --list (--yaml), --graph and --host output and exit codes. */
import { parseArgs } from 'node:util';
import { loadInventory, inventoryList, inventoryYaml, inventoryGraph, inventoryHost, formatDiagnostic, InventoryError, VaultError, maskSecrets, type VaultLib } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
import { VAULT_OPTION_SPECS, vaultOptionsOf, cliVaultSecrets, vaultLibFor } from '../vault-secrets.js';
import type { Io } from '../io.js';
import { UsageError } from '../args.js';

export async function inventoryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      inventory: { type: 'string', short: 'i', multiple: true },
      list: { type: 'boolean' }, graph: { type: 'boolean' }, host: { type: 'string' }, vars: { type: 'boolean' },
      yaml: { type: 'boolean', short: 'y' }, limit: { type: 'string', short: 'l' },
      'playbook-dir': { type: 'string' },
      ...VAULT_OPTION_SPECS,
    },
  });
  const modes = [values.list, values.graph, values.host !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('one of --list, --graph or --host HOST is required');
  let vault: VaultLib;
  try {
    vault = vaultLibFor(await cliVaultSecrets(io, vaultOptionsOf(values)), io);
  } catch (e) {
    if (!(e instanceof VaultError)) throw e;
    io.err(`ERROR! ${e.message}\n`);
    return 1;
  }
  const r = await loadInventory({ sources: values.inventory ?? [], ...(values['playbook-dir'] ? { playbookDir: values['playbook-dir'] } : {}), vault, plugins: [...registry.inventoryPlugins] });
  for (const d of r.diagnostics) io.err(formatDiagnostic(d) + '\n');
  if (r.diagnostics.some((d) => d.severity === 'error')) return 4;
  const limit = values.limit !== undefined ? { limit: values.limit } : {};
  // Values from vaulted files are secrets here too: masked where ansible-inventory prints them.
  const out = (text: string) => io.out(maskSecrets(text, vault.secretTexts()));
  try {
    if (values.list) out((values.yaml ? inventoryYaml(r.inventory, limit) : inventoryList(r.inventory, limit)) + '\n');
    else if (values.graph) out(inventoryGraph(r.inventory, { ...(positionals[0] ? { group: positionals[0] } : {}), vars: values.vars ?? false }) + '\n');
    else out(inventoryHost(r.inventory, values.host!) + '\n');
  } catch (e) {
    // ansible-inventory exits 5 (AnsibleOptionsError) for an unknown host or group.
    if (e instanceof InventoryError) {
      io.err(`ERROR! ${e.message}\n`);
      return 5;
    }
    throw e;
  }
  return 0;
}
