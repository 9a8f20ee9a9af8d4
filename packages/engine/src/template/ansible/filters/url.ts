/** urlsplit (urllib.parse.urlsplit as a dict) and urldecode (unquote_plus). */
import type { FilterFn } from '../../types.js';
import { pyTypeName } from '../../../values/py.js';
import { arg, filterError, toText, typeError } from '../util.js';
import { pyRuntimeError } from '../../errors.js';

export interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

/** urllib.parse.urlsplit (Python 3.11 rules). */
export function urlsplit(input: string): SplitUrl {
  let url = input.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const i = url.indexOf(':');
  if (i > 0 && /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  if (url.startsWith('//')) {
    const m = /[/?#]/.exec(url.slice(2));
    const end = m ? m.index + 2 : url.length;
    netloc = url.slice(2, end);
    url = url.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw pyRuntimeError('ValueError', 'Invalid IPv6 URL');
  }
  if (url.includes('#')) [url, fragment] = [url.slice(0, url.indexOf('#')), url.slice(url.indexOf('#') + 1)];
  if (url.includes('?')) [url, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  return { scheme, netloc, path: url, query, fragment };
}

function hostinfo(netloc: string): { hostname: string | null; port: number | null; username: string | null; password: string | null } {
  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : null;
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc;
  let username: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const c = userinfo.indexOf(':');
    [username, password] = c >= 0 ? [userinfo.slice(0, c), userinfo.slice(c + 1)] : [userinfo, null];
  }
  let host = hostport;
  let portText: string | null = null;
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(hostport);
  if (bracket) [host, portText] = [bracket[1]!, bracket[2] ?? null];
  else if (hostport.includes(':')) [host, portText] = [hostport.slice(0, hostport.indexOf(':')), hostport.slice(hostport.indexOf(':') + 1)];
  let port: number | null = null;
  if (portText) {
    if (!/^\d+$/.test(portText)) throw pyRuntimeError('ValueError', `Port could not be cast to integer value as '${portText}'`);
    port = Number(portText);
    if (port > 65535) throw pyRuntimeError('ValueError', 'Port out of range 0-65535');
  }
  return { hostname: host ? host.toLowerCase() : null, port, username, password };
}

const urlsplitFilter: FilterFn = (_ctx, value, args, kwargs) => {
  const query = toText(arg(args, kwargs, 0, 'query', ''));
  const s = urlsplit(toText(value));
  const h = hostinfo(s.netloc);
  const results: Record<string, unknown> = { fragment: s.fragment, hostname: h.hostname, netloc: s.netloc, password: h.password, path: s.path, port: h.port, query: s.query, scheme: s.scheme, username: h.username };
  if (!query) return results;
  if (!Object.hasOwn(results, query)) throw filterError(`urlsplit: unknown URL component: ${query}`);
  return results[query];
};

/** urllib.parse.unquote_plus: '+' is a space, %XX sequences are UTF-8 (invalid bytes become U+FFFD). */
export function unquotePlus(s: string): string {
  const text = s.replace(/\+/g, ' ');
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    return new TextDecoder('utf-8').decode(bytes);
  });
}

const urldecode: FilterFn = (_ctx, value) => {
  if (typeof value !== 'string') throw typeError(`'${pyTypeName(value)}' object has no attribute 'replace'`);
  return unquotePlus(value);
};

export const urlFilters: Record<string, FilterFn> = { urlsplit: urlsplitFilter, urldecode };
