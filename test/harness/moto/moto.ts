/**
 * A moto server (the AWS API emulator from the project's .venv) for one test suite: started on a
 * free port, ready when its own API answers, reset between cases, stopped after the suite.
 *
 * Every environment a test hands to a client (pgplay, ansible-playbook, the SDK) comes from
 * `awsEnv`: fake credentials, temporary shared config/credentials files (so no real profile is
 * read), AWS_EC2_METADATA_DISABLED=true (so nothing probes the metadata address),
 * AWS_ENDPOINT_URL pointing at this server, and PGPLAY_AWS_LOOPBACK_ONLY=1 (pgplay refuses any
 * other endpoint).
 *
 * Not yet: TLS (moto's `--ssl-cert/--ssl-key` with a harness-made CA, so validate_certs and
 * aws_ca_bundle can be exercised); the bind address is already configurable for when lab hosts
 * must reach the emulator over their bridge (PGPLAY_MOTO_BIND).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to test/dist/harness/moto/; the repository root is four levels up.
export const repoRoot = resolve(here, '../../../..');
export const motoBin = join(repoRoot, '.venv/bin/moto_server');

/** The fake account moto answers with. */
export const MOTO_ACCOUNT = '123456789012';
export const FAKE_ACCESS_KEY = 'AKIAPGPLAYTESTKEY000';
export const FAKE_SECRET_KEY = 'pgplay-fake-secret-key-for-moto-only';

export interface MotoOptions {
  /** Bind address (loopback unless the suite needs lab hosts to reach it). */
  host?: string;
  /** How long the server may take to answer its first request. */
  readyTimeoutMs?: number;
}

export interface Moto {
  url: string;
  host: string;
  port: number;
  /** Temporary directory holding the AWS config/credentials files. */
  dir: string;
  /** The environment every AWS client in the test must run with. */
  env: Record<string, string>;
  /** Drops every resource (moto's reset API): each case starts from an empty account. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

/** Resolves once the server printed that it listens (werkzeug's "Running on" line on stderr). */
function listening(child: ChildProcess, deadlineMs: number): Promise<void> {
  return new Promise((ok, fail) => {
    let log = '';
    const timer = setTimeout(() => done(new Error(`moto_server did not start within ${deadlineMs} ms:\n${log}`)), deadlineMs);
    const onData = (b: Buffer): void => {
      log += b.toString();
      if (/Running on/.test(log)) done();
    };
    const onExit = (code: number | null): void => done(new Error(`moto_server exited (${code}) before listening:\n${log}`));
    function done(err?: Error): void {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) fail(err);
      else ok();
    }
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startMoto(opts: MotoOptions = {}): Promise<Moto> {
  const host = opts.host ?? process.env['PGPLAY_MOTO_BIND'] ?? '127.0.0.1';
  const deadline = opts.readyTimeoutMs ?? 90_000;
  const dir = mkdtempSync(join(tmpdir(), 'pgplay-moto-'));
  let lastError: unknown;
  // A port found free can be taken before moto binds it: try a few.
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort(host);
    const child = spawn(motoBin, ['-H', host, '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' } });
    try {
      await listening(child, deadline);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      continue;
    }
    // Keep the pipes drained so a chatty server never blocks on a full pipe.
    child.stdout?.resume();
    child.stderr?.resume();
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const r = await fetch(`${url}/moto-api/`);
    if (!r.ok) throw new Error(`moto_server at ${url} answered ${r.status}`);
    return makeMoto(child, url, host, port, dir);
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function makeMoto(child: ChildProcess, url: string, host: string, port: number, dir: string): Moto {
  const credentials = join(dir, 'credentials');
  const config = join(dir, 'config');
  writeFileSync(credentials, `[default]\naws_access_key_id = ${FAKE_ACCESS_KEY}\naws_secret_access_key = ${FAKE_SECRET_KEY}\n`);
  writeFileSync(config, '[default]\nregion = us-east-1\n');
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: config,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: url,
    PGPLAY_AWS_LOOPBACK_ONLY: '1',
  };
  let exited = child.exitCode !== null;
  child.once('exit', () => (exited = true));
  return {
    url,
    host,
    port,
    dir,
    env,
    async reset() {
      const r = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!r.ok) throw new Error(`moto reset failed: ${r.status}`);
    },
    async stop() {
      if (!exited) {
        const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
