/**
 * ansible.builtin.uri: an HTTP(S) request made from the target (the TCP connection opens there,
 * through the SSH connection: `url: http://localhost:8008/` asks the target's own service), with
 * uri.py's result: fetch_url's info with header names lower-cased and `-` made `_`, `json` for
 * JSON responses, `content` on request, `dest` written atomically. No check mode, as in ansible.
 */
import { defineModule, jsonDumps, sh, ModuleFailure, type ModuleResult, type ModuleContext } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { expandTildes } from './util/remote-path.js';
import { fetchUrl } from './net/http-client.js';
import { httpOptions, pyIntList, urlProperties, type UrlArgs } from './net/url-args.js';
import { pathInfoOf, writeDownload, type DownloadFileArgs } from './net/write-download.js';
import { formUrlencoded } from './net/form-urlencoded.js';
import { pathInfo } from './util/path-info.js';

interface UriArgs extends UrlArgs, DownloadFileArgs {
  dest?: string;
  body?: unknown;
  body_format: string;
  method: string;
  return_content: boolean;
  follow_redirects: string;
  creates?: string;
  removes?: string;
  status_code: number[];
}

interface UriActions {
  args: UriArgs;
  destKind: 'dir' | 'file' | 'none';
  destMtime?: number;
}

const JSON_CANDIDATES = new Set(['json', 'javascript']);

function contentType(headers: Record<string, unknown>): { sub: string; charset: string } {
  const ct = String(headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.split(',')[0]!.trim().toLowerCase();
  const charset = /charset="?([^";,]+)/i.exec(String(headers['content-type'] ?? ''))?.[1] ?? 'utf-8';
  return { sub: ct.split('/')[1] ?? '', charset };
}

function decode(b: Buffer, charset: string): string {
  return /^(iso-8859-1|latin-?1)$/i.test(charset) ? b.toString('latin1') : b.toString('utf8');
}

/** uri.py's absolute_location, string for string. */
function absoluteLocation(url: string, location: string): string {
  if (location.includes('://')) return location;
  if (location.startsWith('/')) {
    const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '';
    return `${path ? url.split(path).join('') : url}${location}`;
  }
  return `${url.slice(0, Math.max(0, url.lastIndexOf('/')))}/${location}`;
}

function requestBody(a: UriArgs, headers: Record<string, unknown>): Buffer | undefined {
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  const fmt = a.body_format.toLowerCase();
  let body = a.body;
  if (fmt === 'json') {
    if (typeof body !== 'string') body = jsonDumps(body);
    if (!hasType) headers['Content-Type'] = 'application/json';
  } else if (fmt === 'form-urlencoded') {
    if (typeof body !== 'string') body = formUrlencoded(body);
    if (!hasType) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (body === undefined || body === null) return undefined;
  // urllib's default for a request with data and no type.
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return Buffer.from(typeof body === 'string' ? body : String(body), 'utf8');
}

async function probe(ctx: ModuleContext, a: UriArgs): Promise<{ destKind: UriActions['destKind']; destMtime?: number; creates: boolean; removes: boolean }> {
  const r = await ctx.host.exec(sh`d=${a.dest ?? ''}; c=${a.creates ?? ''}; r=${a.removes ?? ''}
if [ -n "$d" ] && [ -d "$d" ]; then echo dir; elif [ -n "$d" ] && [ -f "$d" ]; then echo "file $(stat -L -c %Y -- "$d")"; else echo none; fi
if [ -n "$c" ] && [ -e "$c" ]; then echo 1; else echo 0; fi
if [ -n "$r" ] && [ -e "$r" ]; then echo 1; else echo 0; fi`);
  const [dest = 'none', c, rm] = r.stdout.split('\n');
  const [kind, mtime] = dest.split(' ');
  return { destKind: kind as UriActions['destKind'], ...(mtime ? { destMtime: Number(mtime) } : {}), creates: c === '1', removes: rm === '1' };
}

export default defineModule<UriArgs, UriActions>({
  name: 'ansible.builtin.uri',
  aliases: ['uri'],
  doc: { short: 'Interacts with webservices', description: 'The request is made from the target host: the TCP connection is opened there through the SSH connection (a direct-tcpip channel), so no Python is needed on the target.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      ...urlProperties('user'),
      ...fileCommonProperties,
      dest: { type: 'string', 'x-type': 'path', description: 'Path on the target to write the response body to.' },
      body: { 'x-type': 'raw', description: 'The request body (dicts and lists are encoded per body_format).' },
      body_format: { type: 'string', default: 'raw', enum: ['form-urlencoded', 'json', 'raw', 'form-multipart'], description: 'How to encode body; form-multipart is not supported by pgplay yet.' },
      src: { type: 'string', 'x-type': 'path', 'x-unsupported': 'uri src is not supported by pgplay yet' },
      remote_src: { type: 'boolean', default: false, description: 'Only meaningful with src (not supported yet).' },
      method: { type: 'string', default: 'GET', description: 'The HTTP method.' },
      return_content: { type: 'boolean', default: false, description: 'Return the body as `content`.' },
      follow_redirects: { type: 'string', default: 'safe', enum: ['all', 'no', 'none', 'safe', 'urllib2', 'yes'], description: 'Which redirects to follow.' },
      creates: { type: 'string', 'x-type': 'path', description: 'Skip the request when this path exists on the target.' },
      removes: { type: 'string', 'x-type': 'path', description: 'Skip the request unless this path exists on the target.' },
      status_code: { type: 'array', items: { type: 'integer' }, default: [200], description: 'Statuses that mean success.' },
      timeout: { type: 'integer', default: 30, description: 'Socket timeout in seconds.' },
      headers: { type: 'object', default: {}, description: 'Request headers.' },
      ca_path: { type: 'string', 'x-type': 'path', description: 'PEM CA bundle on the target used to validate the server certificate.' },
      unix_socket: { type: 'string', 'x-type': 'path', 'x-unsupported': 'uri unix_socket is not supported by pgplay yet' },
    },
  },
  returns: {
    status: { description: 'The HTTP status code', returned: 'always', type: 'int' },
    json: { description: 'The parsed JSON body', returned: 'when the response is JSON', type: 'dict' },
    content: { description: 'The body', returned: 'return_content or a bad status', type: 'str' },
    redirected: { description: 'Whether a redirect was followed', returned: 'always', type: 'bool' },
    elapsed: { description: 'Seconds the request took', returned: 'always', type: 'int' },
  },
  // No check mode, as in ansible; the skip is made here because ansible's text names the module
  // its uri action plugin runs (ansible.legacy.uri).
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    if (ctx.check) return { changed: false, result: { skipped: true, msg: 'remote module (ansible.legacy.uri) does not support check mode' } };
    if (args.body_format === 'form-multipart') throw new ModuleFailure('body_format: form-multipart is not supported by pgplay yet');
    if (!/^[A-Z]+$/.test(args.method.toUpperCase())) throw new ModuleFailure("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
    const a = await expandTildes(ctx, args, ['dest', 'creates', 'removes', 'ca_path', 'client_cert', 'client_key']);
    const p = await probe(ctx, a);
    if (a.creates !== undefined && p.creates) return { changed: false, result: { changed: false, stdout: `skipped, since '${a.creates}' exists` } };
    if (a.removes !== undefined && !p.removes) return { changed: false, result: { changed: false, stdout: `skipped, since '${a.removes}' does not exist` } };
    return { changed: true, actions: { args: a, destKind: p.destKind, ...(p.destMtime !== undefined ? { destMtime: p.destMtime } : {}) } };
  },
  async apply(plan, ctx) {
    const { args: a, destKind, destMtime } = plan.actions!;
    const method = a.method.toUpperCase();
    if (!/^[A-Z]+$/.test(a.method)) throw new ModuleFailure("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
    const headers: Record<string, unknown> = { ...(a.headers ?? {}) };
    const body = requestBody(a, headers);
    const opts = await httpOptions(ctx, { ...a, headers }, {
      method, ...(body !== undefined ? { body } : {}), followRedirects: a.follow_redirects, defaultTimeout: 30,
      ...(a.dest !== undefined && destKind === 'file' && destMtime !== undefined ? { lastModified: new Date(destMtime * 1000) } : {}),
    });
    const start = Date.now();
    const r = await fetchUrl(ctx.host, a.url, opts);
    const elapsed = Math.floor((Date.now() - start) / 1000);
    const info = { ...r.info };
    const errBody = info['body'] as Buffer | undefined;
    delete info['body'];
    const { sub, charset } = r.responded ? contentType(info) : { sub: 'octet-stream', charset: 'utf-8' };
    const suffix = sub.includes('+') ? sub.slice(sub.indexOf('+') + 1) : sub;
    const maybeJson = JSON_CANDIDATES.has(suffix.toLowerCase());
    const status = Number(info['status']);
    const maybeOutput = maybeJson || a.return_content || !a.status_code.includes(status);
    const content = r.body ?? errBody ?? Buffer.alloc(0);
    // An HTTP error's body stays in the result as `body` unless uri read it as the content.
    if (errBody !== undefined && !maybeOutput) info['body'] = errBody.toString('utf8');
    const resp: ModuleResult = { redirected: info['url'] !== a.url };
    for (const [k, v] of Object.entries(info)) resp[k.replace(/-/g, '_').toLowerCase()] = v;
    Object.assign(resp, { elapsed, status, changed: false });
    if (r.responded && a.dest !== undefined) {
      let dest = a.dest;
      if (destKind === 'dir') dest = `${dest.replace(/\/$/, '')}/${urlBasename(String(info['url']))}`;
      if (a.status_code.includes(status) && status !== 304) {
        // write_file then set_fs_attributes_if_different(…, True): changed whatever was written.
        const w = await writeDownload(ctx, dest, content, a);
        resp['changed'] = true;
        Object.assign(resp, pathInfo(w.after));
      } else Object.assign(resp, await pathInfoOf(ctx, dest));
      resp['path'] = dest;
    }
    if (typeof resp['location'] === 'string') resp['location'] = absoluteLocation(a.url, resp['location']);
    const text = decode(content, charset);
    if (maybeJson && (r.responded || errBody)) {
      try {
        resp['json'] = JSON.parse(text);
      } catch {
        // not JSON after all: ansible leaves `json` out
      }
    }
    if (a.url_password) maskIn(resp, a.url_password);
    if (!a.status_code.includes(status)) {
      const msg = `Status code was ${status} and not ${pyIntList(a.status_code)}: ${String(resp['msg'] ?? '')}`;
      throw new ModuleFailure(msg, { ...withoutMsg(resp), ...(a.return_content ? { content: text } : {}) });
    }
    return a.return_content ? { ...resp, content: text } : resp;
  },
});

/** AnsibleModule's no_log values: the password masked wherever it appears in the result. */
function maskIn(r: ModuleResult, secret: string): void {
  const mask = (v: unknown): unknown => typeof v === 'string' ? v.split(secret).join('********')
    : Array.isArray(v) ? v.map(mask) : v && typeof v === 'object' && !Buffer.isBuffer(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)])) : v;
  for (const [k, v] of Object.entries(r)) r[k] = mask(v);
}


function withoutMsg(r: ModuleResult): ModuleResult {
  const out = { ...r };
  delete out.msg;
  delete out.failed;
  return out;
}

/** get_response_filename: the last path segment of the final URL, else index.html. */
function urlBasename(url: string): string {
  const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '';
  const name = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return name ? decodeURIComponent(name) : 'index.html';
}
