/** Keeps a failing case's runs (sandboxes, stdout, stderr, events, argv) and says where. */
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SideRun } from './sides.js';
import { removeSandbox } from './sandbox.js';

let keepRoot: string | undefined;

function root(): string {
  keepRoot ??= mkdtempSync(join(tmpdir(), 'pgplay-diff-failures-'));
  return keepRoot;
}

export function keepArtefacts(caseName: string, runs: SideRun[], problems: string[]): string {
  const dir = join(root(), caseName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'problems.txt'), problems.join('\n') + '\n');
  for (const r of runs) {
    renameSync(r.paths.root, join(dir, r.side));
    writeFileSync(join(dir, `${r.side}.argv`), r.argv.map((a) => JSON.stringify(a)).join(' ') + '\n');
    writeFileSync(join(dir, `${r.side}.stdout`), r.proc.stdout);
    writeFileSync(join(dir, `${r.side}.stderr`), r.proc.stderr);
    if (r.events) writeFileSync(join(dir, `${r.side}.events.normalised.jsonl`), r.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    if (r.text) writeFileSync(join(dir, `${r.side}.stdout.normalised`), r.text.join('\n'));
  }
  return dir;
}

export function discard(runs: SideRun[]): void {
  for (const r of runs) removeSandbox(r.paths);
}
