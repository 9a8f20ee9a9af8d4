// The resident Python server's 'text' op (engine connection/native-text-op.ts) must print byte for
// byte what the text modules' sh probe (modules util/text-file.ts textProbeScript) prints, since
// one parser reads both, and must decline (null) wherever the sh probe fails, since a failure's
// message (rc and stderr) is the sh probe's to give. Differential and seeded: random trees (text,
// binary, NUL-holding, non-UTF-8, empty and 100 KB+ files of random modes and owners; directories;
// relative, absolute, dangling, looping, short- and long-chained links; fifos; names with newlines,
// backslashes and test(1) operators), random paths into them (`.`, `..`, `//`, trailing slashes,
// relative, missing parents, through files) and random owner/group names (existing, missing,
// numeric, signed, odd), run through both: the sh script under /bin/sh -c, the server as pgplay
// starts it. As root, a second pass runs both as nobody (setpriv), where files and directories
// are unreadable and the sh probe fails. A failing seed prints itself; PGPLAY_PROBE_SEED=<n> reruns one.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, lchownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { LocalConnection, NativeCoprocess, nativeStartCommand, processChannel } from '@pgplay/engine';
import type { ModuleContext } from '@pgplay/engine/module-api';
import { probeTextFile, textProbeScript } from '@pgplay/modules';
import { rng } from '../../harness/seeded-random.js';

const NAMES = ['a', 'b c', 'new\nline', 'back\\slash', 'ü', '!', '(', '=', '-n', '.hidden', 'trail\n', 'f-1'];
const USERS = ['root', 'nobody', 'no_such_user', '0', '65534', '54321', ' 0', '+0', '-0', 'a:b', '!', '-n', 'x\\y', 'ü'];
const GROUPS = ['root', 'nogroup', 'no_such_group', '0', '54321', ' 0', '+0', '-0', '-1', '-18446744073709551615', '4294967295', 'x\\tz', '(', '-n'];
const IS_ROOT = process.getuid?.() === 0;
/** Above the server's TEXT_MAX (32 MiB): declined. Sparse, so it costs no disk. */
const HUGE = 33 << 20;

interface Tree {
  root: string;
  paths: string[];
}

function content(r: () => number): Buffer {
  const k = r();
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
  const text = (n: number) =>
    Array.from({ length: n }, () => ['key = value', '[section]', '# comment ü €', 'Port 22', '', '\t x', 'crlf\r'][Math.floor(r() * 7)]).join('\n') + (r() < 0.7 ? '\n' : '');
  if (k < 0.35) return Buffer.from(text(Math.floor(r() * 40)), 'utf8');
  if (k < 0.5) return bytes(Math.floor(r() * 3000)); // binary, almost surely not UTF-8
  if (k < 0.6) return Buffer.from(`a\0b\n${text(3)}\0`, 'utf8'); // NULs in valid UTF-8
  if (k < 0.7) return Buffer.concat([Buffer.from(text(5)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\n')]); // not UTF-8
  if (k < 0.8) return Buffer.alloc(0);
  return Buffer.from(text(6000), 'utf8'); // ~60–100 KB
}

function buildTree(base: string, r: () => number): Tree {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const root = mkdtempSync(join(base, 't-'));
  chmodSync(root, 0o755);
  const paths: string[] = [];
  const dirs: string[] = [root];
  const files: string[] = [];
  for (let i = 0; i < 16; i++) {
    const dir = pick(dirs);
    const p = join(dir, `${pick(NAMES)}${i}`);
    const kind = r();
    if (kind < 0.4) {
      writeFileSync(p, content(r));
      files.push(p);
      chmodSync(p, pick([0o644, 0o644, 0o600, 0o000, 0o444, 0o200, 0o755, 0o4755]));
      if (r() < 0.15) utimesSync(p, Date.now() / 1000, pick([-1.5, 0, 86_400.123456789, 1e9 + 0.5]));
    } else if (kind < 0.52) {
      mkdirSync(p);
      chmodSync(p, pick([0o755, 0o755, 0o700, 0o711, 0o555, 0o1777]));
      dirs.push(p);
    } else if (kind < 0.75) {
      const others = paths.length ? paths : [root];
      // Half of them to a regular file (by absolute and relative path), what the modules edit.
      const file = pick(files.length ? files : others);
      symlinkSync(r() < 0.5 ? pick([file, relative(dir, file) || '.']) : pick([pick(others), relative(dir, pick(others)) || '.', 'missing-target', `../${pick(NAMES)}`, p, `${pick(others)}/x`, '/', '.', 'trail\n']), p);
    } else if (kind < 0.82) {
      // Chains: 3 links (resolved), or 23 (past readlink -f's 20 before it looks for loops; the
      // kernel follows up to 40) ending in a file or looping.
      const n = r() < 0.5 ? 3 : 23;
      const end = r() < 0.5 ? `${p}.0` : `${p}.end`;
      writeFileSync(`${p}.end`, 'chained\n');
      for (let k = 0; k < n; k++) symlinkSync(`${p}.${k + 1}`, `${p}.${k}`);
      symlinkSync(end, `${p}.${n}`);
      symlinkSync(`${p}.0`, p);
    } else if (kind < 0.86) {
      spawnSync('mkfifo', [p]);
    } else if (kind < 0.88) {
      writeFileSync(p, '');
      truncateSync(p, HUGE);
    } else {
      writeFileSync(p, 'plain\n');
    }
    paths.push(p);
    if (IS_ROOT && r() < 0.15) lchownSync(p, pick([54321, 0, 65534]), pick([54321, 0, 65534]));
  }
  return { root, paths };
}

interface Req {
  path: string;
  owner: string;
  group: string;
}

function request(t: Tree, r: () => number): Req {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const p = pick(t.paths);
  const variants = [p, p, p, `${p}/`, `${p}/.`, `${p}/../${pick(NAMES)}`, relative(process.cwd(), p), `${p}-missing`, `${t.root}//${relative(t.root, p)}`, `${dirname(p)}/./${relative(dirname(p), p)}`, `${p}/x`, `${t.root}/no/such/${pick(NAMES)}`, '', '/dev/null'];
  return { path: pick(variants), owner: r() < 0.4 ? pick(USERS) : '', group: r() < 0.4 ? pick(GROUPS) : '' };
}

const body = (q: Req) => ({ path: [q.path], owner: q.owner ? [q.owner] : [], group: q.group ? [q.group] : [] });

/** Who runs both probes: the server's requests, and the sh script's exit status and output. */
interface Runner {
  native(q: Req): Promise<string | null>;
  sh(q: Req): { rc: number; stdout: string };
  close(): void;
}

function runAs(prefix: string[]): Runner {
  const sh = (q: Req) => {
    const [cmd, ...args] = [...prefix, '/bin/sh', '-c', textProbeScript(q.path, q.owner, q.group).text];
    const r = spawnSync(cmd!, args, { maxBuffer: 64 << 20 });
    return { rc: r.status ?? -1, stdout: r.stdout.toString('utf8') };
  };
  if (!prefix.length) {
    const host = new LocalConnection('localhost');
    return { native: (q) => host.native('text', body(q)), sh, close: () => undefined };
  }
  // The server started as pgplay starts it, under the other user.
  const token = 'pgplay-native-test-text';
  const [cmd, ...args] = [...prefix, '/bin/sh', '-c', nativeStartCommand(token)];
  const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  const p = new NativeCoprocess(processChannel(child), null, token);
  return {
    native: async (q) => ((await p.ready) ? p.request('text', body(q)) : null),
    sh,
    close: () => p.kill(),
  };
}

interface Tally {
  compared: number;
  declined: number;
  /** Declined requests the sh probe failed (rc≠0). */
  declinedFailing: number;
  /** Compared answers by what they hold: a file, a link's followed stat, a real path from readlink -f. */
  files: number;
  links: number;
  resolved: number;
}

async function compare(run: Runner, base: string, seeds: number[], perTree: number): Promise<Tally> {
  const t: Tally = { compared: 0, declined: 0, declinedFailing: 0, files: 0, links: 0, resolved: 0 };
  for (const seed of seeds) {
    const r = rng(seed);
    const tree = buildTree(base, r);
    for (let i = 0; i < perTree; i++) {
      const q = request(tree, r);
      const where = `seed ${seed}, request ${i}: ${JSON.stringify(q)}`;
      // Once before: the first read of a new file or link moves its atime (relatime); after that
      // both probes see the same times.
      const warm = await run.native(q);
      let target: ReturnType<typeof statSync> | undefined;
      try {
        target = statSync(q.path);
      } catch {
        target = undefined;
      }
      // Not through sh: `cat` of a fifo waits for a writer, the huge file is 33 MB of output.
      if (target && (target.isFIFO() || (target.isFile() && target.size > HUGE / 2))) {
        assert.equal(warm, null, `a fifo or a file over 32 MiB is declined; ${where}`);
        t.declined++;
        continue;
      }
      const shr = run.sh(q);
      if (warm === null) {
        if (process.env['PGPLAY_PROBE_DEBUG']) console.log('declined', shr.rc, where);
        t.declined++;
        if (shr.rc !== 0) t.declinedFailing++;
        continue;
      }
      assert.equal(shr.rc, 0, `the server answered where the sh probe fails (rc ${shr.rc}); ${where}`);
      const native = await run.native(q);
      assert.equal(native, shr.stdout, where);
      t.compared++;
      const f = shr.stdout.split('\0');
      if (f[1] === 'file') {
        t.files++;
        if (f[4]) t.links++;
        if (f[5] !== q.path) t.resolved++;
      }
    }
  }
  if (process.env["PGPLAY_PROBE_DEBUG"]) console.log(JSON.stringify(t));
  return t;
}

describe('connection/native-text-probe: the server\'s text op prints what the text modules\' sh probe prints', function () {
  this.timeout(300_000);
  let base: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'pgplay-native-text-'));
    chmodSync(base, 0o755);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const only = process.env['PGPLAY_PROBE_SEED'];

  it('gives the same bytes as the sh probe on 300 random requests over 20 random trees, or declines', async () => {
    const run = runAs([]);
    const seeds = only ? [Number(only)] : Array.from({ length: 20 }, (_, i) => 2000 + i);
    const t = await compare(run, base, seeds, 15);
    run.close();
    assert.equal(t.compared + t.declined, seeds.length * 15);
    if (only) return;
    assert.ok(t.compared >= seeds.length * 15 * 0.75, `answered ${JSON.stringify(t)}`);
    assert.ok(t.files >= 60 && t.links >= 10 && t.resolved >= 20, `coverage ${JSON.stringify(t)}`);
  });

  it('as nobody, declines where the sh probe cannot read (and answers the rest the same)', async () => {
    // Not root: the test's own user already cannot read the 0000 and 0200 files.
    const run = runAs(IS_ROOT ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []);
    const seeds = only ? [Number(only) + 1000] : Array.from({ length: 10 }, (_, i) => 3000 + i);
    const t = await compare(run, base, seeds, 15);
    run.close();
    if (only) return;
    assert.ok(t.compared >= seeds.length * 15 * 0.5, `answered ${JSON.stringify(t)}`);
    assert.ok(t.declinedFailing >= 5, `unreadable files seen and declined: ${JSON.stringify(t)}`);
  });

  it('probeTextFile: the same state either way, the same not-UTF-8 failure, and no server with the switch off', async () => {
    const dir = mkdtempSync(join(base, 'ptf-'));
    const text = join(dir, 'app.ini');
    writeFileSync(text, '[main]\nkey = 1 ü\n');
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from('caf\xe9\n', 'latin1'));
    symlinkSync(text, join(dir, 'link'));
    const host = new LocalConnection('localhost');
    const ctx = { host } as unknown as ModuleContext;
    const asked: string[] = [];
    const counting = { host: { ...host, exec: host.exec.bind(host), native: async (op: 'files' | 'text', req: Record<string, unknown>) => {
      const a = await host.native(op, req);
      asked.push(a === null ? 'null' : 'answer');
      return a;
    } } } as unknown as ModuleContext;
    const paths = [text, join(dir, 'link'), join(dir, 'missing'), dir, `${dir}/./link`];
    const viaServer = [];
    for (const p of paths) viaServer.push(await probeTextFile(counting, p, { owner: 'root', group: 'no_such_group' }));
    assert.deepEqual(asked, paths.map(() => 'answer'), 'every probe answered by the server');
    await assert.rejects(probeTextFile(counting, latin1), /latin1\.txt is not UTF-8 text/);
    process.env['PGPLAY_NATIVE_PROBES'] = '0';
    try {
      assert.equal(await host.native('text', body({ path: text, owner: '', group: '' })), null);
      const viaSh = [];
      for (const p of paths) viaSh.push(await probeTextFile(ctx, p, { owner: 'root', group: 'no_such_group' }));
      assert.deepEqual(viaSh, viaServer);
      await assert.rejects(probeTextFile(ctx, latin1), /latin1\.txt is not UTF-8 text/);
    } finally {
      delete process.env['PGPLAY_NATIVE_PROBES'];
    }
    assert.equal(viaServer[1]!.realPath, text);
    assert.equal(viaServer[1]!.content, '[main]\nkey = 1 ü\n');
    assert.equal(viaServer[2]!.kind, 'missing');
    assert.equal(viaServer[3]!.kind, 'directory');
    assert.equal(viaServer[0]!.groupId, null);
    assert.equal(viaServer[0]!.ownerId, 0);
  });
});
