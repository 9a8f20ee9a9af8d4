/**
 * One fresh directory per run: <root>/case (a copy of the case, so playbook_dir, relative files
 * and anything a run writes stay private), <root>/work (the `work_dir` extra var, seeded from the
 * case's `work/` folder) and <root>/home (HOME, ANSIBLE_HOME and ansible's temp dirs).
 */
import { cpSync, existsSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxPaths } from './normalise.js';

export function makeSandbox(caseDir: string, label: string): SandboxPaths {
  // realpath: ansible reports resolved paths (playbook_dir), so the replacement must use them too.
  const root = realpathSync(mkdtempSync(join(tmpdir(), `pgplay-diff-${label}-`)));
  const p: SandboxPaths = { root, caseDir: join(root, 'case'), work: join(root, 'work'), home: join(root, 'home') };
  // Timestamps kept and links copied as written, so both sides start from identical trees
  // (file-module cases compare stat results and link targets).
  const same = { recursive: true, preserveTimestamps: true, verbatimSymlinks: true };
  cpSync(caseDir, p.caseDir, same);
  if (existsSync(join(caseDir, 'work'))) {
    cpSync(join(caseDir, 'work'), p.work, same);
    copyTimes(join(caseDir, 'work'), p.work);
  }
  else mkdirSync(p.work);
  mkdirSync(join(p.home, 'tmp'), { recursive: true });
  return p;
}

/** cpSync keeps the times of files only; links and directories (set after their children) too. */
function copyTimes(from: string, to: string): void {
  const st = lstatSync(from);
  if (st.isDirectory()) for (const n of readdirSync(from)) copyTimes(join(from, n), join(to, n));
  if (st.isDirectory() || st.isSymbolicLink()) lutimesSync(to, st.atime, st.mtime);
}

export function removeSandbox(p: SandboxPaths): void {
  rmSync(p.root, { recursive: true, force: true });
}

/** The same environment for both sides, built from nothing but PATH so no user setting leaks in. */
export function sandboxEnv(p: SandboxPaths, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: p.home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    COLUMNS: '80',
    NO_COLOR: '1',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_HOME: join(p.home, '.ansible'),
    ANSIBLE_LOCAL_TEMP: join(p.home, 'tmp'),
    ANSIBLE_REMOTE_TEMP: join(p.home, 'tmp'),
    PYTHONDONTWRITEBYTECODE: '1',
    // The engine's network guard stays on in every test run (test/support/network-guard.cjs).
    ...(process.env['PGPLAY_ALLOWED_NETS'] !== undefined ? { PGPLAY_ALLOWED_NETS: process.env['PGPLAY_ALLOWED_NETS'] } : {}),
    // The oracle's ansible.cfg says explicit; pgplay reads no ansible.cfg, so both sides get it here
    // (a case's env may override it).
    ANSIBLE_GATHERING: 'explicit',
    ...extra,
  };
}

export function expandArgs(args: readonly string[], p: SandboxPaths): string[] {
  return args.map((a) => a.split('{CASE}').join(p.caseDir).split('{WORK}').join(p.work));
}
