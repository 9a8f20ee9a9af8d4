/**
 * The no_log and vault corpus: no secret in any output stream or event, at any verbosity.
 *
 * The cases are the differential playbooks named `no-log-*` and `vault-*` (their censored
 * results are compared with ansible-playbook's there). Each lists its `secrets` in case.yaml:
 * values only no_log tasks use, and the plaintexts of its vaulted values. Here every case runs
 * through pgplay's CLI at -v…-vvvv as text, as `--output json`, under `--check --diff`, and
 * through the library (every RunEvent, the result, the diagnostics), and no secret may appear
 * in any of it.
 */
import assert from 'node:assert/strict';
import { runPlaybook, loadInventory, loadVaultSecrets, VaultLib, type RunEvent } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
import { join } from 'node:path';
import { listCases, type CaseSpec } from '../playbooks/harness/cases.js';
import { makeSandbox, removeSandbox, sandboxEnv, expandArgs } from '../playbooks/harness/sandbox.js';
import { run } from '../playbooks/harness/spawn.js';
import { makePool } from '../playbooks/harness/pool.js';
import { pgplayCli } from '../playbooks/harness/paths.js';

const RUNS: { name: string; flags: string[] }[] = [
  { name: 'text', flags: [] },
  { name: 'text -v', flags: ['-v'] },
  { name: 'text -vv', flags: ['-vv'] },
  { name: 'text -vvv', flags: ['-vvv'] },
  { name: 'text -vvvv', flags: ['-vvvv'] },
  { name: 'json -vvvv', flags: ['-vvvv', '--output', 'json'] },
  { name: 'text --check --diff -vvvv', flags: ['--check', '--diff', '-vvvv'] },
];

function hits(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s));
}

/** The case's CLI flags as library options (only the ones the corpus uses). */
async function libraryRun(c: CaseSpec, caseDir: string, args: string[]): Promise<string> {
  const vaultIds: string[] = [];
  const passwordFiles: string[] = [];
  const extraVars: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--vault-id') vaultIds.push(args[++i]!);
    else if (a === '--vault-password-file') passwordFiles.push(args[++i]!);
    else if (a === '-e') extraVars.push(args[++i]!);
    else throw new Error(`${c.name}: the library run does not know the flag ${a}`);
  }
  const vault = new VaultLib(await loadVaultSecrets({ vaultIds, passwordFiles }));
  const inv = await loadInventory({ sources: c.inventories.map((f) => join(caseDir, f)), playbookDir: caseDir, vault });
  const events: RunEvent[] = [];
  const cwd = process.cwd();
  process.chdir(caseDir);
  try {
    const result = await runPlaybook({
      playbook: join(caseDir, 'playbook.yml'), inventory: inv.inventory, registry, vault, verbosity: 4,
      extraVars: [...extraVars, `work_dir=${caseDir}`], onEvent: (e) => events.push(e),
    });
    return JSON.stringify({ events, result });
  } finally {
    process.chdir(cwd);
  }
}

describe('conformance: no secret reaches any output (no_log and vault corpus)', function () {
  this.timeout(600_000);
  const cases = listCases().filter((c) => /^(no-log|vault)-/.test(c.name));
  const pool = makePool(Number(process.env['PGPLAY_DIFF_JOBS'] ?? 3));

  it('has a corpus: every no-log/vault case lists its secrets', () => {
    assert.ok(cases.length >= 7, `only ${cases.length} cases`);
    for (const c of cases) assert.ok(c.secrets.length > 0, `${c.name} lists no secrets`);
  });

  for (const c of listCases().filter((x) => /^(no-log|vault)-/.test(x.name))) {
    it(`${c.name}: CLI at every verbosity, JSON events, --check --diff, and the library`, async () => {
      const problems: string[] = [];
      await Promise.all(RUNS.map((r) => pool(async () => {
        const p = makeSandbox(c.dir, `${c.name}-nolog`);
        try {
          const argv = [pgplayCli, 'run', 'playbook.yml', ...c.inventories.flatMap((i) => ['-i', i]), '-e', `work_dir=${p.work}`, ...expandArgs(c.args, p), ...r.flags];
          const proc = await run(process.execPath, argv, { cwd: p.caseDir, env: sandboxEnv(p) });
          if (!proc.stdout.includes('PLAY RECAP') && !proc.stdout.includes('"kind":"recap"')) problems.push(`${r.name}: the run did not finish (exit ${proc.exitCode}): ${proc.stderr.slice(0, 400)}`);
          for (const s of hits(proc.stdout, c.secrets)) problems.push(`${r.name}: stdout has ${JSON.stringify(s)}`);
          for (const s of hits(proc.stderr, c.secrets)) problems.push(`${r.name}: stderr has ${JSON.stringify(s)}`);
        } finally {
          removeSandbox(p);
        }
      })));
      const p = makeSandbox(c.dir, `${c.name}-nolog-lib`);
      try {
        const out = await libraryRun(c, p.caseDir, expandArgs(c.args, p));
        assert.ok(out.includes('"kind":"recap"'), `${c.name}: the library run did not finish`);
        for (const s of hits(out, c.secrets)) problems.push(`library: events or result have ${JSON.stringify(s)}`);
      } finally {
        removeSandbox(p);
      }
      assert.deepEqual(problems, []);
    });
  }
});
