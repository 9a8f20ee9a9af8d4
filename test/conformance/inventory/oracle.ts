/**
 * Runs ansible-core 2.16 from the repository's .venv as the judge, isolated from any user or
 * project configuration. A missing venv is a failure, never a skip: run scripts/setup-venv.sh.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../conformance/inventory');
export const REPO = resolve(HERE, '../../..');
const VENV_BIN = join(REPO, '.venv', 'bin');

export interface OracleRun {
  stdout: string;
  stderr: string;
  rc: number;
}

export function requireVenv(): void {
  if (!existsSync(join(VENV_BIN, 'ansible-inventory'))) {
    throw new Error(`ansible-core oracle missing at ${VENV_BIN}; run scripts/setup-venv.sh`);
  }
}

const ORACLE_PY = join(VENV_BIN, 'python');

/** The interpreter Ansible reports for the implicit localhost: its own sys.executable. */
export function oraclePython(): string {
  return ORACLE_PY;
}

let home: string | undefined;
function isolatedEnv(): NodeJS.ProcessEnv {
  if (!home) {
    home = mkdtempSync(join(tmpdir(), 'pgplay-oracle-'));
    // An empty ansible.cfg: ANSIBLE_CONFIG=/dev/null is refused (no .cfg extension).
    writeFileSync(join(home, 'ansible.cfg'), '');
  }
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  return {
    ...env, HOME: home, ANSIBLE_CONFIG: join(home, 'ansible.cfg'), ANSIBLE_HOME: join(home, '.ansible'),
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'), ANSIBLE_NOCOLOR: '1', PYTHONDONTWRITEBYTECODE: '1', COLUMNS: '1000',
  };
}

export interface OracleJob {
  tool: 'ansible-inventory' | 'ansible';
  args: string[];
  cwd: string;
}

/** Runs many command lines in one Python process that forks per command (see oracle-batch.py). */
export function runOracleBatch(jobs: OracleJob[]): Promise<OracleRun[]> {
  return new Promise((done, fail) => {
    const child = execFile(ORACLE_PY, [join(HERE, 'oracle-batch.py')], { env: { ...isolatedEnv(), ORACLE_WIDTH: '4' }, maxBuffer: 256 << 20 },
      (err, stdout, stderr) => {
        if (err) fail(new Error(`oracle batch failed: ${err.message}\n${stderr}`));
        else done(JSON.parse(stdout) as OracleRun[]);
      });
    child.stdin!.end(JSON.stringify(jobs));
  });
}

/** The [WARNING] messages in Ansible's stderr, unwrapped and whitespace-normalised. */
export function oracleWarnings(stderr: string): string[] {
  return stderr
    .split(/\[WARNING\]: ?/)
    .slice(1)
    .map((w) => normaliseWarning(w.split(/\nERROR!|\n\[DEPRECATION/)[0]!.replace(/-\n\s*/g, '-')));
}

/**
 * One warning as comparable text: whitespace collapsed (Ansible wraps at 79 columns, breaking after
 * hyphens too) and "Failed to parse SOURCE with PLUGIN plugin: …" cut after the plug-in name, since
 * the reasons quote each parser's own error wording.
 */
export function normaliseWarning(w: string): string {
  const flat = w.replace(/\s+/g, ' ').trim();
  const m = /^(\* Failed to parse .* with \S+ plugin):/.exec(flat);
  return m ? m[1]! : flat;
}
