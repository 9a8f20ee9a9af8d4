#!/usr/bin/env node
// Bundles the `pgplay` command (packages/cli/dist, after tsc -b) into packages/cli/bundle/: one
// file for everything a run loads at start, with the AWS SDK clients split into chunks that load
// when an AWS module first runs (they are dynamic imports). Why: Node 20 reads, resolves and
// compiles each of the ~430 ES modules of the unbundled build one by one, which cost every
// `pgplay` invocation about 0.55 s of CPU before any work; bundled, about half (measured with
// `--list-tasks`). Node 20 has no module compile cache to get this otherwise.
// ssh2 stays outside: it loads its optional native crypto binding by a path of its own.
// The engine's regex worker is its own entry, beside the chunks, where run-guarded's
// `new URL('./worker.js', import.meta.url)` looks for it; so is the connection keeper (keeper.js,
// started by kept-transport as a process of its own).
// Writes a new directory and renames it into place, so a reader never sees half a bundle.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'packages/cli/bundle');
const tmp = `${out}.tmp.${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
await build({
  entryPoints: {
    main: join(root, 'packages/cli/dist/main.js'),
    worker: join(root, 'packages/engine/dist/template/ansible/regex/worker.js'),
    keeper: join(root, 'packages/engine/dist/connection/keeper/keeper.js'),
  },
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2'],
  // The ES module builds first (the AWS SDK ships both): a split-off CommonJS chunk would export
  // only `default`, where Node's own import() of it finds the named exports too.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __pgplayCreateRequire } from 'node:module'; const require = __pgplayCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
if (existsSync(out)) rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
