// Shared by the package-module suites: the harness-built test apt repository, served on the
// suite's gateway for as long as the suite runs, set up as an apt source on every host.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../harness/lab/index.js';
import { buildTestRepo, hostAptSetup, serveTestRepo, type ServedRepo, type TestRepo } from '../../harness/apt-repo/index.js';

/** Mocha hooks: build and serve the repository, add it on every host and `apt-get update` there. */
export function useTestRepo(lab: () => Lab): () => { repo: TestRepo; served: ServedRepo } {
  let dir = '';
  let state: { repo: TestRepo; served: ServedRepo } | undefined;
  before(async function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'pgplay-aptrepo-'));
    const repo = await buildTestRepo(join(dir, 'repo'));
    state = { repo, served: await serveTestRepo(repo, lab().gateway) };
    await Promise.all(lab().hosts.map(async (h) => {
      const r = await lab().exec(h, `${hostAptSetup(repo, state!.served)}\napt-get update -q`);
      assert.equal(r.exitCode, 0, `${h.name}: ${r.stdout}\n${r.stderr}`);
    }));
  });
  after(async () => {
    await state?.served.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => state!;
}

/** Runs a root command on a host and returns its stdout; fails the test on a non-zero exit. */
export async function rootSh(lab: Lab, host: string, cmd: string, input?: string): Promise<string> {
  const r = await lab.exec(host, cmd, input === undefined ? {} : { input });
  assert.equal(r.exitCode, 0, `${host}: ${cmd}\nexit ${r.exitCode}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
