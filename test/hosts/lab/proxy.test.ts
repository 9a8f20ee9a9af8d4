// The package proxy and the apt-sources reader, on loopback only: a stand-in "archive" on
// 127.0.0.1 plays the Debian mirror, so these run anywhere (no root, no network).
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostSourcesList, readDebianSources, type AptSource } from '../../harness/lab/apt-sources.js';
import { startProxy, upstreamFor } from '../../harness/lab/proxy.js';
import { waitFor } from '../../harness/lab/util.js';

function get(port: number, url: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hosts/lab: apt sources', () => {
  it('reads one-line and deb822 sources, keeps only the bookworm family over http(s)', () => {
    const etc = mkdtempSync(join(tmpdir(), 'pgl-apt-'));
    try {
      mkdirSync(join(etc, 'sources.list.d'));
      writeFileSync(join(etc, 'sources.list'), '# c\ndeb [arch=amd64] http://mirror.test/debian/ bookworm main contrib\ndeb-src http://mirror.test/debian bookworm main\n');
      writeFileSync(join(etc, 'sources.list.d/a.sources'), 'Types: deb\nURIs: http://sec.test/debian-security\nSuites: bookworm-security\nComponents: main\n\nTypes: deb\nURIs: http://other.test/x\nSuites: nodistro\nComponents: main\n');
      writeFileSync(join(etc, 'sources.list.d/b.list.disabled'), 'deb http://nope.test/debian bookworm main\n');
      const s = readDebianSources(etc);
      assert.deepEqual(s.map((x) => [x.uri, x.suites]), [['http://mirror.test/debian', ['bookworm']], ['http://sec.test/debian-security', ['bookworm-security']]]);
      assert.equal(hostSourcesList(s), 'deb http://mirror.test/debian bookworm main contrib\ndeb http://sec.test/debian-security bookworm-security main\n');
    } finally { rmSync(etc, { recursive: true, force: true }); }
  });
});

describe('hosts/lab: package proxy', () => {
  const sources: AptSource[] = [{ uri: 'https://mirror.test/debian', suites: ['bookworm'], components: ['main'] }];

  it('maps only URLs under a source to the archive (https kept upstream)', () => {
    const up = (u: string) => upstreamFor(new URL(u), sources)?.href ?? null;
    assert.equal(up('http://mirror.test/debian/dists/bookworm/InRelease'), 'https://mirror.test/debian/dists/bookworm/InRelease');
    for (const bad of ['http://mirror.test/debian-evil/x', 'http://mirror.test/etc/passwd', 'http://mirror.test/debian/../etc/passwd',
      'http://mirror.test/debian/%2e%2e/etc/passwd', 'http://evil.test/debian/x', 'https://mirror.test/debian/x', 'http://u:p@mirror.test/debian/x', 'http://mirror.test:8080/debian/x']) {
      assert.equal(up(bad), null, bad);
    }
  });

  describe('against a stand-in archive on loopback', () => {
    let archive: Server;
    let proxy: Server;
    let port = 0;
    let hits = 0;
    const cache = mkdtempSync(join(tmpdir(), 'pgl-cache-'));
    const logs: string[] = [];
    let archiveUri = '';

    before(async () => {
      archive = createServer((req, res) => { hits++; res.end(`served ${req.url}`); });
      await new Promise<void>((r) => archive.listen(0, '127.0.0.1', () => r()));
      const a = archive.address();
      const uri = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/debian`;
      const p = await startProxy('127.0.0.1', 0, { sources: [{ uri, suites: ['bookworm'], components: ['main'] }], cacheDir: cache, log: (l) => logs.push(l) });
      proxy = p.server;
      port = p.port;
      archiveUri = uri;
    });
    after(() => { proxy?.close(); proxy?.closeAllConnections(); archive?.close(); rmSync(cache, { recursive: true, force: true }); });

    it('caches .deb files and passes index files through', async () => {
      const deb = `${archiveUri}/pool/main/h/hello/hello_2.10-3_amd64.deb`;
      const cached = join(cache, 'debs', new URL(archiveUri).host, '/debian/pool/main/h/hello/hello_2.10-3_amd64.deb');
      assert.deepEqual(await get(port, deb), { status: 200, body: 'served /debian/pool/main/h/hello/hello_2.10-3_amd64.deb' });
      // The proxy renames the download into the cache just after the client has the last byte.
      await waitFor('the cached .deb', 5000, () => existsSync(cached), 10);
      assert.deepEqual(await get(port, deb), { status: 200, body: 'served /debian/pool/main/h/hello/hello_2.10-3_amd64.deb' });
      assert.equal(hits, 1, 'second .deb request served from the cache');
      await get(port, `${archiveUri}/dists/bookworm/InRelease`);
      await get(port, `${archiveUri}/dists/bookworm/InRelease`);
      assert.equal(hits, 3, 'InRelease always asked upstream');
      assert.equal(readFileSync(cached, 'utf8'), 'served /debian/pool/main/h/hello/hello_2.10-3_amd64.deb');
    });

    it('refuses other hosts, other methods and CONNECT, with a log line', async () => {
      const before = hits;
      assert.equal((await get(port, 'http://elsewhere.test/debian/x')).status, 403);
      assert.equal((await get(port, `${archiveUri}/x`, 'POST')).status, 403);
      const connectReply = await new Promise<string>((resolve) => {
        const s = connect(port, '127.0.0.1', () => s.write('CONNECT elsewhere.test:443 HTTP/1.1\r\nhost: elsewhere.test:443\r\n\r\n'));
        let got = '';
        s.on('data', (d) => { got += d.toString(); });
        s.on('close', () => resolve(got));
      });
      assert.match(connectReply, /^HTTP\/1\.1 403/);
      assert.equal(hits, before, 'nothing reached the archive');
      assert.ok(logs.some((l) => l.includes('REFUSED GET http://elsewhere.test/debian/x')));
      assert.ok(logs.some((l) => l.includes('REFUSED CONNECT elsewhere.test:443')));
    });
  });
});
