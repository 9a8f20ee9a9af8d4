// Shared by the package-module suites: the harness-built test apt repository, served on the
// suite's gateway for as long as the suite runs, set up as an apt source on every host.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../harness/lab/index.js';
import { runAnsible, runPgplay, sameHostName } from '../ssh/support.js';
import { buildTestRepo, hostAptSetup, serveTestRepo, type ServedRepo, type TestRepo } from '../../harness/apt-repo/index.js';

/** Mocha hooks: build and serve the repository, add it on every host and `apt-get update` there. */
export function useTestRepo(lab: () => Lab, opts: { hostSetup?: (repo: TestRepo, served: ServedRepo) => string } = {}): () => { repo: TestRepo; served: ServedRepo } {
  let dir = '';
  let state: { repo: TestRepo; served: ServedRepo } | undefined;
  before(async function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'pgplay-aptrepo-'));
    const repo = await buildTestRepo(join(dir, 'repo'));
    state = { repo, served: await serveTestRepo(repo, lab().gateway) };
    await Promise.all(lab().hosts.map(async (h) => {
      const r = await lab().exec(h, `${(opts.hostSetup ?? hostAptSetup)(repo, state!.served)}\napt-get update -q`);
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

/** Registers a task's result and prints it without `invocation` (ansible and pgplay word those apart). */
export const SHOW = (r: string) => `
      register: ${r}
    - debug: {msg: "{{ ${r} | dict2items | rejectattr('key', 'eq', 'invocation') | items2dict }}"}`;

/** A play of `tasks` on `host` as root without facts, followed by `probe` tasks. */
export const rootPlay = (host: string, tasks: string, probe = '') => `- hosts: ${host}
  gather_facts: false
  remote_user: root
  tasks:${tasks}${probe}
`;

/**
 * Output lines with host names made alike and the clock's and the random's traces hidden: cache
 * update times, apt's transfer rates, the random part of the temporary name a fetched .deb gets.
 */
export const normApt = (out: string, host: string) => out.split('\n')
  .map((l) => sameHostName(l, host).replace(/"cache_update_time": \d+/, '"cache_update_time": T').replace(/ in \d+s \([^)]*\)/g, ' in Ns (R)')
    .replace(/(_all)[a-z0-9_]{8}(\.deb)/g, '$1XXXXXXXX$2'))
  .filter((l) => !l.startsWith('[WARNING]'));

/**
 * The differential runner of the package suites: the same tasks by ansible-playbook on h1 and by
 * pgplay on h2 (identical fresh hosts); exit codes and normalised output must be equal.
 */
export function differential(lab: () => Lab, dir: () => string, probe: string) {
  const both = async (tasks: string, args: string[] = []): Promise<string[]> => {
    const [a, p] = await Promise.all([runAnsible(lab(), dir(), rootPlay('h1', tasks, probe), args), runPgplay(lab(), dir(), rootPlay('h2', tasks, probe), { args })]);
    // PGPLAY_TEST_DUMP=dir keeps both outputs of the last comparison for diffing by hand.
    const dump = process.env['PGPLAY_TEST_DUMP'];
    if (dump) { writeFileSync(join(dump, 'ansible.txt'), normApt(a.stdout, 'h1').join('\n')); writeFileSync(join(dump, 'pgplay.txt'), normApt(p.stdout + p.stderr, 'h2').join('\n')); }
    assert.equal(p.code, a.code, `exit codes: ansible ${a.code}, pgplay ${p.code}\n${a.stdout}\n${a.stderr}\n---\n${p.stdout}\n${p.stderr}`);
    assert.deepEqual(normApt(p.stdout, 'h2'), normApt(a.stdout, 'h1'));
    return normApt(p.stdout, 'h2');
  };
  const recap = (out: string[], re: RegExp) => assert.ok(out.some((l) => re.test(l)), out.join('\n'));
  return { both, recap };
}
