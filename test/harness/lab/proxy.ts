// The lab's package proxy: an HTTP forward proxy that apt (in hosts) and debootstrap (for the
// template) use. It forwards only to the archive this machine's apt uses and refuses anything
// else, CONNECT included (fail closed). Pool files (.deb) are cached on disk; indexes pass through.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AptSource } from './apt-sources.js';
import { $nothrow } from './vendor.js';

export interface ProxyOptions {
  sources: AptSource[];
  cacheDir: string;
  log: (line: string) => void;
}

/** Maps a URL apt asked for to the archive URL it stands for, or null when it is not the archive. */
export function upstreamFor(requested: URL, sources: AptSource[]): URL | null {
  if (requested.protocol !== 'http:' || requested.username || requested.password) return null;
  for (const s of sources) {
    const base = new URL(s.uri);
    const prefix = base.pathname.replace(/\/+$/, '') + '/';
    if (requested.host === base.host && requested.pathname.startsWith(prefix)) {
      return new URL(s.uri.replace(/\/+$/, '') + requested.pathname.slice(prefix.length - 1) + requested.search);
    }
  }
  return null;
}

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function forwardHeaders(h: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function refuse(res: ServerResponse, status: number, why: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
  res.end(`pgplay lab proxy: ${why}\n`);
}

/** Cache path of an immutable file (a pool .deb or a by-hash index), or null: the rest passes through. */
function cachePath(cacheDir: string, up: URL): string | null {
  const immutable = up.pathname.endsWith('.deb') || up.pathname.includes('/by-hash/');
  if (!immutable || up.search || up.pathname.split('/').includes('..')) return null;
  return join(cacheDir, 'debs', up.host, decodeURIComponent(up.pathname));
}

function serveFile(res: ServerResponse, path: string, head: boolean): void {
  // The mtime records the last use, so pruneCache() drops only what nobody asked for in a while.
  try { utimesSync(path, new Date(), new Date()); } catch { /* read-only cache: serve anyway */ }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(path).size });
  if (head) res.end();
  else createReadStream(path).pipe(res);
}

function forward(req: IncomingMessage, res: ServerResponse, up: URL, cacheFile: string | null, opts: ProxyOptions): void {
  const send = up.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = forwardHeaders(req.headers);
  // A cached copy must be whole, so ask the archive for the whole file when we will cache it.
  if (cacheFile) { delete headers.range; delete headers['if-range']; }
  const upReq = send(up, { method: req.method, headers, timeout: 60_000 }, (upRes) => {
    const status = upRes.statusCode ?? 502;
    res.writeHead(status, forwardHeaders(upRes.headers));
    if (cacheFile && status === 200 && req.method === 'GET') {
      mkdirSync(dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.part.${process.pid}.${Math.random().toString(36).slice(2)}`;
      const file = createWriteStream(tmp);
      upRes.pipe(file);
      // Rename only a complete download, so a cut connection never leaves a short .deb in the cache.
      upRes.on('end', () => file.end(() => { if (upRes.complete) renameSync(tmp, cacheFile); else rmSync(tmp, { force: true }); }));
      upRes.on('error', () => { file.destroy(); rmSync(tmp, { force: true }); });
    }
    upRes.pipe(res);
  });
  upReq.on('timeout', () => upReq.destroy(new Error('upstream timeout')));
  upReq.on('error', (e) => {
    opts.log(`pgplay lab proxy: upstream error for ${up.href}: ${e.message}`);
    if (!res.headersSent) refuse(res, 502, `upstream error: ${e.message}`); else res.destroy();
  });
  req.pipe(upReq);
}

function handle(req: IncomingMessage, res: ServerResponse, opts: ProxyOptions): void {
  let requested: URL | null = null;
  try { requested = new URL(req.url ?? ''); } catch { /* origin-form or junk: refused below */ }
  const up = requested && (req.method === 'GET' || req.method === 'HEAD') ? upstreamFor(requested, opts.sources) : null;
  if (!up) {
    opts.log(`pgplay lab proxy: REFUSED ${req.method} ${req.url} from ${req.socket.remoteAddress}: not the Debian archive this machine's apt uses`);
    refuse(res, 403, 'refused: only the Debian archive this machine uses is reachable from the lab');
    return;
  }
  const cacheFile = cachePath(opts.cacheDir, up);
  if (cacheFile && existsSync(cacheFile)) { serveFile(res, cacheFile, req.method === 'HEAD'); return; }
  forward(req, res, up, cacheFile, opts);
}

/** Starts the proxy on host:port (port 0 = any); resolves once it listens. */
export async function startProxy(host: string, port: number, opts: ProxyOptions): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => handle(req, res, opts));
  server.on('connect', (req, socket) => {
    opts.log(`pgplay lab proxy: REFUSED CONNECT ${req.url}: tunnels are never forwarded`);
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : port };
}

/** Deletes cached archive files unused for `days` days, so the cache does not grow without end. */
export async function pruneCache(cacheDir: string, days = 30): Promise<void> {
  const dir = join(cacheDir, 'debs');
  if (existsSync(dir)) await $nothrow`find ${dir} -type f -mtime ${`+${days}`} -delete`;
}
