/**
 * One HTTP(S) request the way ansible's fetch_url/open_url makes it on the target: the TCP
 * connection opens from the target (HostConnection.openTcp: an SSH direct-tcpip channel), Node's
 * http/tls speak over it from the controller. Redirects follow ansible's RedirectHandler
 * (`safe`, `all`, `none`, `urllib2`), basic auth is sent up front (force_basic_auth) or after a
 * 401 challenge (urllib's HTTPBasicAuthHandler), gzip is decoded, and every failure comes back
 * as fetch_url's `info` would have it (status -1 and ansible's message) instead of throwing.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { ModuleFailure, NetworkGuardError, TcpConnectError, pythonSocketError, type HostConnection } from '@pgplay/engine/module-api';
import { sslErrorText } from './ssl-errors.js';

export interface HttpOptions {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutS: number;
  followRedirects: string;
  validateCerts: boolean;
  /** PEM text of the CA bundle (ca_path, read on the target). */
  ca?: Buffer;
  clientCert?: Buffer;
  clientKey?: Buffer;
  username?: string;
  password?: string;
  forceBasicAuth: boolean;
  httpAgent: string;
  decompress: boolean;
  /** ansible's `force` (cache-control: no-cache) and dest's mtime (If-Modified-Since). */
  force?: boolean;
  lastModified?: Date;
  signal?: AbortSignal;
}

export interface HttpResult {
  /** fetch_url's info: url, status, msg, lower-cased response headers, cookies… */
  info: Record<string, unknown>;
  /** The body (decoded), null when no response came. */
  body: Buffer | null;
  /** True when a response (success or an HTTP error status) arrived. */
  responded: boolean;
}

interface Raw {
  status: number;
  reason: string;
  headers: [string, string][];
  body: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Python's email.utils.formatdate(usegmt=True), as ansible's If-Modified-Since header. */
function rfc2822(d: Date): string {
  return d.toUTCString();
}

export async function fetchUrl(host: HostConnection, url: string, o: HttpOptions): Promise<HttpResult> {
  const info: Record<string, unknown> = { url, status: -1 };
  const headers: Record<string, string> = { 'User-Agent': o.httpAgent };
  if (o.force) headers['cache-control'] = 'no-cache';
  else if (o.lastModified) headers['If-Modified-Since'] = rfc2822(o.lastModified);
  if (o.username && o.forceBasicAuth) headers['Authorization'] = basic(o.username, o.password ?? '');
  Object.assign(headers, o.headers);
  let method = o.method;
  let body = o.body;
  let current = url;
  let authTried = false;
  try {
    for (let hops = 0; ; hops++) {
      const raw = await once(host, current, method, headers, body, o);
      const lower = lowerHeaders(raw.headers);
      if (raw.status === 401 && o.username && !o.forceBasicAuth && !authTried && /^basic/i.test(lower['www-authenticate'] ?? '')) {
        authTried = true;
        headers['Authorization'] = basic(o.username, o.password ?? '');
        continue;
      }
      if (REDIRECTS.has(raw.status) && lower['location'] !== undefined && hops < 10) {
        const next = new URL(lower['location'], current).toString();
        const follow = redirectAllowed(o.followRedirects, method, raw.status);
        if (follow) {
          if (raw.status !== 307 && raw.status !== 308) {
            body = undefined;
            for (const k of Object.keys(headers)) if (/^(content-length|content-type|transfer-encoding)$/i.test(k)) delete headers[k];
            if ((raw.status === 303 || raw.status === 302) && method !== 'HEAD') method = 'GET';
            if (raw.status === 301 && method === 'POST') method = 'GET';
          }
          current = next;
          continue;
        }
      }
      const decoded = o.decompress && (lower['content-encoding'] ?? '').toLowerCase() === 'gzip' && raw.body.length ? gunzipSync(raw.body) : raw.body;
      Object.assign(info, lower);
      if (raw.status >= 200 && raw.status < 300) {
        Object.assign(info, { cookies_string: '', cookies: {}, msg: `OK (${lower['content-length'] ?? 'unknown'} bytes)`, url: current, status: raw.status });
      } else {
        // urllib raises HTTPError: its message, the body kept apart, the first URL kept.
        Object.assign(info, { msg: `HTTP Error ${raw.status}: ${raw.reason}`, body: decoded, status: raw.status });
      }
      return { info, body: decoded, responded: true };
    }
  } catch (e) {
    if (e instanceof NetworkGuardError || (e as Error).name === 'UnreachableError' || e instanceof ModuleFailure) throw e;
    if ((e as TcpConnectError).code === 'EFORWARDING') throw new ModuleFailure((e as Error).message);
    info['msg'] = failureText(e as Error & { code?: string; phase?: string });
    info['status'] = -1;
    return { info, body: null, responded: false };
  }
}

function redirectAllowed(mode: string, method: string, status: number): boolean {
  // urllib's own HTTPRedirectHandler: GET/HEAD always, POST for 301-303 only.
  if (mode === 'urllib2') return method === 'GET' || method === 'HEAD' || (method === 'POST' && status <= 303);
  if (mode === 'all' || mode === 'yes') return true;
  if (mode === 'safe') return method === 'GET' || method === 'HEAD';
  return false;
}

/** Headers lower-cased; repeated ones joined with ", " as fetch_url joins them. */
export function lowerHeaders(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    const key = k.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${v}` : v;
  }
  return out;
}

/** fetch_url's messages: URLError ("Request failed: <urlopen error …>") for connect-time errors, socket errors after. */
function failureText(e: Error & { code?: string; phase?: string }): string {
  if (e instanceof TcpConnectError || e.phase === 'connect') {
    return `Request failed: <urlopen error ${e.code === 'ETIMEDOUT' ? 'timed out' : pythonSocketError(e.code ?? '')}>`;
  }
  if (e.phase === 'tls') return `Request failed: <urlopen error ${sslErrorText(e)}>`;
  if (e.code === 'ETIMEDOUT') return e.phase === 'tls-read' ? 'Connection failure: The read operation timed out' : 'Connection failure: timed out';
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return `Connection failure: ${pythonSocketError('ECONNRESET')}`;
  // http.client's RemoteDisconnected is a ConnectionResetError: fetch_url's socket.error branch.
  if (e.phase === 'status') return 'Connection failure: Remote end closed connection without response';
  return `An unknown error occurred: ${e.message}`;
}

function tagged(e: Error, phase: string, code?: string): Error {
  return Object.assign(e, { phase, ...(code ? { code } : {}) });
}

async function once(host: HostConnection, url: string, method: string, headers: Record<string, string>, body: Buffer | undefined, o: HttpOptions): Promise<Raw> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ModuleFailure(`pgplay's uri/get_url support http and https URLs only, not ${u.protocol.replace(':', '')}`);
  const tls = u.protocol === 'https:';
  const name = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = u.port ? Number(u.port) : tls ? 443 : 80;
  if (!host.openTcp) throw new ModuleFailure('this connection cannot open TCP connections from the target');
  const timeoutMs = o.timeoutS * 1000;
  const stream = await host.openTcp(name, port, { timeoutMs, ...(o.signal ? { signal: o.signal } : {}) }).catch((e: Error) => {
    throw e instanceof TcpConnectError ? tagged(e, 'connect') : e;
  });
  let socket = stream;
  if (tls) {
    const opts: ConnectionOptions = { socket: stream, host: name, servername: /^[\d.:]+$/.test(name) ? '' : name, rejectUnauthorized: o.validateCerts, ALPNProtocols: ['http/1.1'] };
    if (o.ca) opts.ca = o.ca;
    if (o.clientCert) opts.cert = o.clientCert;
    if (o.clientKey) opts.key = o.clientKey;
    socket = await new Promise((resolve, reject) => {
      const t = tlsConnect(opts, () => {
        clearTimeout(timer);
        // Node checks the name only when rejectUnauthorized; without a servername (IP literal) it checks the IP.
        resolve(t);
      });
      const timer = setTimeout(() => {
        t.destroy();
        reject(tagged(new Error('timed out'), 'connect', 'ETIMEDOUT'));
      }, timeoutMs);
      t.once('error', (e) => {
        clearTimeout(timer);
        stream.destroy();
        reject(tagged(e, 'tls'));
      });
    });
  }
  const reqHeaders: Record<string, string> = { ...headers, Connection: 'close' };
  if (body !== undefined && !Object.keys(reqHeaders).some((k) => k.toLowerCase() === 'content-length')) reqHeaders['Content-Length'] = String(body.length);
  return new Promise<Raw>((resolve, reject) => {
    let gotHead = false;
    let timedOut = false;
    const timeoutError = () => tagged(new Error('timed out'), tls ? 'tls-read' : 'read', 'ETIMEDOUT');
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(timeoutError());
    }, timeoutMs);
    const req = httpRequest({
      method, host: name, port, path: `${u.pathname}${u.search}`, headers: reqHeaders, setHost: true,
      createConnection: () => socket as never,
    }, (res: IncomingMessage) => {
      gotHead = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(tagged(e, 'read', (e as NodeJS.ErrnoException).code));
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // Destroying the request may surface as the socket's own hang-up first: still our timeout.
      if (timedOut) return reject(timeoutError());
      const phase = (e as Error & { phase?: string }).phase;
      if (phase) return reject(e);
      // A connection closed before any status line: http.client's RemoteDisconnected.
      if (!gotHead && (e.code === 'ECONNRESET' || /socket hang up/.test(e.message))) return reject(tagged(new Error(''), 'status'));
      reject(tagged(e, 'read', e.code));
    });
    req.end(body);
  });
}
