/**
 * TCP connections "from the target": ansible's network modules (uri, get_url, wait_for) run on the
 * target, so `localhost` there is the target itself. pgplay's modules run on the controller, so the
 * connection opens where ansible's would: over SSH as a direct-tcpip channel the target's sshd
 * connects (the same forwarding ProxyJump uses), on the local connection as a socket from here.
 * Every address passes the network guard first: on the local connection the controller resolves
 * the name; over SSH, when the guard is on, the target resolves it (`getent ahosts`) and the
 * channel is opened to the checked address, so a name never leads where the guard did not look.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { allowedNets, assertAddressAllowed, resolveAllowed, NetworkGuardError } from './net-guard.js';

/** A TCP connection that could not be made; `code` is the errno name (ECONNREFUSED, ETIMEDOUT …). */
export class TcpConnectError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'TcpConnectError';
  }
}

export interface OpenTcpOptions {
  /** Gives up (ETIMEDOUT) when the connection is not made within this time. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'timed out', ECONNRESET: 'Connection reset by peer', ENOTFOUND: 'Name or service not known',
};
const ERRNO: Record<string, number> = { ECONNREFUSED: 111, EHOSTUNREACH: 113, ENETUNREACH: 101, ECONNRESET: 104, ENOTFOUND: -2 };

/** Python's str() of the socket error for `code`, as ansible's messages embed it. */
export function pythonSocketError(code: string): string {
  if (code === 'ETIMEDOUT') return 'timed out';
  if (code === 'ENOTFOUND') return '[Errno -2] Name or service not known';
  const n = ERRNO[code];
  return n === undefined ? code : `[Errno ${n}] ${STRERROR[code]}`;
}

function tcpError(code: string, what: string): TcpConnectError {
  return new TcpConnectError(`${what}: ${STRERROR[code] ?? code}`, code);
}

/** A socket from the controller to host:port (the local connection). */
export async function openLocalTcp(host: string, port: number, opts: OpenTcpOptions = {}): Promise<Duplex> {
  let address: string;
  try {
    address = await resolveAllowed(host, `a connection to ${host} port ${port}`);
  } catch (e) {
    if (e instanceof NetworkGuardError) throw e;
    throw tcpError('ENOTFOUND', `cannot resolve ${host}`);
  }
  return new Promise((resolve, reject) => {
    const sock: Socket = netConnect({ host: address, port });
    const timer = opts.timeoutMs ? setTimeout(() => fail('ETIMEDOUT'), opts.timeoutMs) : undefined;
    const onAbort = () => fail('ETIMEDOUT');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    function fail(code: string) {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.destroy();
      reject(tcpError(code, `connect to ${host} port ${port}`));
    }
    sock.once('connect', () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(sock);
    });
    sock.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'ECONNREFUSED'));
  });
}

/** What the SSH side needs: a forwarded channel, and a command to resolve names on the target. */
export interface ForwardingHost {
  forward(address: string, port: number): Promise<Duplex>;
  resolveOnTarget(name: string): Promise<string[]>;
  readonly hostLabel: string;
}

/** A direct-tcpip channel: the target's sshd connects to host:port. */
export async function openForwardedTcp(via: ForwardingHost, host: string, port: number, opts: OpenTcpOptions = {}): Promise<Duplex> {
  const what = `a connection from ${via.hostLabel} to ${host} port ${port}`;
  let addresses = [host];
  if (isIP(host)) assertAddressAllowed(host, what);
  else if (allowedNets()) {
    addresses = await via.resolveOnTarget(host);
    if (addresses.length === 0) throw tcpError('ENOTFOUND', `cannot resolve ${host}`);
    for (const a of addresses) assertAddressAllowed(a, `${what} (${host} resolves to ${a})`);
  }
  // socket.create_connection tries each address in turn; so do we, up to the last one's error.
  const open = (async () => {
    for (let i = 0; ; i++) {
      try {
        return await via.forward(addresses[i]!, port);
      } catch (e) {
        const err = forwardError(e as Error & { reason?: number | string }, host, port, via.hostLabel);
        if (i + 1 >= addresses.length || !(err instanceof TcpConnectError) || err.code === 'EFORWARDING') throw err;
      }
    }
  })();
  if (!opts.timeoutMs && !opts.signal) return open;
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = opts.timeoutMs ? setTimeout(() => give('ETIMEDOUT'), opts.timeoutMs) : undefined;
    const onAbort = () => give('ETIMEDOUT');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    function give(code: string) {
      if (settled) return;
      settled = true;
      reject(tcpError(code, `connect to ${host} port ${port}`));
      // A channel that opens after we gave up is closed at once.
      open.then((s) => s.destroy(), () => undefined);
    }
    open.then((s) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (settled) return s.destroy();
      settled = true;
      resolve(s);
    }, (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!settled) {
        settled = true;
        reject(e);
      }
    });
  });
}

/** sshd's open-failure texts mapped to errno names; an administrative refusal says what to change. */
function forwardError(e: Error & { reason?: number | string }, host: string, port: number, label: string): Error {
  if (e.name === 'UnreachableError' || e instanceof NetworkGuardError) return e;
  const text = e.message.replace(/^\(SSH\) Channel open failure: ?/, '');
  // SSH2_OPEN_ADMINISTRATIVELY_PROHIBITED (AllowTcpForwarding no, PermitOpen, a forced command).
  if (e.reason === 1) {
    return new TcpConnectError(`the SSH server of ${label} refused to open a TCP connection to ${host} port ${port} (${text || 'administratively prohibited'}): pgplay's network modules connect from the target through SSH forwarding; allow it in sshd_config (AllowTcpForwarding yes / local, PermitOpen)`, 'EFORWARDING');
  }
  if (/refused/i.test(text)) return tcpError('ECONNREFUSED', `connect to ${host} port ${port}`);
  if (/no route/i.test(text)) return tcpError('EHOSTUNREACH', `connect to ${host} port ${port}`);
  if (/unreachable/i.test(text)) return tcpError('ENETUNREACH', `connect to ${host} port ${port}`);
  if (/timed out/i.test(text)) return tcpError('ETIMEDOUT', `connect to ${host} port ${port}`);
  if (/name or service|getaddrinfo|not known/i.test(text)) return tcpError('ENOTFOUND', `cannot resolve ${host}`);
  return new TcpConnectError(`connect to ${host} port ${port}: ${text}`, 'ECONNREFUSED');
}
