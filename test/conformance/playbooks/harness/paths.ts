/** Where the harness finds the repository, the oracle and the pgplay CLI. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgplayBin } from '../../../harness/cli-path.js';

// Compiled to test/dist/conformance/playbooks/harness/; the repo root is five levels up.
const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../../..');
export const playbooksDir = join(repoRoot, 'test/conformance/playbooks');
export const casesDir = join(playbooksDir, 'cases');
export const oracleDir = join(playbooksDir, 'oracle');
export const oracleConfig = join(oracleDir, 'ansible.cfg');
export const badInputDir = join(repoRoot, 'test/conformance/bad-input/cases');
export const venvBin = join(repoRoot, '.venv/bin');
export const ansiblePlaybook = join(venvBin, 'ansible-playbook');
export const venvPython = join(venvBin, 'python');
export const pgplayCli = pgplayBin();

/** The oracle is a real part of the suite: a missing venv is a failure, never a skip. */
export function requireOracle(): void {
  if (!existsSync(ansiblePlaybook) || !existsSync(venvPython)) {
    throw new Error(`oracle missing: ${ansiblePlaybook} (run scripts/setup-venv.sh)`);
  }
}
