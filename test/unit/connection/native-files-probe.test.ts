// The resident Python file probe (engine connection/native-files-server.ts) must print byte for
// byte what the sh probe (modules file-state.ts) prints, since one parser reads both. Differential
// and seeded: random trees (files of random sizes and modes, empty files, directories, relative,
// absolute, dangling, looping and long-chained links, fifos, names with newlines, spaces and
// backslashes, unknown owners, old and negative times) and random requests (every checksum
// algorithm, follow on/off, users, groups, walks, extras, missing and odd paths) run through both
// on this machine: the sh script under /bin/sh -c, the server through the local connection, the
// way pgplay runs them. A failing seed prints itself; PGPLAY_PROBE_SEED=<n> reruns one. What the
// server declines (null) is the sh probe's anyway; most requests must be answered.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LocalConnection } from '@pgplay/engine';
import { probeFiles, shProbe, type ProbeRequest } from '@pgplay/modules';
import { rng } from '../../harness/seeded-random.js';

const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const NAMES = ['a', 'b c', 'new\nline', 'back\\slash', 'x\\101y', 'd', 'e', '.hidden', 'ü', 'f-1'];
const USERS = ['root', 'nobody', 'no_such_user', '0', '65534', '54321', '', ' 0', '+0', 'a:b', 'c\\cd', 'q\\101'];
const GROUPS = ['root', 'nogroup', 'no_such_group', '0', '54321', '', ' 0', '+0', 'x\\tz'];

interface Tree {
  root: string;
  paths: string[];
  dirs: string[];
}

function buildTree(base: string, r: () => number): Tree {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const root = mkdtempSync(join(base, 't-'));
  const paths: string[] = [];
  const dirs: string[] = [root];
  const isRoot = process.getuid?.() === 0;
  for (let i = 0; i < 14; i++) {
    const dir = pick(dirs);
    const p = join(dir, `${pick(NAMES)}${i}`);
    const kind = r();
    if (kind < 0.3) {
      const size = r() < 0.2 ? 0 : r() < 0.9 ? Math.floor(r() * 5000) : 300_000;
      writeFileSync(p, Buffer.from(Array.from({ length: size }, () => Math.floor(r() * 256))));
      chmodSync(p, pick([0o644, 0o600, 0o000, 0o755, 0o4755, 0o200, 0o111, 0o7777]));
    } else if (kind < 0.45) {
      mkdirSync(p);
      chmodSync(p, pick([0o755, 0o700, 0o1777, 0o555, 0o2750]));
      dirs.push(p);
    } else if (kind < 0.7) {
      const others = paths.length ? paths : [root];
      symlinkSync(pick([pick(others), relative(dir, pick(others)) || ".", 'missing-target', `../${pick(NAMES)}`, p, `${pick(others)}/x`, `${p}/x`, '/', '.', 'trail\n']), p);
    } else if (kind < 0.78) {
      // A chain of links longer than realpath's 20 before it checks for loops, ending in a loop.
      for (let k = 0; k < 23; k++) symlinkSync(`${p}.${k + 1}`, `${p}.${k}`);
      symlinkSync(`${p}.0`, `${p}.23`);
      symlinkSync(`${p}.0`, p);
    } else if (kind < 0.85) {
      execFileSync('mkfifo', [p]);
    } else {
      writeFileSync(p, '');
    }
    paths.push(p);
    if (isRoot && r() < 0.15) lchownSync(p, pick([54321, 0, 65534]), pick([54321, 0]));
    // Old and negative modification times (atime stays recent: relatime would otherwise move it
    // on every read, and the two probes read at different moments).
    if (r() < 0.15 && kind < 0.3) utimesSync(p, Date.now() / 1000, pick([-1.5, 0, 86_400.123456789, 1e9 + 0.5]));
  }
  return { root, paths, dirs };
}

function request(t: Tree, r: () => number): ProbeRequest {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], n: number): T[] => Array.from({ length: Math.floor(r() * (n + 1)) }, () => pick(xs));
  const variants = (p: string) => [p, `${p}/`, `${p}/.`, `${p}/../${pick(NAMES)}`, relative(process.cwd(), p), `${p}-missing`, `${t.root}//${relative(t.root, p)}`];
  const paths = Array.from({ length: Math.floor(r() * 5) }, () => pick(variants(pick(t.paths))));
  const req: ProbeRequest = { paths };
  if (r() < 0.6) req.checksum = pick(ALGORITHMS);
  if (r() < 0.5) req.follow = true;
  if (r() < 0.3) req.users = some(USERS, 3);
  if (r() < 0.3) req.groups = some(GROUPS, 3);
  if (r() < 0.3) req.walk = some([...t.dirs, `${t.root}/`, `${t.root}//`, `${t.root}/nope`, ...t.paths.slice(0, 3)], 2);
  if (r() < 0.3) req.extras = { mime: r() < 0.5, attributes: r() < 0.5 };
  return req;
}

describe('connection/native-files-probe: the resident Python probe prints what the sh probe prints', function () {
  this.timeout(300_000);
  let base: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'pgplay-native-probe-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('gives the same bytes as the sh probe on 300 random requests over 30 random trees', async () => {
    const host = new LocalConnection('localhost');
    const only = process.env['PGPLAY_PROBE_SEED'];
    const seeds = only ? [Number(only)] : Array.from({ length: 30 }, (_, i) => 1000 + i);
    let compared = 0;
    let declined = 0;
    for (const seed of seeds) {
      const r = rng(seed);
      const tree = buildTree(base, r);
      for (let i = 0; i < 10; i++) {
        const req = request(tree, r);
        if (process.env['PGPLAY_PROBE_DEBUG']) console.log(JSON.stringify(req));
        // Once before: the first read of a new file moves its atime (relatime); after that both
        // probes see the same times.
        const warm = await host.native('files', { ...req });
        // Declined: left to the sh probe (a path through more than 20 links, where realpath's
        // loop handling differs between coreutils versions; sh's realpath never ends on some).
        if (warm === null) {
          declined++;
          continue;
        }
        const shOut = execFileSync('/bin/sh', ['-c', shProbe(req).text]).toString('utf8');
        const native = await host.native('files', { ...req });
        assert.equal(native, shOut, `seed ${seed}, request ${i}: ${JSON.stringify(req)}`);
        compared++;
      }
    }
    assert.equal(compared + declined, seeds.length * 10);
    assert.ok(compared >= seeds.length * 7, `the native probe answered ${compared} of ${seeds.length * 10}`);
  });

  it('falls back to the sh probe where python3 is not on PATH, with the same result', async () => {
    // A PATH holding every program of /usr/bin and /bin but python: the sh probe still runs.
    const bin = join(base, 'bin-no-python');
    mkdirSync(bin);
    for (const dir of ['/usr/bin', '/bin']) {
      for (const name of readdirSync(dir)) {
        if (name.startsWith('python')) continue;
        try {
          symlinkSync(join(dir, name), join(bin, name));
        } catch {
          // the same name in both directories: the first one wins, as on PATH
        }
      }
    }
    const tree = buildTree(base, rng(7));
    // No follow and no walk: a link chain or a link through a file would make the server decline.
    const req: ProbeRequest = { paths: [...tree.paths, `${tree.root}/missing`], checksum: 'sha1', users: ['root', 'nobody'], groups: ['root'] };
    const without = new LocalConnection('localhost', { PATH: bin });
    assert.equal(await without.native('files', { ...req }), null);
    const withPython = new LocalConnection('localhost');
    assert.notEqual(await withPython.native('files', { ...req }), null);
    const a = await probeFiles(without, req);
    const b = await probeFiles(withPython, req);
    assert.deepEqual(a, b);
    assert.equal(a.files.length, req.paths.length);
    // And with the switch off, the native probe is not asked at all.
    process.env['PGPLAY_NATIVE_PROBES'] = '0';
    try {
      assert.equal(await withPython.native('files', { ...req }), null);
      assert.deepEqual(await probeFiles(withPython, req), b);
    } finally {
      delete process.env['PGPLAY_NATIVE_PROBES'];
    }
  });
});
