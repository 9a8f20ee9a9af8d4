// The lab harness's public surface for tests and benchmarks.
export { startLab, type Lab, type LabHost, type LabOptions, type LabTimings, type HostRef } from './lab.js';
export { useLab, useLabTemplate, labRootHooks, labAvailable } from './mocha.js';
export { ensureTemplate, type Template } from './template.js';
export { suiteLeftovers, type Leftovers } from './leftovers.js';
export { assertLabAddress } from './guard.js';
export type { ExecOptions, ExecResult } from './ssh.js';
