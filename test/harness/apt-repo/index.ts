// The test apt repository: built, signed and served by the harness for the package-module tests.
export { buildTestRepo, TEST_COMPONENT, TEST_SUITE, type TestRepo } from './build.js';
export { serveTestRepo, hostAptSetup, hostDirectToRepo, type ServedRepo } from './serve.js';
export { TEST_DEBS, debFileName, type TestDeb } from './debs.js';
