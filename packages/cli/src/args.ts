/**
 * ansible-playbook's command line, parsed with node:util parseArgs (no dependency needed for
 * this): repeated -i/-e, counted -v, short and long forms.
 */
import { parseArgs } from 'node:util';
import { VAULT_OPTION_SPECS, vaultOptionsOf, type VaultOptions } from './vault-secrets.js';

export interface RunArgs {
  playbooks: string[];
  inventory: string[];
  extraVars: string[];
  check: boolean;
  diff: boolean;
  verbosity: number;
  limit?: string;
  forks?: number;
  tags: string[];
  skipTags: string[];
  startAtTask?: string;
  syntaxCheck: boolean;
  listTasks: boolean;
  listHosts: boolean;
  listTags: boolean;
  output: 'text' | 'json';
  vault: VaultOptions;
}

export class UsageError extends Error {}

const splitList = (xs: string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

export function parseRunArgs(argv: string[]): RunArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        inventory: { type: 'string', short: 'i', multiple: true },
        'extra-vars': { type: 'string', short: 'e', multiple: true },
        check: { type: 'boolean', short: 'C' },
        diff: { type: 'boolean', short: 'D' },
        verbose: { type: 'boolean', short: 'v', multiple: true },
        limit: { type: 'string', short: 'l' },
        forks: { type: 'string', short: 'f' },
        tags: { type: 'string', short: 't', multiple: true },
        'skip-tags': { type: 'string', multiple: true },
        'start-at-task': { type: 'string' },
        'syntax-check': { type: 'boolean' },
        'list-tasks': { type: 'boolean' },
        'list-hosts': { type: 'boolean' },
        'list-tags': { type: 'boolean' },
        output: { type: 'string' },
        ...VAULT_OPTION_SPECS,
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (parsed.positionals.length === 0) throw new UsageError('the following arguments are required: playbook');
  const output = v.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, got ${output}`);
  const forks = v.forks !== undefined ? Number(v.forks) : undefined;
  if (forks !== undefined && (!Number.isInteger(forks) || forks < 1)) throw new UsageError(`--forks must be a positive integer, got ${v.forks}`);
  return {
    playbooks: parsed.positionals,
    inventory: v.inventory ?? [],
    extraVars: v['extra-vars'] ?? [],
    check: v.check ?? false,
    diff: v.diff ?? false,
    verbosity: v.verbose?.length ?? 0,
    ...(v.limit !== undefined ? { limit: v.limit } : {}),
    ...(forks !== undefined ? { forks } : {}),
    tags: splitList(v.tags),
    skipTags: splitList(v['skip-tags']),
    ...(v['start-at-task'] !== undefined ? { startAtTask: v['start-at-task'] } : {}),
    syntaxCheck: v['syntax-check'] ?? false,
    listTasks: v['list-tasks'] ?? false,
    listHosts: v['list-hosts'] ?? false,
    listTags: v['list-tags'] ?? false,
    output,
    vault: vaultOptionsOf(v),
  };
}
