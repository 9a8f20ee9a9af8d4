#!/usr/bin/env node
/**
 * The pgplay command, the composition root: it parses argv, hands the engine the module
 * registry, prints, and maps the outcome to ansible-playbook's exit codes.
 *   0 ok · 1 error · 2 host failed / bad option · 4 unreachable or parse error · 99 interrupted · 250 unexpected
 */
import { parseRunArgs, UsageError } from './args.js';
import { runCommand } from './commands/run.js';
import { inventoryCommand } from './commands/inventory.js';
import { schemaCommand } from './commands/schema.js';
import { vaultCommand } from './commands/vault.js';
import { processIo, type Io } from './io.js';

const USAGE = `usage: pgplay run PLAYBOOK [-i INVENTORY]... [-e VARS]... [--check] [--diff] [-v...] [-l LIMIT] [-f FORKS]
                  [--vault-id [LABEL@]SOURCE]... [--vault-password-file FILE]... [-J|--ask-vault-pass]
                  [--syntax-check] [--list-tasks] [--list-hosts] [--list-tags] [--start-at-task NAME] [--force-handlers] [--output text|json]
       pgplay inventory -i INVENTORY (--list [--yaml] | --graph [GROUP] [--vars] | --host HOST) [--limit PATTERN] [vault options]
       pgplay schema                 the playbook JSON Schema, for editors
       pgplay vault {create,decrypt,edit,view,encrypt,encrypt_string,rekey} [FILE...]   as ansible-vault
`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    if (command === 'run') return await runCommand(parseRunArgs(rest), io, controller.signal);
    if (command === 'inventory') return await inventoryCommand(rest, io);
    if (command === 'schema') return schemaCommand(io);
    if (command === 'vault') return await vaultCommand(rest, io);
    if (command === '--help' || command === '-h' || command === undefined) {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${USAGE}pgplay: error: ${e.message}\n`);
      return 2;
    }
    if (controller.signal.aborted) {
      io.err('ERROR! User interrupted execution\n');
      return 99;
    }
    io.err(`ERROR! Unexpected Exception, this is probably a bug: ${(e as Error).stack ?? String(e)}\n`);
    return 250;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(?:main\.js|pgplay(?:\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  // A reader that stops early (`pgplay schema | head`) closes the pipe: end quietly the way a
  // Unix tool killed by SIGPIPE does, instead of an unhandled 'error' event and a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
