// Mocha's configuration for the README's test command (scripts/test.sh, .ci/run).
// The suites run two test files at a time (--parallel, a worker process per file): most files
// wait on a child process for much of their time (ansible-playbook, pgplay, moto, a lab host
// booting), so one file at a time left a CI machine's second core idle.
// Files start longest first, so the run does not end with one long file alone; the rest follow
// in path order. The list is by measured wall time on the 2-core CI machine (a file missing
// from it just starts later).
'use strict';
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const LONGEST_FIRST = [
  'conformance/playbooks/playbooks.test.js',
  'aws/aws-playbook.test.js',
  'conformance/bad-input/bad-input.test.js',
  'hosts/files/file-modules.test.js',
  'hosts/apt/apt-options.test.js',
  'hosts/text-modules/text-modules.test.js',
  'hosts/apt/repositories.test.js',
  'hosts/net/net-modules.test.js',
  'aws/deprecations.test.js',
  'hosts/ssh/ssh-connection.test.js',
  'hosts/apt/apt.test.js',
  'hosts/services/systemd.test.js',
  'aws/ec2-instance.test.js',
].map((f) => join('test/dist', f));

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.js') ? [p] : [];
  }).sort();
}

let all = [];
try {
  all = testFiles('test/dist');
} catch {
  // not built yet: mocha says no test files were found
}
module.exports = {
  spec: [...LONGEST_FIRST.filter((f) => all.includes(f)), ...all.filter((f) => !LONGEST_FIRST.includes(f))],
  reporter: 'test/support/summary-reporter.cjs',
  timeout: 60000,
  parallel: true,
  jobs: 2,
  require: ['test/support/network-guard.cjs'],
};
