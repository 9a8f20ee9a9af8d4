/**
 * The arguments ansible's url_argument_spec gives uri and get_url, and what both read on the
 * target before a request: the CA bundle and client certificate (paths on the target, as the
 * modules run there) and the options that become fetchUrl's HttpOptions.
 */
import { ModuleFailure, type JSONSchema, type ModuleContext } from '@pgplay/engine/module-api';
import type { HttpOptions } from './http-client.js';

export interface UrlArgs {
  url: string;
  force?: boolean;
  http_agent?: string;
  use_proxy?: boolean;
  validate_certs?: boolean;
  url_username?: string;
  url_password?: string;
  force_basic_auth?: boolean;
  client_cert?: string;
  client_key?: string;
  use_gssapi?: boolean;
  ca_path?: string;
  timeout?: number;
  headers?: Record<string, unknown>;
  decompress?: boolean;
  use_netrc?: boolean;
  unredirected_headers?: string[];
}

/** `userAlias`: uri calls url_username `user`, get_url calls it `username`. */
export const urlProperties = (userAlias: string): Record<string, JSONSchema> => ({
  url: { type: 'string', description: 'HTTP or HTTPS URL, requested from the target host.' },
  force: { type: 'boolean', default: false, description: 'Send cache-control: no-cache (get_url: download every time).' },
  http_agent: { type: 'string', default: 'ansible-httpget', description: 'The User-agent header.' },
  use_proxy: { type: 'boolean', default: true, description: 'Accepted; pgplay connects directly (the target\'s proxy variables are not read).' },
  validate_certs: { type: 'boolean', default: true, description: 'Verify the server certificate.' },
  url_username: { type: 'string', 'x-aliases': [userAlias], description: 'User name for HTTP basic authentication.' },
  url_password: { type: 'string', 'x-aliases': ['password'], 'x-no-log': true, description: 'Password for HTTP basic authentication.' },
  force_basic_auth: { type: 'boolean', default: false, description: 'Send the Authorization header with the first request.' },
  client_cert: { type: 'string', 'x-type': 'path', description: 'PEM client certificate on the target (may hold the key too).' },
  client_key: { type: 'string', 'x-type': 'path', description: 'PEM client key on the target.' },
  use_gssapi: { type: 'boolean', default: false, enum: [false], description: 'GSSAPI authentication (not supported by pgplay yet: only false is accepted).' },
  timeout: { type: 'integer', description: 'Socket timeout in seconds.' },
  headers: { type: 'object', description: 'Request headers.' },
  decompress: { type: 'boolean', default: true, description: 'Decode gzip responses.' },
  use_netrc: { type: 'boolean', default: true, description: 'Accepted; pgplay does not read ~/.netrc on the target.' },
  unredirected_headers: { type: 'array', items: { type: 'string' }, default: [], description: 'Headers not sent again after a redirect.' },
  ciphers: { type: 'array', items: { type: 'string' }, 'x-unsupported': 'ciphers is not supported by pgplay yet' },
});

/** Reads a target file the module needs (ca_path, client_cert …); ansible's errors when it is missing. */
async function targetFile(ctx: ModuleContext, path: string | undefined, what: string): Promise<Buffer | undefined> {
  if (!path) return undefined;
  const data = await ctx.host.readFile(path);
  if (data === null) throw new ModuleFailure(`${what} ${path} does not exist or is not readable`);
  return data;
}

export async function httpOptions(ctx: ModuleContext, a: UrlArgs, extra: { method: string; body?: Buffer; followRedirects: string; lastModified?: Date; defaultTimeout: number }): Promise<HttpOptions> {
  const [ca, clientCert, clientKey] = await Promise.all([
    targetFile(ctx, a.ca_path, 'ca_path'), targetFile(ctx, a.client_cert, 'client_cert'), targetFile(ctx, a.client_key, 'client_key'),
  ]);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.headers ?? {})) headers[k] = String(v);
  return {
    method: extra.method, headers, ...(extra.body !== undefined ? { body: extra.body } : {}),
    timeoutS: a.timeout ?? extra.defaultTimeout, followRedirects: extra.followRedirects, validateCerts: a.validate_certs !== false,
    ...(ca ? { ca } : {}), ...(clientCert ? { clientCert, clientKey: clientKey ?? clientCert } : {}),
    ...(a.url_username ? { username: a.url_username, password: a.url_password ?? '' } : {}),
    forceBasicAuth: a.force_basic_auth === true, httpAgent: a.http_agent ?? 'ansible-httpget', decompress: a.decompress !== false,
    ...(a.force ? { force: true } : {}), ...(extra.lastModified ? { lastModified: extra.lastModified } : {}), signal: ctx.signal,
  };
}

/** Python's repr of a list of ints: [200, 201]. */
export function pyIntList(xs: number[]): string {
  return `[${xs.join(', ')}]`;
}
