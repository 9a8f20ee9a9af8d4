// Serves the test apt repository over HTTP on one address (the suite bridge's gateway, this
// machine's side), GET/HEAD of files under the root only. Hosts reach it directly: their apt
// proxy setting gets a DIRECT exception for this address (see hostAptSetup).
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { assertLabAddress } from '../lab/guard.js';
import { TEST_COMPONENT, TEST_SUITE, type TestRepo } from './build.js';

export interface ServedRepo {
  url: string;
  /** One line per request: "GET /dists/pgplay/InRelease 200". */
  requests: string[];
  close(): Promise<void>;
}

export async function serveTestRepo(repo: TestRepo, address: string): Promise<ServedRepo> {
  assertLabAddress(address);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(repo.root, path);
    let status = 200;
    if (req.method !== 'GET' && req.method !== 'HEAD') status = 405;
    else if (path.split('/').includes('..')) status = 403;
    else { try { if (!statSync(file).isFile()) status = 404; } catch { status = 404; } }
    requests.push(`${req.method} ${path} ${status}`);
    if (status !== 200) { res.writeHead(status, { connection: 'close' }); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, address, () => resolve()); });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${address}:${port}/`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * Shell commands (run as root on a host) that make the served repository an apt source the way a
 * person would with a signed third-party repo: key in /etc/apt/keyrings, a deb822 source with
 * Signed-By, and a DIRECT exception so apt does not send it through the lab's archive proxy.
 */
export function hostAptSetup(repo: TestRepo, served: ServedRepo): string {
  return [
    'install -d -m 0755 /etc/apt/keyrings',
    `cat > /etc/apt/keyrings/pgplay-test.asc <<'PGPLAY_KEY'\n${repo.publicKey.trim()}\nPGPLAY_KEY`,
    hostDirectToRepo(served),
    `printf '%s\\n' 'Types: deb' 'URIs: ${served.url}' 'Suites: ${TEST_SUITE}' 'Components: ${TEST_COMPONENT}' 'Signed-By: /etc/apt/keyrings/pgplay-test.asc' > /etc/apt/sources.list.d/pgplay-test.sources`,
  ].join('\n');
}

/** The root command that lets apt reach the served repository directly (not through the archive proxy). */
export function hostDirectToRepo(served: ServedRepo): string {
  return `printf '%s\\n' 'Acquire::http::Proxy::${new URL(served.url).hostname} "DIRECT";' > /etc/apt/apt.conf.d/02pgplay-test-repo`;
}
