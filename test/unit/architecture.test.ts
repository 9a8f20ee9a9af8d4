// House rules that keep the layering honest (architecture.md 3 and 9), checked on the sources:
// modules import only the engine's module API; template/ and connection/ never import exec/;
// the engine imports no package of ours.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('architecture: import rules', () => {
  it('modules import only @pgplay/engine/module-api (plus node:, their own files and their declared SDKs)', () => {
    // Third-party packages the modules package declares (the AWS SDK clients) are allowed; engine
    // internals and undeclared packages are not.
    const pkg = JSON.parse(readFileSync('packages/modules/package.json', 'utf8')) as { dependencies: Record<string, string> };
    const sdks = new Set(Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@pgplay/')));
    const bad = files('packages/modules/src').flatMap((f) =>
      imports(f).filter((i) => !i.startsWith('.') && !i.startsWith('node:') && i !== '@pgplay/engine/module-api' && !sdks.has(i)).map((i) => `${f}: ${i}`));
    assert.deepEqual(bad, []);
    // The scan must see imports at all, or the rule above could never fail.
    assert.ok(files('packages/modules/src').some((f) => imports(f).includes('@pgplay/engine/module-api')));
  });
  it('template/ and connection/ never import exec/', () => {
    const bad = ['packages/engine/src/template', 'packages/engine/src/connection'].flatMap((d) => files(d)).flatMap((f) =>
      imports(f).filter((i) => i.startsWith('.') && relative('packages/engine/src', join(f, '..', i)).startsWith('exec')).map((i) => `${f}: ${i}`));
    assert.deepEqual(bad, []);
  });
  it('the engine depends on no other package of ours', () => {
    const bad = files('packages/engine/src').flatMap((f) => imports(f).filter((i) => i.startsWith('@pgplay/') || i === 'pgplay').map((i) => `${f}: ${i}`));
    assert.deepEqual(bad, []);
  });
});
