// A suite's state on disk (state.json in its directory), so `scripts/lab down` in another
// process, or `down --all` after a crash, can find and remove everything the suite made.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_ROOT } from './config.js';
import type { HostState } from './host.js';

export interface SuiteState {
  suite: string;
  k: number;
  dir: string;
  template: string;
  gateway: string;
  proxyPid?: number;
  keyPath: string;
  knownHostsPath: string;
  inventoryPath: string;
  passwords: { sudopw: string; pwonly: string };
  hosts: HostState[];
}

export const suitesDir = () => join(STATE_ROOT, 'suites');
export const suiteDir = (suite: string) => join(suitesDir(), suite);

export function saveState(s: SuiteState): void {
  mkdirSync(s.dir, { recursive: true });
  const tmp = join(s.dir, 'state.json.tmp');
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, join(s.dir, 'state.json'));
}

export function loadState(suite: string): SuiteState | undefined {
  const p = join(suiteDir(suite), 'state.json');
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as SuiteState;
}

export function listSuites(): string[] {
  try { return readdirSync(suitesDir()).sort(); } catch { return []; }
}
