/** The corpus: one directory per case with playbook.yml, an inventory and an optional case.yaml. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { casesDir } from './paths.js';
import { readYamlFiles } from './yaml-meta.js';

export interface CaseSpec {
  name: string;
  dir: string;
  /** Inventory files, relative to the case dir (each becomes one `-i`). */
  inventories: string[];
  /** Extra CLI flags for both sides; `{CASE}` and `{WORK}` expand to the side's sandbox paths. */
  args: string[];
  /** Extra environment for both sides (ANSIBLE_GATHERING, ANSIBLE_CACHE_PLUGIN…); `{CASE}`/`{WORK}` expand. */
  env: Record<string, string>;
  description: string;
  /** Vault plaintexts and no_log-only values: masked (********) in ansible's output before comparing, never allowed in pgplay's. */
  secrets: string[];
  /** Result keys dropped on both sides (normalisation rule 7), each justified in case.yaml. */
  volatileKeys: string[];
  /** `per-host`: only each host's own sequence, the plays and the recap (strategy: free). */
  compare: 'full' | 'per-host';
  /** The ` [ERROR]: …` paragraphs on stderr (Display.error) must agree too. */
  compareErrors: boolean;
}

interface CaseYaml {
  description?: string;
  compare?: string;
  args?: string[];
  inventories?: string[];
  secrets?: string[];
  volatile_keys?: string[];
  env?: Record<string, unknown>;
  compare_errors?: boolean;
}

/** Case names from the file system alone: safe at mocha load time, even without the oracle. */
export function caseNames(): string[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Reads every case.yaml (with the oracle's PyYAML, so it throws when the venv is missing). */
export function listCases(): CaseSpec[] {
  const names = caseNames();
  const metaFiles = names.map((n) => join(casesDir, n, 'case.yaml')).filter((p) => existsSync(p));
  const meta = readYamlFiles(metaFiles);
  return names.map((name) => {
    const dir = join(casesDir, name);
    const m = (meta.get(join(dir, 'case.yaml')) ?? {}) as CaseYaml;
    const defaultInv = ['inventory.ini', 'inventory.yml'].filter((f) => existsSync(join(dir, f)));
    return {
      name,
      dir,
      inventories: m.inventories ?? defaultInv,
      args: (m.args ?? []).map(String),
      env: Object.fromEntries(Object.entries(m.env ?? {}).map(([k, v]) => [k, String(v)])),
      description: m.description ?? '',
      secrets: (m.secrets ?? []).map(String),
      volatileKeys: (m.volatile_keys ?? []).map(String),
      compare: m.compare === 'per-host' ? 'per-host' : 'full',
      compareErrors: m.compare_errors === true,
    };
  });
}
