/**
 * The pgplay command the suites run: the bin, which loads the bundle scripts/bundle-cli.mjs makes
 * from packages/*\/dist (what users run). A bundle older than the build it came from would test
 * yesterday's code, so it is refused with what to run, once, when a suite first asks.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to test/dist/harness/; the repo root is three levels up.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bundleMain = join(repoRoot, 'packages/cli/bundle/main.js');

function newestJs(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestJs(p));
    else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function checkBundle(): string {
  const built = Math.max(...['engine', 'modules', 'cli'].map((p) => newestJs(join(repoRoot, 'packages', p, 'dist'))));
  if (!existsSync(bundleMain) || statSync(bundleMain).mtimeMs < built) {
    throw new Error(`${bundleMain} is missing or older than packages/*/dist: run \`pnpm build\` (tsc -b, then node scripts/bundle-cli.mjs)`);
  }
  return join(repoRoot, 'packages/cli/bin/pgplay.js');
}

let checked: string | undefined;

/** The path to hand to `node`; throws when the bundle is stale. */
export function pgplayBin(): string {
  return (checked ??= checkBundle());
}
