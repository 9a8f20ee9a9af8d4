// Mocha helpers: a lab started once for a describe block (or a whole run, as root hooks) and
// always destroyed afterwards, even when a test fails.
import assert from 'node:assert/strict';
import { startLab, type Lab, type LabOptions } from './lab.js';
import { ensureTemplate, type Template } from './template.js';

const START_TIMEOUT_MS = 20 * 60_000; // a cold template build on a slow 2-core CI machine
const DESTROY_TIMEOUT_MS = 2 * 60_000;

/** True where the lab can run: Linux, root. Elsewhere the suites fail and say why. */
export function labAvailable(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0;
}

/**
 * Call inside `describe` before anything that starts hosts: skips the block where the lab cannot
 * run, and builds the template (minutes when cold) under its own generous timeout, so no test's
 * timeout pays for it. `onTemplate` gets how long it took and whether it was built.
 */
const LAB_UNAVAILABLE = 'the test-host lab needs root, systemd-nspawn and mmdebstrap: run scripts/setup-lab.sh as root';

export function useLabTemplate(onTemplate: (t: Template) => void = () => {}): void {
  before(async function () {
    // The lab needs root and systemd-nspawn; scripts/setup-lab.sh installs it and CI runs as root.
    // Without them the suite fails with this message rather than pass by skipping its hosts.
    assert.ok(labAvailable(), LAB_UNAVAILABLE);
    this.timeout(START_TIMEOUT_MS);
    onTemplate(await ensureTemplate());
  });
}

/** Call inside `describe`: starts the lab before its tests, destroys it after; returns a getter. */
export function useLab(opts: LabOptions): () => Lab {
  let lab: Lab | undefined;
  before(async function () {
    assert.ok(labAvailable(), LAB_UNAVAILABLE);
    this.timeout(START_TIMEOUT_MS);
    lab = await startLab(opts);
  });
  after(async function () {
    this.timeout(DESTROY_TIMEOUT_MS);
    await lab?.destroy();
  });
  return () => {
    if (!lab) throw new Error('lab not started');
    return lab;
  };
}

/** Root hooks (`--require` a file that exports these as mochaHooks) for one lab for the whole run. */
export function labRootHooks(opts: LabOptions): { mochaHooks: { beforeAll(this: Mocha.Context): Promise<void>; afterAll(this: Mocha.Context): Promise<void> }; lab(): Lab } {
  let lab: Lab | undefined;
  return {
    mochaHooks: {
      async beforeAll() { this.timeout(START_TIMEOUT_MS); if (labAvailable()) lab = await startLab(opts); },
      async afterAll() { this.timeout(DESTROY_TIMEOUT_MS); await lab?.destroy(); },
    },
    lab: () => {
      if (!lab) throw new Error('lab not started (not root?)');
      return lab;
    },
  };
}
