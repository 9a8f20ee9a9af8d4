/** `pgplay run PLAYBOOK`: ansible-playbook's behaviour, output and exit codes. */
import { dirname, resolve } from 'node:path';
import { runPlaybook, loadInventory, DefaultCallback, formatDiagnostic, eventJson, VaultError, type RunEvent, type Diagnostic, type VaultLib } from '@pgplay/engine';
import { cliVaultSecrets, vaultLibFor } from '../vault-secrets.js';
import { registry } from '@pgplay/modules';
import type { RunArgs } from '../args.js';
import type { Io } from '../io.js';
import { listPlaybook } from './list.js';

function printDiagnostics(io: Io, diags: Diagnostic[]): void {
  for (const d of diags) io.err(formatDiagnostic(d) + '\n');
}

export async function runCommand(args: RunArgs, io: Io, signal: AbortSignal): Promise<number> {
  let exit = 0;
  let vault: VaultLib;
  try {
    // -vvvv notes are text: a --output json stream carries only events.
    const noteLevel = args.output === 'json' ? 0 : args.verbosity;
    vault = vaultLibFor(await cliVaultSecrets(io, args.vault, { verbosity: noteLevel }), io, noteLevel);
  } catch (e) {
    if (!(e instanceof VaultError)) throw e;
    io.err(`ERROR! ${e.message}\n`);
    return 1;
  }
  for (const pb of args.playbooks) {
    const playbook = resolve(pb);
    const inv = await loadInventory({ sources: args.inventory, playbookDir: dirname(playbook), vault, plugins: [...registry.inventoryPlugins] });
    const errors = inv.diagnostics.filter((d) => d.severity === 'error');
    printDiagnostics(io, inv.diagnostics);
    if (errors.length) return 4;
    if (args.listTasks || args.listHosts || args.listTags) {
      // The listing is text; under --output json the stream is only the closing event.
      const quiet: Io = { ...io, out: () => undefined };
      const code = listPlaybook(playbook, pb, inv.inventory, args, args.output === 'json' ? quiet : io, vault);
      if (args.output === 'json') io.out(eventJson({ kind: 'playbook-end', exitCode: code }) + '\n');
      if (code !== 0) return code;
      continue;
    }
    // deprecation_warnings from the environment, as ansible reads ANSIBLE_DEPRECATION_WARNINGS (a boolean).
    const deprecations = process.env['ANSIBLE_DEPRECATION_WARNINGS'];
    const deprecationWarnings = deprecations === undefined || !['0', 'false', 'no', 'off', 'n', 'f', '0.0'].includes(deprecations.trim().toLowerCase());
    const callback = new DefaultCallback({ verbosity: args.verbosity, color: io.isTTY, ...(io.columns ? { columns: Math.max(79, io.columns - 1) } : {}), deprecationWarnings, out: io.out, err: io.err });
    const onEvent = args.output === 'json' ? (e: RunEvent) => io.out(eventJson(e) + '\n') : (e: RunEvent) => callback.handle(e);
    const result = await runPlaybook({
      playbook: pb, inventory: inv.inventory, registry, extraVars: args.extraVars, check: args.check, diff: args.diff,
      verbosity: args.verbosity, ...(args.forks ? { forks: args.forks } : {}), ...(args.limit !== undefined ? { limit: args.limit } : {}),
      tags: args.tags, skipTags: args.skipTags, ...(args.startAtTask ? { startAtTask: args.startAtTask } : {}),
      forceHandlers: args.forceHandlers,
      reloadInventory: async () => {
        const again = await loadInventory({ sources: args.inventory, playbookDir: dirname(playbook), vault, plugins: [...registry.inventoryPlugins] });
        const bad = again.diagnostics.filter((d) => d.severity === 'error');
        if (bad.length) throw new Error(`meta: refresh_inventory: ${bad.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('; ')}`);
        return again.inventory;
      },
      syntaxCheck: args.syntaxCheck, onEvent, signal, vault,
    });
    printDiagnostics(io, result.diagnostics);
    if (result.error) io.err(`ERROR! ${result.error}\n`);
    if (args.syntaxCheck && result.exitCode === 0 && args.output === 'text') io.out(`\nplaybook: ${pb}\n`);
    if (result.exitCode !== 0) return result.exitCode;
    exit = result.exitCode;
  }
  return exit;
}
