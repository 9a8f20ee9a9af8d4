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
 * With `tls: true` the server speaks HTTPS with a certificate signed by a CA the harness makes
 * with openssl in the server's temp directory; AWS_CA_BUNDLE points at that CA, so validate_certs
 * and aws_ca_bundle are exercised for real. The bind address is configurable for when lab hosts
 * must reach the emulator over their bridge (PGPLAY_MOTO_BIND).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  /** HTTPS with a certificate from a harness-made CA (AWS_CA_BUNDLE names it). */
  tls?: boolean;
}

export interface Moto {
  url: string;
  host: string;
  port: number;
  /** Temporary directory holding the AWS config/credentials files (and the TLS files). */
  dir: string;
  /** With `tls`: the CA certificate (PEM file) that signed the server's certificate. */
  caFile?: string;
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
  const tls = opts.tls ? makeCertificates(dir, host) : undefined;
  let lastError: unknown;
  // A port found free can be taken before moto binds it: try a few.
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort(host);
    const tlsArgs = tls ? ['-c', tls.cert, '-k', tls.key] : [];
    const child = spawn(motoBin, ['-H', host, '-p', String(port), ...tlsArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' } });
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
    const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const status = await motoRequest(`${url}/moto-api/`, 'GET', tls?.ca);
    if (status !== 200) throw new Error(`moto_server at ${url} answered ${status}`);
    return makeMoto(child, url, host, port, dir, tls?.ca);
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** A CA and a server certificate for `host` (and localhost), made with openssl; valid two days. */
function makeCertificates(dir: string, host: string): { ca: string; cert: string; key: string } {
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=pgplay test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', `/CN=${host}`);
  const san = /^[0-9.]+$|:/.test(host) ? `IP:${host},DNS:localhost` : `DNS:${host},DNS:localhost`;
  writeFileSync(f('server.ext'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('server.ext'));
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

/** One request to the emulator's own API (its status code), trusting only the harness's CA over TLS. */
function motoRequest(url: string, method: string, caFile?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (res: { statusCode?: number; resume(): void }) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    };
    const req = caFile ? httpsRequest(url, { method, ca: readFileSync(caFile) }, done) : httpRequest(url, { method }, done);
    req.once('error', reject);
    req.end();
  });
}

function makeMoto(child: ChildProcess, url: string, host: string, port: number, dir: string, caFile?: string): Moto {
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
    ...(caFile ? { AWS_CA_BUNDLE: caFile } : {}),
  };
  let exited = child.exitCode !== null;
  child.once('exit', () => (exited = true));
  return {
    url,
    host,
    port,
    dir,
    env,
    ...(caFile ? { caFile } : {}),
    async reset() {
      const status = await motoRequest(`${url}/moto-api/reset`, 'POST', caFile);
      if (status !== 200) throw new Error(`moto reset failed: ${status}`);
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
